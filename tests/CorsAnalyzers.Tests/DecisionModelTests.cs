using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

/// <summary>
/// The shapes the one model of origin decisions (Knowledge/Guards, OriginMatches, OriginEchoes, CorsPolicies) must know,
/// each a reporting test beside a near-twin that stays silent. A match or test matters only where it decides a decision:
/// an Access-Control-Allow-Origin write, an origin put into a policy, a predicate's answer.
/// </summary>
public sealed class DecisionModelTests
{
    private static string Cors003(string code, string slipThrough) => $"'{code}' also accepts {slipThrough}";

    private const string EveryOrigin = "so every site can send credentialed requests and read the responses";

    private static string Cors002(string anyOrigin, string credentials, string consequence = EveryOrigin)
        => $"'{anyOrigin}' allows any origin while '{credentials}' allows credentials, {consequence}";

    /// <summary>ASP.NET Core refuses a policy whose origins are exactly ["*"] with credentials: CorsPolicyBuilder.Build() throws.</summary>
    private static string AtStartUp(string method) => $"which ASP.NET Core refuses: Build() throws InvalidOperationException at start-up, when '{method}' builds the policy";

    private static string Cors005(string code)
        => $"'{code}' writes a per-request Access-Control-Allow-Origin without 'Vary: Origin', so a cache can serve one origin's response to another";

    private static ProjectBuilder Build<TAnalyzer>(string source)
        where TAnalyzer : CorsAnalyzers.Dispatch.CorsRule, new()
        => ProjectBuilder.Create().WithAnalyzer<TAnalyzer>().WithSource(source);

    private static string Echo(string fields, string condition) => $$"""
        class CorsMiddleware
        {
            {{fields}}

            public void Invoke(HttpContext context)
            {
                var origin = context.Request.Headers.Origin.ToString();
                if ({{condition}})
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                    context.Response.Headers.Vary = "Origin";
                }
            }
        }
        """;

    // ------------------------------------------------------------------ joined lists: substring lookups in both directions

    [Theory]
    [InlineData("private const string Allowed = \"https://a.com,https://b.com\";", "[|Allowed.Contains(origin)|]", "Allowed.Contains(origin)", "https://a.co")]
    [InlineData("private readonly string _joined = \"https://app.contoso.com;https://b.com\";", "[|_joined.IndexOf(origin)|] >= 0", "_joined.IndexOf(origin)", "https://app.contoso.co")]
    [InlineData("private string Configured { get; set; } = \"\";", "[|Configured.Contains(origin)|]", "Configured.Contains(origin)", "any origin that is part of the joined text, such as an entry cut short to another domain")]
    public Task Joined_list_lookup_of_the_origin_is_a_substring_match(string fields, string condition, string code, string slipThrough)
        => Build<OriginSubstringMatchRule>(Echo(fields, condition)).ShouldReportMessages(Cors003(code, slipThrough)).ValidateAsync();

    [Theory]
    [InlineData("private static readonly List<string> Allowed = new() { \"https://a.com\", \"https://b.com\" };", "Allowed.Contains(origin)")]
    [InlineData("private static readonly string[] Allowed = { \"https://a.com\" };", "Allowed.Contains(origin)")]
    [InlineData("private static readonly string[] Allowed = { \"https://a.com\" };", "Array.IndexOf(Allowed, origin) >= 0")]
    [InlineData("private const string Allowed = \"https://a.com,https://b.com\";", "Allowed.Split(',').Contains(origin)")]
    public Task Collection_lookup_of_the_origin_is_exact(string fields, string condition)
        => Build<OriginSubstringMatchRule>(Echo(fields, condition)).ValidateAsync();

    // ------------------------------------------------------------------ a match counts only where it decides

    [Fact]
    public Task Match_that_guards_the_echo_is_reported()
        => Build<OriginSubstringMatchRule>(Echo("", "[|origin.EndsWith(\"contoso.com\")|]"))
            .ShouldReportMessages(Cors003("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com")).ValidateAsync();

    [Fact]
    public Task Match_that_is_logged_kept_unused_or_decides_a_redirect_is_silent()
        => Build<OriginSubstringMatchRule>("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void Invoke(HttpContext context, ILogger logger)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    logger.LogInformation("From contoso: {Flag}", origin.EndsWith("contoso.com"));
                    var unused = origin.StartsWith("https://app");
                    if (origin.Contains("partner"))
                    {
                        context.Response.Redirect("/partners");
                    }

                    if (Allowed.Contains(origin))
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Match_through_a_bool_local_and_an_early_exit_is_reported()
        => Build<OriginSubstringMatchRule>("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    var trusted = [|origin.EndsWith("contoso.com")|];
                    if (!trusted)
                    {
                        return;
                    }

                    context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                    context.Response.Headers.Vary = "Origin";
                }
            }
            """).ShouldReportMessages(Cors003("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com")).ValidateAsync();

    [Fact]
    public Task Match_in_a_predicate_that_does_not_decide_the_answer_is_silent()
        => Build<OriginSubstringMatchRule>("""
            class Startup
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void ConfigureServices(IServiceCollection services, ILogger logger)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy.SetIsOriginAllowed(origin =>
                    {
                        logger.LogDebug("Contoso: {Flag}", origin.EndsWith("contoso.com"));
                        return Allowed.Contains(origin);
                    })));
            }
            """).ValidateAsync();

    // ------------------------------------------------------------------ the parts of a condition are judged together

    [Fact]
    public Task Conjunction_is_reported_once_at_the_part_whose_example_passes_the_whole_condition()
        => Build<OriginSubstringMatchRule>("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => origin.StartsWith("https://") && [|origin.EndsWith("contoso.com")|])));
            }
            """).ShouldReportMessages(Cors003("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com")).ValidateAsync();

    [Fact]
    public Task Conjunction_with_a_precise_part_is_silent()
        => Build<OriginSubstringMatchRule>("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => origin.StartsWith("https://") && origin.EndsWith(".contoso.com"))));
            }
            """).ValidateAsync();

    // ------------------------------------------------------------------ CorsPolicy.IsOriginAllowed is a predicate too

    [Fact]
    public Task IsOriginAllowed_assignment_is_judged_like_SetIsOriginAllowed()
        => Build<OriginSubstringMatchRule>("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class Policies
            {
                public CorsPolicy Create()
                {
                    var policy = new CorsPolicy { SupportsCredentials = true };
                    policy.IsOriginAllowed = origin => [|origin.EndsWith("contoso.com")|];
                    return policy;
                }
            }
            """).ShouldReportMessages(Cors003("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com")).ValidateAsync();

    [Fact]
    public Task IsOriginAllowed_with_a_dotted_suffix_is_silent()
        => Build<OriginSubstringMatchRule>("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class Policies
            {
                public CorsPolicy Create() => new CorsPolicy { IsOriginAllowed = origin => origin.EndsWith(".contoso.com") };
            }
            """).ValidateAsync();

    // ------------------------------------------------------------------ regular expressions

    [Fact]
    public Task Regex_anchored_with_an_optional_port_group_is_silent()
        => Build<OriginSubstringMatchRule>("""
            using System.Text.RegularExpressions;

            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => Regex.IsMatch(origin, @"^https://([a-z]+\.)?contoso\.com(:\d+)?$"))));
            }
            """).ValidateAsync();

    [Fact]
    public Task Regex_without_its_end_anchor_is_reported()
        => Build<OriginSubstringMatchRule>("""
            using System.Text.RegularExpressions;

            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => [|Regex.IsMatch(origin, @"^https://([a-z]+\.)?contoso\.com(:\d+)?")|])));
            }
            """).ShouldReportMessages(Cors003("Regex.IsMatch(origin, @\"^https://([a-z]+\\.)?contoso\\.com(:\\d+)?\")", "https://a.contoso.com.evil.net")).ValidateAsync();

    // ------------------------------------------------------------------ values reaching a policy through ?? and ?:

    [Theory]
    [InlineData("configured ?? new[] { \"*\" }")]
    [InlineData("useAny ? new[] { \"*\" } : configured!")]
    public Task Any_origin_branch_with_credentials_is_reported(string origins)
        => Build<AnyOriginWithCredentialsRule>($$"""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services, string[]? configured, bool useAny)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .{|CORS002#c:WithOrigins({{origins}})|}
                        .{|+c:AllowCredentials()|}));
            }
            """).ShouldReportMessages(Cors002($"WithOrigins({origins})", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Theory]
    [InlineData("configured ?? new[] { \"https://app.contoso.com\" }")]
    [InlineData("useAny ? new[] { \"*\", \"https://app.contoso.com\" } : configured!")]
    public Task Exact_branches_with_credentials_are_silent(string origins)
        => Build<AnyOriginWithCredentialsRule>($$"""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services, string[]? configured, bool useAny)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .WithOrigins({{origins}})
                        .AllowCredentials()));
            }
            """).ValidateAsync();

    [Fact]
    public Task Any_origin_through_a_local_set_by_a_conditional_is_reported()
        => Build<AnyOriginWithCredentialsRule>("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services, bool development)
                {
                    var origins = development ? new[] { "*" } : new[] { "https://app.contoso.com" };
                    services.AddCors(options => options.AddPolicy("web", policy => policy.{|CORS002#c:WithOrigins(origins)|}.{|+c:AllowCredentials()|}));
                }
            }
            """).ShouldReportMessages(Cors002("WithOrigins(origins)", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    // ------------------------------------------------------------------ always-true disjuncts

    [Theory]
    [InlineData("origin => env.IsDevelopment() || Allowed.Contains(origin)")]
    [InlineData("origin => { if (env.IsDevelopment()) return true; return Allowed.Contains(origin); }")]
    public Task Predicate_true_for_every_origin_on_some_path_with_credentials_is_reported(string predicate)
        => Build<AnyOriginWithCredentialsRule>($$"""
            class Startup
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void ConfigureServices(IServiceCollection services, IWebHostEnvironment env)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .{|CORS002#c:SetIsOriginAllowed({{predicate}})|}
                        .{|+c:AllowCredentials()|}));
            }
            """).ShouldReportMessages(Cors002($"SetIsOriginAllowed({predicate})", "AllowCredentials()")).ValidateAsync();

    [Theory]
    [InlineData("origin => env.IsDevelopment() && Allowed.Contains(origin)")]
    [InlineData("origin => { if (origin.Length == 0) return false; return Allowed.Contains(origin); }")]
    [InlineData("origin => { if (Allowed.Contains(origin)) return true; return false; }")]
    [InlineData("origin => { var host = new Uri(origin).Host; return host == \"localhost\" || Allowed.Contains(origin); }")]
    [InlineData("origin => origin is string text && (text == \"https://b.com\" || Allowed.Contains(text))")]
    public Task Predicate_whose_every_yes_reads_the_origin_is_silent(string predicate)
        => Build<AnyOriginWithCredentialsRule>($$"""
            class Startup
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void ConfigureServices(IServiceCollection services, IWebHostEnvironment env)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed({{predicate}})
                        .AllowCredentials()));
            }
            """).ValidateAsync();

    // ------------------------------------------------------------------ header writes and Vary through every response API

    [Fact]
    public Task Typed_response_headers_write_is_an_echo()
        => Build<OriginReflectionRule>("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                    => context.Response.GetTypedHeaders().Append("Access-Control-Allow-Origin", [|context.Request.Headers.Origin.ToString()|]);
            }
            """).ShouldReportMessages("'context.Request.Headers.Origin.ToString()' echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed").ValidateAsync();

    [Fact]
    public Task Typed_response_headers_write_of_a_constant_is_silent()
        => Build<OriginReflectionRule>("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                    => context.Response.GetTypedHeaders().Append("Access-Control-Allow-Origin", "https://app.contoso.com");
            }
            """).ValidateAsync();

    private static string Handler(string vary) => $$"""
        class CorsHandler : DelegatingHandler
        {
            private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (request.Headers.TryGetValues("Origin", out var values) && values.FirstOrDefault() is string origin && Allowed.Contains(origin))
                {
                    {{vary}}
                }

                return response;
            }
        }
        """;

    [Fact]
    public Task HttpResponseMessage_echo_with_Vary_Add_is_silent()
        => Build<MissingVaryOriginRule>(Handler("response.Headers.Add(\"Access-Control-Allow-Origin\", origin);\n            response.Headers.Vary.Add(\"Origin\");")).ValidateAsync();

    [Fact]
    public Task HttpResponseMessage_echo_without_Vary_is_reported()
        => Build<MissingVaryOriginRule>(Handler("[|response.Headers.Add(\"Access-Control-Allow-Origin\", origin)|];\n            response.Headers.Vary.Add(\"Accept-Encoding\");"))
            .ShouldReportMessages(Cors005("response.Headers.Add(\"Access-Control-Allow-Origin\", origin)")).ValidateAsync();

    // ------------------------------------------------------------------ per request means from the request

    [Theory]
    [InlineData("new StringValues(\"*\")")]
    [InlineData("new SV(new[] { \"https://a.com\", \"https://b.com\" })")]
    [InlineData("new string('*', 1)")]
    [InlineData("Star")]
    [InlineData("context.Request.Scheme + \"://\" + context.Request.Host")]
    [InlineData("$\"{context.Request.Scheme}://{context.Request.Host.Value}\"")]
    public Task Value_that_cannot_vary_with_the_Origin_needs_no_Vary(string value)
        => Build<MissingVaryOriginRule>($$"""
            using Microsoft.Extensions.Primitives;
            using SV = Microsoft.Extensions.Primitives.StringValues;

            class CorsMiddleware
            {
                private static readonly string Star = "*";

                public void Invoke(HttpContext context) => context.Response.Headers.AccessControlAllowOrigin = {{value}};
            }
            """).ValidateAsync();

    [Theory]
    [InlineData("new StringValues(origin)")]
    [InlineData("new SV(new[] { origin })")]
    public Task Origin_through_the_same_wrappers_still_needs_Vary(string value)
        => Build<MissingVaryOriginRule>($$"""
            using Microsoft.Extensions.Primitives;
            using SV = Microsoft.Extensions.Primitives.StringValues;

            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin))
                    {
                        [|context.Response.Headers.AccessControlAllowOrigin = {{value}}|];
                    }
                }
            }
            """).ShouldReportMessages(Cors005($"context.Response.Headers.AccessControlAllowOrigin = {value}")).ValidateAsync();

    // ------------------------------------------------------------------ "null" accepted by a switch in a predicate

    private static string NullPredicate(string members, string predicate) => $$"""
        class Startup
        {
            {{members}}

            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options => options.AddPolicy("web", policy => policy.SetIsOriginAllowed({{predicate}})));
        }
        """;

    [Fact]
    public Task Switch_arm_that_answers_yes_for_null_is_reported()
        => Build<NullOriginRule>(NullPredicate("", "origin => origin switch { \"https://a.com\" or [|\"null\"|] => true, _ => false }"))
            .ShouldReportMessages("'\"null\"' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file").ValidateAsync();

    /// <summary>The case label is in another member than the policy: reported at the step that reads it, with the label as additional location.</summary>
    [Fact]
    public Task Switch_case_for_null_in_a_method_given_as_predicate_is_reported_at_the_step()
        => Build<NullOriginRule>("""
            class Startup
            {
                private static bool Accepts(string origin) { switch (origin) { case "https://a.com": return true; case {|+0:"null"|}: return true; default: return false; } }

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy.{|CORS004#0:SetIsOriginAllowed(Accepts)|}));
            }
            """)
            .ShouldReportMessages("'\"null\"' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file").ValidateAsync();

    [Theory]
    [InlineData("private static bool Accepts(string origin) { switch (origin) { case \"https://a.com\": return true; case \"null\": return false; default: return false; } }", "Accepts")]
    [InlineData("", "origin => origin switch { \"https://a.com\" => true, \"null\" => false, _ => false }")]
    public Task Switch_arm_that_answers_no_for_null_is_silent(string members, string predicate)
        => Build<NullOriginRule>(NullPredicate(members, predicate)).ValidateAsync();

    // ------------------------------------------------------------------ per-request policies

    private static string Provider(string body) => $$"""
        using Microsoft.AspNetCore.Cors.Infrastructure;

        class PerRequestPolicies : ICorsPolicyProvider
        {
            private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

            public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
            {
                var origin = context.Request.Headers.Origin.ToString();
                {{body}}
            }
        }
        """;

    private const string Cors001Message = "echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed";

    [Theory]
    [InlineData("return Task.FromResult<CorsPolicy?>(new CorsPolicyBuilder().WithOrigins([|origin|]).Build());")]
    [InlineData("var policy = new CorsPolicy(); policy.Origins.Add([|origin|]); return Task.FromResult<CorsPolicy?>(policy);")]
    public Task Request_Origin_copied_into_a_per_request_policy_is_reflection(string body)
        => Build<OriginReflectionRule>(Provider(body)).ShouldReportMessages($"'origin' {Cors001Message}").ValidateAsync();

    [Theory]
    [InlineData("if (!Allowed.Contains(origin)) return Task.FromResult<CorsPolicy?>(null); return Task.FromResult<CorsPolicy?>(new CorsPolicyBuilder().WithOrigins(origin).Build());")]
    [InlineData("var policy = new CorsPolicy(); if (Allowed.Contains(origin)) policy.Origins.Add(origin); return Task.FromResult<CorsPolicy?>(policy);")]
    public Task Request_Origin_checked_exactly_before_a_per_request_policy_is_silent(string body)
        => Build<OriginReflectionRule>(Provider(body)).ValidateAsync();

    [Fact]
    public Task Request_Origin_in_a_per_request_policy_with_credentials_is_any_origin_with_credentials()
        => Build<AnyOriginWithCredentialsRule>(Provider(
                "return Task.FromResult<CorsPolicy?>(new CorsPolicyBuilder().{|CORS002#c:WithOrigins(origin)|}.{|+c:AllowCredentials()|}.Build());"))
            .ShouldReportMessages(Cors002("WithOrigins(origin)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task Checked_Origin_in_a_per_request_policy_with_credentials_is_silent()
        => Build<AnyOriginWithCredentialsRule>(Provider(
                "if (!Allowed.Contains(origin)) return Task.FromResult<CorsPolicy?>(null); return Task.FromResult<CorsPolicy?>(new CorsPolicyBuilder().WithOrigins(origin).AllowCredentials().Build());"))
            .ValidateAsync();

    // ------------------------------------------------------------------ patterns and suffixes known only at run time

    private static string RuntimePredicate(string predicate) => $$"""
        using System.Text.RegularExpressions;

        class Startup
        {
            public void ConfigureServices(IServiceCollection services, string pattern, Uri site)
                => services.AddCors(options => options.AddPolicy("web", policy => policy.SetIsOriginAllowed(origin => {{predicate}})));
        }
        """;

    [Theory]
    [InlineData("Regex.IsMatch(origin, pattern)")]
    [InlineData("new Regex(pattern.Replace(\"*\", \".*\")).IsMatch(origin)")]
    [InlineData("Regex.IsMatch(origin, \"^\" + pattern)")]
    public Task Runtime_pattern_without_both_anchors_is_reported(string predicate)
        => Build<OriginSubstringMatchRule>(RuntimePredicate($"[|{predicate}|]"))
            .ShouldReportMessages(Cors003(predicate, "any origin that only contains a match of the pattern, such as a domain an attacker registers with it as a subdomain")).ValidateAsync();

    [Theory]
    [InlineData("Regex.IsMatch(origin, \"^\" + pattern + \"$\")")]
    [InlineData("Regex.IsMatch(origin, $\"^{pattern}$\")")]
    [InlineData("new Uri(origin).Host.EndsWith(\".\" + site.Host)")]
    public Task Runtime_pattern_anchored_at_both_ends_or_a_dotted_suffix_is_silent(string predicate)
        => Build<OriginSubstringMatchRule>(RuntimePredicate(predicate)).ValidateAsync();

    // ------------------------------------------------------------------ Vary per response path

    [Fact]
    public Task Vary_in_a_sibling_endpoint_does_not_cover_another_endpoint()
        => Build<MissingVaryOriginRule>("""
            class Endpoints
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void Map(WebApplication app)
                {
                    app.MapGet("/a", (HttpContext context) =>
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        if (Allowed.Contains(origin))
                        {
                            [|context.Response.Headers.AccessControlAllowOrigin = origin|];
                        }

                        return "a";
                    });
                    app.MapGet("/b", (HttpContext context) =>
                    {
                        context.Response.Headers.Vary = "Origin";
                        return "b";
                    });
                }
            }
            """).ShouldReportMessages(Cors005("context.Response.Headers.AccessControlAllowOrigin = origin")).ValidateAsync();

    [Fact]
    public Task Vary_in_the_same_endpoint_or_its_OnStarting_callback_covers_it()
        => Build<MissingVaryOriginRule>("""
            class Endpoints
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void Map(WebApplication app)
                {
                    app.MapGet("/a", (HttpContext context) =>
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        if (Allowed.Contains(origin))
                        {
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                        }

                        context.Response.OnStarting(() =>
                        {
                            context.Response.Headers.Append("Vary", "Origin");
                            return Task.CompletedTask;
                        });
                        return "a";
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Vary_in_the_other_branch_does_not_cover_the_write()
        => Build<MissingVaryOriginRule>("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin))
                    {
                        [|context.Response.Headers.AccessControlAllowOrigin = origin|];
                    }
                    else
                    {
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            }
            """).ShouldReportMessages(Cors005("context.Response.Headers.AccessControlAllowOrigin = origin")).ValidateAsync();

    [Fact]
    public Task Echo_behind_an_exact_or_anchored_check_still_needs_Vary()
        => Build<MissingVaryOriginRule>("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin) || origin.StartsWith("http://localhost:"))
                    {
                        [|context.Response.Headers.AccessControlAllowOrigin = origin|];
                    }
                }
            }
            """).ShouldReportMessages(Cors005("context.Response.Headers.AccessControlAllowOrigin = origin")).ValidateAsync();

    [Fact]
    public Task Echo_behind_a_substring_check_is_CORS003s_finding_not_CORS005s()
        => Build<MissingVaryOriginRule>("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin) || origin.EndsWith("contoso.com"))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                    }
                }
            }
            """).ValidateAsync();

    // ------------------------------------------------------------------ header collections held in a local or given to a helper

    [Theory]
    [InlineData("var headers = context.Response.Headers; headers[\"Access-Control-Allow-Origin\"] = [|context.Request.Headers[\"Origin\"]|];", "context.Request.Headers[\"Origin\"]")]
    [InlineData("AddCors(context.Response.Headers, context.Request.Headers[\"Origin\"]!);", "origin")]
    public Task HttpListener_headers_in_a_local_or_a_helper_parameter_are_written_to(string body, string code)
        => Build<OriginReflectionRule>($$"""
            using System.Collections.Specialized;
            using System.Net;

            class Listener
            {
                private static void AddCors(NameValueCollection headers, string origin) => headers["Access-Control-Allow-Origin"] = {{(code == "origin" ? "[|origin|]" : "origin")}};

                public void Handle(HttpListenerContext context)
                {
                    {{body}}
                }
            }
            """).ShouldReportMessages($"'{code}' {Cors001Message}").ValidateAsync();

    [Theory]
    [InlineData("if (Allowed.Contains(origin)) { AddCors(context.Response.Headers, origin); }", "headers[\"Access-Control-Allow-Origin\"] = origin;")]
    [InlineData("AddCors(context.Response.Headers, origin);", "if (Allowed.Contains(origin)) { headers[\"Access-Control-Allow-Origin\"] = origin; }")]
    [InlineData("AddCors(context.Response.Headers, \"https://a.com\");", "headers[\"Access-Control-Allow-Origin\"] = origin;")]
    public Task Helper_given_a_checked_origin_or_a_constant_is_silent(string call, string helperBody)
        => Build<OriginReflectionRule>($$"""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.com" };

                private static void AddCors(IHeaderDictionary headers, string origin)
                {
                    {{helperBody}}
                    headers["Vary"] = "Origin";
                }

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    {{call}}
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Helper_given_the_unchecked_origin_reflects_it()
        => Build<OriginReflectionRule>("""
            class CorsMiddleware
            {
                private static void AddCors(IHeaderDictionary headers, string origin)
                {
                    headers["Access-Control-Allow-Origin"] = [|origin|];
                    headers["Vary"] = "Origin";
                }

                public void Invoke(HttpContext context) => AddCors(context.Response.Headers, context.Request.Headers.Origin.ToString());
            }
            """).ShouldReportMessages($"'origin' {Cors001Message}").ValidateAsync();

    // ------------------------------------------------------------------ a "null" test counts only on the way to a yes

    [Theory]
    [InlineData("origin => { if (origin == \"null\") return false; return Allowed.Contains(origin); }")]
    [InlineData("origin => origin != \"null\" && Allowed.Contains(origin)")]
    [InlineData("origin => origin == \"NULL\" || Allowed.Contains(origin)")]
    public Task Null_test_that_denies_or_cannot_match_is_silent(string predicate)
        => Build<NullOriginRule>(NullPredicate("private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { \"https://a.com\" };", predicate)).ValidateAsync();

    [Theory]
    [InlineData("origin => { if (origin == [|\"null\"|]) return true; return Allowed.Contains(origin); }", "\"null\"")]
    [InlineData("origin => string.Equals(origin, [|\"NULL\"|], StringComparison.OrdinalIgnoreCase) || Allowed.Contains(origin)", "\"NULL\"")]
    public Task Null_test_on_the_way_to_a_yes_is_reported(string predicate, string code)
        => Build<NullOriginRule>(NullPredicate("private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { \"https://a.com\" };", predicate))
            .ShouldReportMessages($"'{code}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file").ValidateAsync();

    // ------------------------------------------------------------------ the Origin found by a LINQ lookup of the headers

    [Fact]
    public Task Origin_found_by_a_LINQ_lookup_is_the_Origin()
        => Build<OriginReflectionRule>("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.FirstOrDefault(h => h.Key == "Origin").Value.ToString();
                    context.Response.Headers["Access-Control-Allow-Origin"] = [|origin|];
                }
            }
            """).ShouldReportMessages($"'origin' {Cors001Message}").ValidateAsync();

    [Fact]
    public Task Another_header_found_by_a_LINQ_lookup_is_not()
        => Build<OriginReflectionRule>("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var host = context.Request.Headers.FirstOrDefault(h => h.Key == "X-Forwarded-Host").Value.ToString();
                    context.Response.Headers["Access-Control-Allow-Origin"] = host;
                }
            }
            """).ValidateAsync();

    // ------------------------------------------------------------------ a wildcard list compiled into regular expressions

    private static string WildcardList(string pattern, string match) => $$"""
        using System.Text.RegularExpressions;

        class Startup
        {
            public void ConfigureServices(IServiceCollection services, string[] wildcards)
            {
                var patterns = wildcards.Select(w => new Regex({{pattern}})).ToArray();
                services.AddCors(options => options.AddPolicy("web", policy => policy.SetIsOriginAllowed(origin => patterns.Any(r => {{match}}))));
            }
        }
        """;

    [Fact]
    public Task Wildcard_list_turned_into_unanchored_patterns_is_reported()
        => Build<OriginSubstringMatchRule>(WildcardList("Regex.Escape(w).Replace(\"\\\\*\", \".*\")", "[|r.IsMatch(origin)|]"))
            .ShouldReportMessages(Cors003("r.IsMatch(origin)", "any origin that only contains a match of the pattern, such as a domain an attacker registers with it as a subdomain")).ValidateAsync();

    [Fact]
    public Task Wildcard_list_turned_into_anchored_patterns_is_silent()
        => Build<OriginSubstringMatchRule>(WildcardList("\"^\" + Regex.Escape(w).Replace(\"\\\\*\", \"[a-z0-9-]+\") + \"$\"", "r.IsMatch(origin)")).ValidateAsync();

    // ------------------------------------------------------------------ a parameter bound to the Origin header

    [Theory]
    [InlineData("[FromHeader(Name = \"Origin\")] string origin")]
    [InlineData("[FromHeader] string origin")]
    public Task Parameter_bound_to_the_Origin_header_is_the_Origin(string parameter)
        => Build<OriginReflectionRule>($$"""
            using Microsoft.AspNetCore.Mvc;

            class Endpoints
            {
                public void Map(WebApplication app)
                    => app.MapGet("/", ({{parameter}}, HttpResponse response) => response.Headers.AccessControlAllowOrigin = [|origin|]);
            }
            """).ShouldReportMessages($"'origin' {Cors001Message}").ValidateAsync();

    [Theory]
    [InlineData("[FromHeader(Name = \"X-Tenant-Origin\")] string origin")]
    [InlineData("[FromQuery] string origin")]
    public Task Parameter_bound_to_another_value_is_not(string parameter)
        => Build<OriginReflectionRule>($$"""
            using Microsoft.AspNetCore.Mvc;

            class Endpoints
            {
                public void Map(WebApplication app)
                    => app.MapGet("/", ({{parameter}}, HttpResponse response) => response.Headers.AccessControlAllowOrigin = origin);
            }
            """).ValidateAsync();
}
