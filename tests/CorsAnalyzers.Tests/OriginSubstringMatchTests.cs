using System.Collections.Immutable;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace CorsAnalyzers.Tests;

public sealed class OriginSubstringMatchTests
{
    private const string SubdomainsKey = "cors_analyzers.CORS003.report_subdomain_wildcards";
    private const string SharedHostsKey = "cors_analyzers.CORS003.shared_hosting_domains";

    private static string Msg(string code, string slipThrough) => $"'{code}' also accepts {slipThrough}";

    private static ProjectBuilder Build(string source) => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithSource(source);

    /// <summary>A policy whose predicate is <c>origin => {body}</c>.</summary>
    private static string Predicate(string body) => $$"""
        using System.Text.RegularExpressions;

        class Startup
        {
            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options => options.AddPolicy("web", policy => policy
                    .SetIsOriginAllowed(origin => {{body}})
                    .AllowCredentials()));
        }
        """;

    private static string Unmark(string markup) => markup.Replace("[|", "").Replace("|]", "");

    // ------------------------------------------------------------------ string matching in predicates

    [Theory]
    [InlineData("[|origin.EndsWith(\"contoso.com\")|]", "https://evilcontoso.com")]
    [InlineData("[|origin.EndsWith(\"contoso.com\", StringComparison.OrdinalIgnoreCase)|]", "https://evilcontoso.com")]
    [InlineData("[|origin.EndsWith(\"localhost\")|]", "https://evillocalhost")]
    [InlineData("[|origin.EndsWith(\":3000\")|]", "https://evil.net:3000")]
    [InlineData("[|origin.EndsWith(\".vercel.app\")|]", "https://attacker.vercel.app")]
    [InlineData("[|origin.EndsWith(\".azurewebsites.net\")|]", "https://attacker.azurewebsites.net")]
    [InlineData("[|origin.EndsWith(\".blob.core.windows.net\")|]", "https://attacker.blob.core.windows.net")]
    [InlineData("[|origin.EndsWith(\".com\")|]", "https://attacker.com")]
    [InlineData("[|origin.EndsWith(\".co.uk\")|]", "https://attacker.co.uk")]
    [InlineData("[|origin.StartsWith(\"https://app.contoso.com\")|]", "https://app.contoso.com.evil.net")]
    [InlineData("[|origin.StartsWith(\"http://localhost\")|]", "http://localhost.evil.net")]
    [InlineData("[|origin.StartsWith(\"https://\")|]", "https://evil.net")]
    [InlineData("[|origin.StartsWith(\"https://app.\", StringComparison.Ordinal)|]", "https://app.evil.net")]
    [InlineData("[|origin.Contains(\"contoso.com\")|]", "https://contoso.com.evil.net")]
    [InlineData("[|origin.Contains(\".contoso.com\")|]", "https://attacker.contoso.com.evil.net")]
    [InlineData("[|origin.Contains(\"https://app.contoso.com\")|]", "https://app.contoso.com.evil.net")]
    [InlineData("[|origin.IndexOf(\"contoso.com\")|] >= 0", "https://contoso.com.evil.net")]
    [InlineData("[|origin.IndexOf(\"contoso.com\", StringComparison.OrdinalIgnoreCase)|] != -1", "https://contoso.com.evil.net")]
    [InlineData("[|origin.IndexOf(\"contoso.com\")|] > -1", "https://contoso.com.evil.net")]
    [InlineData("[|origin.ToLowerInvariant().EndsWith(\"contoso.com\")|]", "https://evilcontoso.com")]
    [InlineData("[|new Uri(origin).Host.EndsWith(\"contoso.com\")|]", "https://evilcontoso.com")]
    [InlineData("[|new Uri(origin).Authority.EndsWith(\"contoso.com:8443\")|]", "https://evilcontoso.com:8443")]
    [InlineData("[|new Uri(origin).Host.StartsWith(\"app.contoso.com\")|]", "https://app.contoso.com.evil.net")]
    [InlineData("Uri.TryCreate(origin, UriKind.Absolute, out var uri) && [|uri.Host.EndsWith(\"contoso.com\")|]", "https://evilcontoso.com")]
    [InlineData("Uri.TryCreate(origin, UriKind.Absolute, out var uri) && [|uri.Host.EndsWith(\".github.io\")|]", "https://attacker.github.io")]
    public Task Reports_an_inexact_string_match_in_a_predicate(string body, string slipThrough)
        => Build(Predicate(body)).ShouldReportMessages(Msg(Code(body), slipThrough)).ValidateAsync();

    [Theory]
    [InlineData("origin.EndsWith(\".contoso.com\")")]
    [InlineData("origin.EndsWith(\".contoso.com\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("new Uri(origin).Host.EndsWith(\".contoso.com\")")]
    [InlineData("Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Host.EndsWith(\".contoso.com\")")]
    [InlineData("origin.EndsWith(\"://contoso.com\")")]
    [InlineData("origin.StartsWith(\"http://localhost:\")")]
    [InlineData("origin.StartsWith(\"https://app.contoso.com:\")")]
    [InlineData("origin.StartsWith(\"https://contoso.com/\")")]
    [InlineData("new Uri(origin).Authority.StartsWith(\"localhost:\")")]
    [InlineData("origin.EndsWith('/')")]
    [InlineData("origin.Contains(':')")]
    [InlineData("origin.Substring(origin.IndexOf(\"://\") + 3) == \"contoso.com\"")]
    [InlineData("origin == \"https://app.contoso.com\" || origin == \"https://contoso.com\"")]
    [InlineData("new[] { \"https://a.contoso.com\" }.Contains(origin)")]
    [InlineData("new HashSet<string> { \"https://a.contoso.com\" }.Contains(origin) && origin.StartsWith(\"https://\")")]
    [InlineData("origin.StartsWith(\"https://\") && new HashSet<string> { \"https://a.contoso.com\" }.Contains(origin)")]
    public Task Does_not_report_a_precise_or_narrowed_match(string body)
        => Build(Predicate(body)).ValidateAsync();

    [Fact]
    public Task Reports_a_match_with_a_value_that_is_not_constant()
        => Build("""
            class Startup
            {
                static readonly string[] Allowed = { "contoso.com", "fabrikam.com" };

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => Allowed.Any(a => [|origin.EndsWith(a)|]) || Allowed.Any(x => [|origin.Contains(x)|]))));
            }
            """).ShouldReportMessages(
                Msg("origin.EndsWith(a)", "any origin that only ends with the compared text, such as a look-alike domain an attacker registers"),
                Msg("origin.Contains(x)", "any origin that contains the compared text anywhere, such as a domain an attacker registers with it as a subdomain"))
            .ValidateAsync();

    [Fact]
    public Task Reports_an_early_exit_match_but_not_one_after_an_exact_check()
        => Build("""
            class Startup
            {
                static readonly HashSet<string> Known = new() { "https://app.contoso.com" };

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("loose", policy => policy.SetIsOriginAllowed(origin =>
                        {
                            if (![|origin.StartsWith("https://app.contoso.com")|])
                            {
                                return false;
                            }

                            return true;
                        }));
                        options.AddPolicy("narrowed", policy => policy.SetIsOriginAllowed(origin =>
                        {
                            if (!Known.Contains(origin))
                            {
                                return false;
                            }

                            return origin.StartsWith("https://");
                        }));
                    });
            }
            """).ShouldReportMessages(Msg("origin.StartsWith(\"https://app.contoso.com\")", "https://app.contoso.com.evil.net")).ValidateAsync();

    // ------------------------------------------------------------------ every callable form

    [Fact]
    public Task Reports_inside_every_callable_form_given_to_SetIsOriginAllowed()
        => Build("""
            class Startup
            {
                private static readonly Func<string, bool> FieldCheck = o => [|o.StartsWith("https://partner")|];

                public void ConfigureServices(IServiceCollection services)
                {
                    bool IsLocal(string candidate) => [|candidate.StartsWith("http://localhost")|];
                    Func<string, bool> viaLocal = o => [|o.Contains("contoso")|];
                    services.AddCors(options =>
                    {
                        options.AddPolicy("a", policy => policy.SetIsOriginAllowed(IsAllowedOrigin));
                        options.AddPolicy("b", policy => policy.SetIsOriginAllowed(IsLocal));
                        options.AddPolicy("c", policy => policy.SetIsOriginAllowed(delegate (string value) { return [|value.EndsWith("fabrikam.com")|]; }));
                        options.AddPolicy("d", policy => policy.SetIsOriginAllowed(viaLocal));
                        options.AddPolicy("e", policy => policy.SetIsOriginAllowed(FieldCheck));
                    });
                }

                static bool IsAllowedOrigin(string origin) => [|origin.EndsWith("contoso.com")|];
            }
            """).ShouldReportMessages(
                Msg("o.StartsWith(\"https://partner\")", "https://partner.evil.net"),
                Msg("candidate.StartsWith(\"http://localhost\")", "http://localhost.evil.net"),
                Msg("o.Contains(\"contoso\")", "https://contoso.evil.net"),
                Msg("value.EndsWith(\"fabrikam.com\")", "https://evilfabrikam.com"),
                Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ValidateAsync();

    [Fact]
    public Task Reports_inside_a_validator_called_from_a_predicate_or_with_the_request_origin()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("a", policy => policy.SetIsOriginAllowed(o => IsPartner(o))));

                public void Configure(IApplicationBuilder app)
                    => app.Use(async (context, next) =>
                    {
                        string origin = context.Request.Headers.Origin;
                        if (IsTrusted(origin))
                        {
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                        }

                        await next();
                    });

                static bool IsPartner(string origin) => [|origin.EndsWith("partner.com")|];

                static bool IsTrusted(string candidate) => Check(candidate);

                static bool Check(string value) => [|value.StartsWith("https://trusted")|];
            }
            """).ShouldReportMessages(
                Msg("origin.EndsWith(\"partner.com\")", "https://evilpartner.com"),
                Msg("value.StartsWith(\"https://trusted\")", "https://trusted.evil.net"))
            .ValidateAsync();

    [Fact]
    public Task Does_not_report_string_helpers_that_never_see_an_origin()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("a", policy => policy.SetIsOriginAllowed(o => o == "https://contoso.com")));

                public void Configure(IApplicationBuilder app)
                    => app.Use(async (context, next) =>
                    {
                        if (IsImage(context.Request.Path.Value!) || IsBot(context.Request.Headers.UserAgent.ToString()))
                        {
                            return;
                        }

                        await next();
                    });

                static bool IsImage(string file) => file.EndsWith(".png") || file.Contains("images");

                static bool IsBot(string agent) => agent.StartsWith("Googlebot");

                static bool Unused(string origin) => origin.EndsWith("contoso.com");

                static bool HasMaps(string[] files) => files.Any(f => f.EndsWith(".map")) || files.Where(f => f.Contains("min")).Any();
            }
            """).ValidateAsync();

    // ------------------------------------------------------------------ the request's Origin in hand-written code

    [Fact]
    public Task Reports_a_match_on_the_request_origin_in_middleware()
        => Build("""
            class CorsMiddleware
            {
                private readonly RequestDelegate _next;

                public CorsMiddleware(RequestDelegate next) => _next = next;

                public Task InvokeAsync(HttpContext context)
                {
                    var origin = context.Request.Headers["Origin"].ToString();
                    if ([|origin.EndsWith("contoso.com")|] || [|origin.IndexOf("fabrikam", StringComparison.Ordinal)|] >= 0)
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                        context.Response.Headers["Vary"] = "Origin";
                    }

                    if (context.Request.Headers.TryGetValue("Origin", out var values) && [|values.ToString().StartsWith("http://localhost")|])
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = values;
                    }

                    return _next(context);
                }
            }
            """).ShouldReportMessages(
                Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"),
                Msg("origin.IndexOf(\"fabrikam\", StringComparison.Ordinal)", "https://fabrikam.evil.net"),
                Msg("values.ToString().StartsWith(\"http://localhost\")", "http://localhost.evil.net"))
            .ValidateAsync();

    [Fact]
    public Task Reports_a_subdomain_suffix_in_middleware_only_when_asked()
    {
        const string Source = """
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if ([|new Uri(origin).Host.EndsWith(".contoso.com")|])
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                    }
                }
            }
            """;
        return Task.WhenAll(
            Build(Unmark(Source)).ValidateAsync(),
            Build(Unmark(Source)).WithOptions($"{SubdomainsKey} = false").ValidateAsync(),
            Build(Source).WithOptions($"{SubdomainsKey} = true")
                .ShouldReportMessages(Msg("new Uri(origin).Host.EndsWith(\".contoso.com\")", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com"))
                .ValidateAsync());
    }

    // ------------------------------------------------------------------ regular expressions

    [Theory]
    [InlineData("[|Regex.IsMatch(origin, @\"contoso\\.com$\")|]", "https://evilcontoso.com")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://.*\\.contoso.com\")|]", "https://a.contoso.com.evil.net")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://app.contoso.com$\")|]", "https://appxcontoso.com")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://app\\.contoso\\.com\")|]", "https://app.contoso.com.evil.net")]
    [InlineData("[|Regex.IsMatch(origin, @\"https?://app\\.contoso\\.com\")|]", "https://app.contoso.com.evil.net")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://.*contoso\\.com$\")|]", "https://evilcontoso.com")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://[a-z0-9-]+\\.vercel\\.app$\", RegexOptions.IgnoreCase)|]", "https://attacker.vercel.app")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://a\\.contoso\\.com|https://b\\.contoso\\.com$\")|]", "https://a.contoso.com.evil.net")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://(www\\.)?contoso\\.[a-z]+$\")|]", "https://www.contoso.xyz")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://a{2}\\.contoso\\.com\")|]", "https://aa.contoso.com.evil.net")]
    [InlineData("[|new Regex(@\"^https://.*\\.contoso.com\").IsMatch(origin)|]", "https://a.contoso.com.evil.net")]
    [InlineData("[|Regex.Match(origin, \"contoso\")|].Success", "https://contoso.evil.net")]
    [InlineData("[|Regex.IsMatch(new Uri(origin).Host, @\"contoso\\.com$\")|]", "https://evilcontoso.com")]
    public Task Reports_an_unanchored_or_loose_pattern(string body, string slipThrough)
        => Build(Predicate(body)).ShouldReportMessages(Msg(Code(body), slipThrough)).ValidateAsync();

    [Theory]
    [InlineData("Regex.IsMatch(origin, @\"^https://app\\.contoso\\.com$\")")]
    [InlineData("Regex.IsMatch(origin, @\"\\Ahttps://app\\.contoso\\.com\\z\")")]
    [InlineData("Regex.IsMatch(origin, @\"^https://(app|admin)\\.contoso\\.com$\")")]
    [InlineData("Regex.IsMatch(origin, @\"^(?i)https://[a-z0-9-]+\\.contoso\\.com$\")")]
    [InlineData("Regex.IsMatch(origin, @\"^https://.*\\.contoso.com$\")")]
    [InlineData("Regex.IsMatch(origin, @\"^http://localhost:\\d+$\")")]
    [InlineData("Regex.IsMatch(origin, @\"^http://localhost:\\d+\")")]
    [InlineData("Regex.IsMatch(origin, @\"https://app\\.contoso\\.com$\")")]
    [InlineData("Regex.IsMatch(origin, @\"^https://(?=x)contoso\\.com\")")]
    [InlineData("Regex.IsMatch(origin, @\"^https://a{2}\\.contoso\\.com$\")")]
    public Task Does_not_report_an_anchored_pattern_or_one_it_cannot_read(string body)
        => Build(Predicate(body)).ValidateAsync();

    // A pattern known only at run time is unanchored unless provably anchored (DecisionModelTests has the anchored twins).
    [Fact]
    public Task Reports_a_pattern_read_at_run_time()
        => Build(Predicate("[|Regex.IsMatch(origin, Environment.GetEnvironmentVariable(\"ORIGIN_PATTERN\")!)|]"))
            .ShouldReportMessages(Msg("Regex.IsMatch(origin, Environment.GetEnvironmentVariable(\"ORIGIN_PATTERN\")!)", "any origin that only contains a match of the pattern, such as a domain an attacker registers with it as a subdomain"))
            .ValidateAsync();

    [Fact]
    public Task Reads_the_pattern_of_a_static_readonly_field_and_of_a_local()
        => Build("""
            using System.Text.RegularExpressions;

            class Startup
            {
                private static readonly Regex Loose = new(@"^https://app.contoso.com$", RegexOptions.Compiled);
                private static readonly Regex Strict = new Regex(@"^https://app\.contoso\.com$");

                public void ConfigureServices(IServiceCollection services)
                {
                    var local = new Regex(@"fabrikam\.com$");
                    services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => [|Loose.IsMatch(origin)|] || Strict.IsMatch(origin) || [|local.IsMatch(origin)|])));
                }
            }
            """).ShouldReportMessages(
                Msg("Loose.IsMatch(origin)", "https://appxcontoso.com"),
                Msg("local.IsMatch(origin)", "https://evilfabrikam.com"))
            .ValidateAsync();

    [Fact]
    public Task Reads_the_pattern_of_a_generated_regex()
        => Build("""
            using System.Text.RegularExpressions;

            partial class Startup
            {
                [GeneratedRegex(@"contoso\.com$")]
                private static partial Regex Partner();

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy.SetIsOriginAllowed(origin => [|Partner().IsMatch(origin)|])));
            }
            """).AllowCompilerErrors() // the test compilation has no regex source generator to implement Partner()
            .ShouldReportMessages(Msg("Partner().IsMatch(origin)", "https://evilcontoso.com"))
            .ValidateAsync();

    // ------------------------------------------------------------------ WithOrigins wildcards

    [Fact]
    public Task Reports_a_wildcard_entry_under_a_shared_host_or_public_suffix()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("fluent", policy => policy
                            .WithOrigins("https://app.contoso.com", [|"https://*.vercel.app"|], "https://*.contoso.com", [|"https://*.com"|])
                            .SetIsOriginAllowedToAllowWildcardSubdomains()
                            .AllowCredentials());
                        options.AddPolicy("statements", policy =>
                        {
                            policy.SetIsOriginAllowedToAllowWildcardSubdomains();
                            policy.WithOrigins([|"https://*.netlify.app:8443"|]);
                        });
                        options.AddPolicy("exact", policy => policy.WithOrigins("https://*.vercel.app"));
                    });
            }
            """).ShouldReportMessages(
                Msg("\"https://*.vercel.app\"", "https://attacker.vercel.app"),
                Msg("\"https://*.com\"", "https://attacker.com"),
                Msg("\"https://*.netlify.app:8443\"", "https://attacker.netlify.app:8443"))
            .ValidateAsync();

    // ------------------------------------------------------------------ options

    [Fact]
    public Task Extends_the_shared_hosting_list_from_editorconfig()
    {
        const string Source = """
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .WithOrigins([|"https://*.apps.example"|])
                        .SetIsOriginAllowedToAllowWildcardSubdomains()
                        .SetIsOriginAllowed(origin => [|origin.EndsWith(".sites.example")|])));
            }
            """;
        return Task.WhenAll(
            Build(Unmark(Source)).ValidateAsync(),
            Build(Source).WithOptions($"{SharedHostsKey} = apps.example, *.sites.example")
                .ShouldReportMessages(Msg("\"https://*.apps.example\"", "https://attacker.apps.example"), Msg("origin.EndsWith(\".sites.example\")", "https://attacker.sites.example"))
                .ValidateAsync());
    }

    [Fact]
    public Task Reports_owned_subdomain_wildcards_when_asked()
        => Build("""
            using System.Text.RegularExpressions;

            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .WithOrigins([|"https://*.contoso.com"|])
                        .SetIsOriginAllowedToAllowWildcardSubdomains()
                        .SetIsOriginAllowed(origin => [|origin.EndsWith(".contoso.com")|] || [|Regex.IsMatch(origin, @"^https://[a-z]+\.fabrikam\.com$")|])));
            }
            """).WithOptions($"{SubdomainsKey} = true").ShouldReportMessages(
                Msg("\"https://*.contoso.com\"", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com"),
                Msg("origin.EndsWith(\".contoso.com\")", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com"),
                Msg("Regex.IsMatch(origin, @\"^https://[a-z]+\\.fabrikam\\.com$\")", "every subdomain of fabrikam.com, such as a forgotten or taken-over https://old.fabrikam.com"))
            .ValidateAsync();

    // ------------------------------------------------------------------ realistic clean code, broken code, cost

    [Fact]
    public Task Reports_nothing_in_a_realistic_clean_app()
        => Build("""
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private readonly ILogger<OrdersController> _logger;

                public OrdersController(ILogger<OrdersController> logger) => _logger = logger;

                [HttpGet("/orders/{file}")]
                public IActionResult Get(string file)
                {
                    var origin = Request.Headers.Origin.ToString();
                    _logger.LogInformation("Request from {Origin} for {File}", origin, file);
                    if (file.EndsWith(".pdf") || Request.Headers.UserAgent.ToString().Contains("curl"))
                    {
                        return BadRequest();
                    }

                    return Ok(new { origin, echoed = Response.Headers.AccessControlAllowOrigin.ToString() });
                }
            }

            public class AllowlistMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase) { "https://app.contoso.com", "https://admin.contoso.com" };
                private readonly RequestDelegate _next;

                public AllowlistMiddleware(RequestDelegate next) => _next = next;

                public Task InvokeAsync(HttpContext context)
                {
                    if (context.Request.Path.Value?.StartsWith("/api") == true && context.Request.Path.StartsWithSegments("/api/public"))
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        var originalPath = context.Request.Path.Value!;
                        if (Allowed.Contains(origin) && !originalPath.EndsWith(".map"))
                        {
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                            context.Response.Headers.Vary = "Origin";
                        }
                    }

                    return _next(context);
                }
            }

            public class PartnerClient
            {
                private readonly HttpClient _client = new();

                public Task<HttpResponseMessage> SendAsync(string path)
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, "https://partner.example" + path);
                    request.Headers.Add("Origin", "https://app.contoso.com");
                    return path.StartsWith("/") ? _client.SendAsync(request) : throw new InvalidOperationException();
                }
            }

            public static class Program
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .WithOrigins("https://app.contoso.com", "https://*.contoso.com")
                        .SetIsOriginAllowedToAllowWildcardSubdomains()
                        .SetIsOriginAllowed(origin => new Uri(origin).Host.EndsWith(".contoso.com") || origin.StartsWith("http://localhost:"))
                        .AllowCredentials()));
            }
            """).ValidateAsync();

    [Fact]
    public Task The_rule_pages_examples_say_what_they_claim()
        => Task.WhenAll(
            Build("""
                using System.Text.RegularExpressions;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddCors(options => options.AddPolicy("spa", policy => policy
                    .SetIsOriginAllowed(origin => [|origin.EndsWith("contoso.com")|]
                                               || [|Regex.IsMatch(origin, @"^https://.*\.contoso.com")|])
                    .AllowCredentials()));
                builder.Services.AddCors(options => options.AddPolicy("previews", policy => policy
                    .WithOrigins([|"https://*.vercel.app"|])
                    .SetIsOriginAllowedToAllowWildcardSubdomains()));
                var app = builder.Build();
                app.Use(async (context, next) =>
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if ([|origin.StartsWith("http://localhost")|])
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }

                    await next();
                });
                """).ShouldReportMessages(
                    Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"),
                    Msg("Regex.IsMatch(origin, @\"^https://.*\\.contoso.com\")", "https://a.contoso.com.evil.net"),
                    Msg("\"https://*.vercel.app\"", "https://attacker.vercel.app"),
                    Msg("origin.StartsWith(\"http://localhost\")", "http://localhost.evil.net"))
                .ValidateAsync(),
            Build("""
                using System.Text.RegularExpressions;

                var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https://contoso.com", "https://app.contoso.com" };
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddCors(options => options.AddPolicy("spa", policy => policy
                    .SetIsOriginAllowed(origin => allowed.Contains(origin)
                                               || new Uri(origin).Host.EndsWith(".contoso.com")
                                               || Regex.IsMatch(origin, @"^https://[a-z0-9-]+\.contoso\.com$"))
                    .AllowCredentials()));
                builder.Services.AddCors(options => options.AddPolicy("previews", policy => policy
                    .WithOrigins("https://my-app-git-main-contoso.vercel.app")));
                var app = builder.Build();
                app.Use(async (context, next) =>
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (origin.StartsWith("http://localhost:"))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }

                    await next();
                });
                """).ValidateAsync());

    // The analyzer looks for the word "origin" in the source text in chunks of 4,096 characters; a word cut by a chunk's
    // end must still be found. Here the only mention is the "Origin" of SetIsOriginAllowed, placed at each offset around
    // the first boundary.
    [Theory]
    [InlineData(4084)]
    [InlineData(4089)]
    [InlineData(4090)]
    [InlineData(4091)]
    [InlineData(4092)]
    [InlineData(4093)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(8185)]
    public Task Finds_an_origin_mention_cut_by_a_text_chunk_boundary(int offset)
    {
        const string Template = """
            class Startup
            {
            PADDING
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", p => p.SetIsOriginAllowed(o => [|o.EndsWith("contoso.com")|])));
            }
            """;
        var padding = new string('x', offset - Unmark(Template).IndexOf("Origin", StringComparison.Ordinal) + "PADDING".Length - "// ".Length);
        var source = Template.Replace("PADDING", "// " + padding);
        Assert.Equal(offset, Unmark(source).IndexOf("Origin", StringComparison.Ordinal));
        Assert.Equal(1, Unmark(source).Split("rigin").Length - 1);
        return Build(source).ShouldReportMessages(Msg("o.EndsWith(\"contoso.com\")", "https://evilcontoso.com")).ValidateAsync();
    }

    // The file's first spellings of "origin" are a comment and a name that says original (no mention), and the validator's
    // body says origin nowhere: its match is found through its parameter, beside a string helper that decides nothing.
    [Theory]
    [InlineData("IsTrusted", true)]
    [InlineData("o => Partners.Contains(o)", false)]
    public Task Finds_a_validator_in_a_file_whose_first_spellings_of_origin_are_no_mention(string predicate, bool reports)
    {
        var source = $$"""
            class Startup
            {
                // Each partner's origin, as first registered.
                private static readonly string[] OriginalPartners = { "https://a.contoso.com" };
                private static readonly string[] Partners = OriginalPartners;

                static string Kind(string input) => input.EndsWith(".json") ? "json" : "other";

                static bool IsTrusted(string value) => {{(reports ? "[|value.EndsWith(\"contoso.com\")|]" : "value.EndsWith(\"contoso.com\")")}};

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", p => p.SetIsOriginAllowed({{predicate}}).AllowCredentials()));
            }
            """;
        var build = Build(source);
        return (reports ? build.ShouldReportMessages(Msg("value.EndsWith(\"contoso.com\")", "https://evilcontoso.com")) : build).ValidateAsync();
    }

    [Theory]
    [InlineData("class C { void M(IServiceCollection s) => s.AddCors(o => o.AddPolicy(\"p\", p => p.SetIsOriginAllowed(origin => origin.EndsWith(\"con")]
    [InlineData("class C { void M(IServiceCollection s) => s.AddCors(o => o.AddPolicy(\"p\", p => p.SetIsOriginAllowed(IsOk))); }")]
    [InlineData("class C { void M(IServiceCollection s) => s.AddCors(o => o.AddPolicy(\"p\", p => p.SetIsOriginAllowed((a, b) => a.EndsWith(\"x\")))); }")]
    [InlineData("class C { void M(IServiceCollection s) => s.AddCors(o => o.AddPolicy(\"p\", p => p.WithOrigins(\"https://*.vercel.app\", ).SetIsOriginAllowedToAllowWildcardSubdomains())); }")]
    [InlineData("class C { bool M(HttpContext c) => System.Text.RegularExpressions.Regex.IsMatch(c.Request.Headers.Origin.ToString(), @\"^(https://\"); }")]
    [InlineData("class C { bool M(HttpContext c) => c.Request.Headers.Origin.ToString().EndsWith(); }")]
    [InlineData("class C { bool M(HttpContext c) => Check(c.Request.Headers.Origin); static bool Check(string o) => o.EndsWith(\"x\"; }")]
    [InlineData("class C { bool M(HttpContext c) => c.Request.Headers.Origin.ToString().IndexOf(\"x\") >= ; }")]
    public Task Does_not_throw_on_half_typed_code(string source)
        => Build(source).AllowCompilerErrors().ValidateAsync();

    // The file's only word for origin is a constant's name in capitals; its value is in another file.
    [Fact]
    public Task Finds_an_origin_read_named_only_in_capitals()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var value = context.Request.Headers[HeaderKeys.ORIGIN].ToString();
                    if ([|value.EndsWith("contoso.com")|])
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = value;
                    }
                }
            }
            """)
            .WithSource("""
                static class HeaderKeys
                {
                    public const string ORIGIN = "Origin";
                }
                """)
            .ShouldReportMessages(Msg("value.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ValidateAsync();

    // A tree built from nodes (as code generators and some hosts make them) holds no text to search: the tokens are read.
    [Fact]
    public async Task Finds_an_origin_mention_in_a_tree_that_holds_no_text()
    {
        const string Source = """
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", p => p.SetIsOriginAllowed(o => o.EndsWith("contoso.com"))));
            }
            """;
        var tree = CSharpSyntaxTree.Create((CSharpSyntaxNode)CSharpSyntaxTree.ParseText(Source).GetRoot(), path: "/0/Test0.cs");
        Assert.False(tree.TryGetText(out _));
        var usings = CSharpSyntaxTree.ParseText(string.Concat(ProjectBuilder.WebImplicitUsings.Select(u => $"global using global::{u};\n")), path: "/0/GlobalUsings.g.cs");
        var compilation = CSharpCompilation.Create("NoText", new[] { tree, usings }, ReferenceAssemblies.AspNetCore, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CorsAnalyzer(new OriginSubstringMatchRule()))).GetAnalyzerDiagnosticsAsync();

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("CORS003", diagnostic.Id);
        Assert.Equal(Msg("o.EndsWith(\"contoso.com\")", "https://evilcontoso.com"), diagnostic.GetMessage());
        Assert.Equal(Source.IndexOf("o.EndsWith", StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
    }

    [Fact]
    public async Task Registers_no_operation_action_without_a_web_framework()
    {
        const string Source = "class C { bool M(string origin) => origin.EndsWith(\"contoso.com\"); }";
        Assert.Equal(0, (await TelemetryAsync(Source, ReferenceAssemblies.NetCore)).OperationActionsCount);
        Assert.Equal(1, (await TelemetryAsync(Source, ReferenceAssemblies.AspNetCore)).OperationActionsCount);
    }

    private static async Task<AnalyzerTelemetryInfo> TelemetryAsync(string source, ImmutableArray<MetadataReference> references)
    {
        var compilation = CSharpCompilation.Create(
            "Telemetry",
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzer = new CorsAnalyzer(new OriginSubstringMatchRule());
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), options);
        await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    }

    /// <summary>The code between the first markers, as the message quotes it.</summary>
    private static string Code(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal) + 2;
        return markup.Substring(start, markup.IndexOf("|]", start, StringComparison.Ordinal) - start);
    }
}
