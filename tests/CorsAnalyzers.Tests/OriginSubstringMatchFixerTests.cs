using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class OriginSubstringMatchFixerTests
{
    private const string AllowlistKey = "CORS003.Allowlist";
    private const string WildcardKey = "CORS003.WildcardSubdomains";
    private const string RemoveKey = "CORS003.RemoveWildcardEntry";
    private const string SubdomainsOption = "cors_analyzers.CORS003.report_subdomain_wildcards = true";
    private const string Comment = "// List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.";

    private static string Msg(string code, string slipThrough) => $"'{code}' also accepts {slipThrough}";

    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithCodeFixProvider<OriginSubstringMatchFixer>().WithSource(source);

    /// <summary>A Startup whose policy's predicate is <c>origin => {body}</c>.</summary>
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

    /// <summary>The same Startup after the fix: the allowlist (seeded or empty) first, then the predicate.</summary>
    private static string FixedPredicate(string body, params string[] seeds)
    {
        var field = seeds.Length == 0
            ? "    private static readonly HashSet<string> AllowedCorsOriginsForWeb = new HashSet<string>(StringComparer.Ordinal);"
            : "    private static readonly HashSet<string> AllowedCorsOriginsForWeb = new HashSet<string>(StringComparer.Ordinal)\n    {\n"
              + string.Concat(seeds.Select(s => $"        \"{s}\",\n"))
              + "    };";
        return $$"""
            using System.Text.RegularExpressions;

            class Startup
            {
                {{Comment}}
            {{field}}

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => {{body}})
                        .AllowCredentials()));
            }
            """;
    }

    private static string Code(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal) + 2;
        return markup.Substring(start, markup.IndexOf("|]", start, StringComparison.Ordinal) - start);
    }

    // ------------------------------------------------------------------ action 1 in a predicate lambda, every kind of match

    [Theory]
    [InlineData("[|origin.EndsWith(\"contoso.com\")|]", "https://evilcontoso.com", "AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com")]
    [InlineData("[|origin.EndsWith(\"Contoso.com\", StringComparison.OrdinalIgnoreCase)|]", "https://evilcontoso.com", "AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com")]
    [InlineData("[|origin.StartsWith(\"https://app.contoso.com\")|]", "https://app.contoso.com.evil.net", "AllowedCorsOriginsForWeb.Contains(origin)", "https://app.contoso.com")]
    [InlineData("[|origin.Contains(\"contoso.com\")|]", "https://contoso.com.evil.net", "AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com")]
    [InlineData("origin != null && [|origin.EndsWith(\"contoso.com\")|]", "https://evilcontoso.com", "origin != null && AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com")]
    [InlineData("[|origin.ToLowerInvariant().EndsWith(\"contoso.com\")|]", "https://evilcontoso.com", "AllowedCorsOriginsForWeb.Contains(origin.ToLowerInvariant())", "https://contoso.com")]
    [InlineData("[|origin.IndexOf(\"contoso.com\")|] >= 0", "https://contoso.com.evil.net", "AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com")]
    [InlineData("-1 != [|origin.IndexOf(\"contoso.com\", StringComparison.Ordinal)|]", "https://contoso.com.evil.net", "AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com")]
    [InlineData("!([|origin.IndexOf(\"contoso.com\")|] < 0)", "https://contoso.com.evil.net", "!(!AllowedCorsOriginsForWeb.Contains(origin))", "https://contoso.com")]
    [InlineData("[|new Uri(origin).Host.EndsWith(\"contoso.com\")|]", "https://evilcontoso.com", "AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com")]
    [InlineData("[|new Uri(origin).Authority.EndsWith(\"contoso.com:8443\")|]", "https://evilcontoso.com:8443", "AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com:8443")]
    [InlineData("[|new Uri(origin).Host.StartsWith(\"app.contoso.com\")|]", "https://app.contoso.com.evil.net", "AllowedCorsOriginsForWeb.Contains(origin)", "https://app.contoso.com")]
    [InlineData("Uri.TryCreate(origin, UriKind.Absolute, out var uri) && [|uri.Host.ToLowerInvariant().EndsWith(\"contoso.com\")|]", "https://evilcontoso.com", "Uri.TryCreate(origin, UriKind.Absolute, out var uri) && AllowedCorsOriginsForWeb.Contains(origin)", "https://contoso.com")]
    public Task Replaces_a_match_with_an_allowlist_lookup_seeded_with_the_origin_it_names(string body, string slipThrough, string fixedBody, string seed)
        => Build(Predicate(body))
            .ShouldReportMessages(Msg(Code(body), slipThrough))
            .ShouldFixCodeWith(FixedPredicate(fixedBody, seed))
            .ValidateAsync();

    [Theory]
    [InlineData("[|origin.EndsWith(\".vercel.app\")|]", "https://attacker.vercel.app")]
    [InlineData("[|origin.EndsWith(\"vercel.app\")|]", "https://evilvercel.app")]
    [InlineData("[|origin.EndsWith(\".com\")|]", "https://attacker.com")]
    [InlineData("[|origin.EndsWith(\":3000\")|]", "https://evil.net:3000")]
    [InlineData("[|origin.EndsWith(\"localhost\")|]", "https://evillocalhost")]
    [InlineData("[|origin.StartsWith(\"http://localhost\")|]", "http://localhost.evil.net")]
    [InlineData("[|origin.StartsWith(\"https://app.\")|]", "https://app.evil.net")]
    [InlineData("[|origin.Contains(\".contoso.com\")|]", "https://attacker.contoso.com.evil.net")]
    [InlineData("[|origin.Contains(\"contoso\")|]", "https://contoso.evil.net")]
    [InlineData("[|Regex.IsMatch(origin, @\"^https://app.contoso.com$\")|]", "https://appxcontoso.com")]
    [InlineData("[|Regex.Match(origin, \"contoso\")|].Success", "https://contoso.evil.net")]
    [InlineData("[|new Regex(@\"^https://.*\\.contoso.com\").IsMatch(origin)|]", "https://a.contoso.com.evil.net")]
    [InlineData("[|Regex.IsMatch(new Uri(origin).Host, @\"contoso\\.com$\")|]", "https://evilcontoso.com")]
    public Task Seeds_nothing_when_the_text_names_no_single_trustworthy_origin(string body, string slipThrough)
        => Build(Predicate(body))
            .ShouldReportMessages(Msg(Code(body), slipThrough))
            .ShouldFixCodeWith(FixedPredicate("AllowedCorsOriginsForWeb.Contains(origin)"))
            .ValidateAsync();

    /// <summary>
    /// The origin the text spells out is one no browser sends (a path, a default port), so the check never accepted it:
    /// seeding it would let in an origin the check refused.
    /// </summary>
    [Theory]
    [InlineData("[|origin.Contains(\"https://app.contoso.com:8443/api\")|]", "any origin that contains the compared text anywhere, such as a domain an attacker registers with it as a subdomain")]
    [InlineData("[|origin.Contains(\"http://partner.fabrikam.com:80\")|]", "any origin that contains the compared text anywhere, such as a domain an attacker registers with it as a subdomain")]
    public Task Seeds_no_origin_the_check_refused_before(string body, string slipThrough)
        => Build(Predicate(body))
            .ShouldReportMessages(Msg(Code(body), slipThrough))
            .ShouldFixCodeWith(FixedPredicate("AllowedCorsOriginsForWeb.Contains(origin)"))
            .ValidateAsync();

    // ------------------------------------------------------------------ every callable form, validators, middleware

    [Fact]
    public Task Fixes_method_groups_local_functions_anonymous_methods_and_delegate_fields_each_with_its_own_allowlist()
        => Build("""
            class Startup
            {
                private static readonly Func<string, bool> FieldCheck = o => [|o.StartsWith("https://partner.fabrikam.com")|];

                public void ConfigureServices(IServiceCollection services)
                {
                    bool IsLocal(string candidate) => [|candidate.StartsWith("http://localhost")|];
                    services.AddCors(options =>
                    {
                        options.AddPolicy("a", policy => policy.SetIsOriginAllowed(IsAllowedOrigin));
                        options.AddPolicy("b", policy => policy.SetIsOriginAllowed(IsLocal));
                        options.AddPolicy("c", policy => policy.SetIsOriginAllowed(delegate (string value) { return [|value.EndsWith("fabrikam.com")|]; }));
                        options.AddPolicy("e", policy => policy.SetIsOriginAllowed(FieldCheck));
                    });
                }

                static bool IsAllowedOrigin(string origin) => [|origin.EndsWith("contoso.com")|];
            }
            """)
            .ShouldReportMessages(
                Msg("o.StartsWith(\"https://partner.fabrikam.com\")", "https://partner.fabrikam.com.evil.net"),
                Msg("candidate.StartsWith(\"http://localhost\")", "http://localhost.evil.net"),
                Msg("value.EndsWith(\"fabrikam.com\")", "https://evilfabrikam.com"),
                Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ShouldBatchFixCodeWith("""
            class Startup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://partner.fabrikam.com",
                };

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForIsLocal = new HashSet<string>(StringComparer.Ordinal);

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForC = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://fabrikam.com",
                };

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForIsAllowedOrigin = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://contoso.com",
                };

                private static readonly Func<string, bool> FieldCheck = o => AllowedCorsOrigins.Contains(o);

                public void ConfigureServices(IServiceCollection services)
                {
                    bool IsLocal(string candidate) => AllowedCorsOriginsForIsLocal.Contains(candidate);
                    services.AddCors(options =>
                    {
                        options.AddPolicy("a", policy => policy.SetIsOriginAllowed(IsAllowedOrigin));
                        options.AddPolicy("b", policy => policy.SetIsOriginAllowed(IsLocal));
                        options.AddPolicy("c", policy => policy.SetIsOriginAllowed(delegate (string value) { return AllowedCorsOriginsForC.Contains(value); }));
                        options.AddPolicy("e", policy => policy.SetIsOriginAllowed(FieldCheck));
                    });
                }

                static bool IsAllowedOrigin(string origin) => AllowedCorsOriginsForIsAllowedOrigin.Contains(origin);
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fixes_a_validator_called_from_a_predicate_and_from_middleware()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("a", policy => policy.SetIsOriginAllowed(o => IsPartner(o))));

                public void Configure(IApplicationBuilder app)
                    => app.Use(async (context, next) =>
                    {
                        string origin = context.Request.Headers.Origin!;
                        if (IsTrusted(origin))
                        {
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                        }

                        await next();
                    });

                static bool IsPartner(string origin) => [|origin.EndsWith("partner.com")|];

                static bool IsTrusted(string candidate) => Check(candidate);

                static bool Check(string value) => [|value.StartsWith("https://trusted.contoso.com")|];
            }
            """)
            .ShouldReportMessages(
                Msg("origin.EndsWith(\"partner.com\")", "https://evilpartner.com"),
                Msg("value.StartsWith(\"https://trusted.contoso.com\")", "https://trusted.contoso.com.evil.net"))
            .ShouldFixCodeWith("""
            class Startup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://partner.com",
                };

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForCheck = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://trusted.contoso.com",
                };

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("a", policy => policy.SetIsOriginAllowed(o => IsPartner(o))));

                public void Configure(IApplicationBuilder app)
                    => app.Use(async (context, next) =>
                    {
                        string origin = context.Request.Headers.Origin!;
                        if (IsTrusted(origin))
                        {
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                        }

                        await next();
                    });

                static bool IsPartner(string origin) => AllowedCorsOrigins.Contains(origin);

                static bool IsTrusted(string candidate) => Check(candidate);

                static bool Check(string value) => AllowedCorsOriginsForCheck.Contains(value);
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_never_lets_one_check_accept_the_origins_another_check_named()
        => Build("""
            using System.Text.RegularExpressions;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("Portal", policy => policy.SetIsOriginAllowed(origin => [|origin.StartsWith("https://portal.contoso.com")|]));
                options.AddPolicy("Intranet", policy => policy.SetIsOriginAllowed(origin => [|origin.Contains("intranet")|]));
            });
            var app = builder.Build();
            app.Use(async (context, next) =>
            {
                var origin = context.Request.Headers.Origin.ToString();
                if ([|Regex.IsMatch(origin, "partner")|])
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin;
                    context.Response.Headers.Vary = "Origin";
                }

                await next(context);
            });
            app.Run();
            """)
            .WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)
            .ShouldReportMessages(
                Msg("origin.StartsWith(\"https://portal.contoso.com\")", "https://portal.contoso.com.evil.net"),
                Msg("origin.Contains(\"intranet\")", "https://intranet.evil.net"),
                Msg("Regex.IsMatch(origin, \"partner\")", "https://partner.evil.net"))
            .ShouldBatchFixCodeWith("""
            using System.Text.RegularExpressions;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("Portal", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOriginsForPortal.Contains(origin)));
                options.AddPolicy("Intranet", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOriginsForIntranet.Contains(origin)));
            });
            var app = builder.Build();
            app.Use(async (context, next) =>
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (AllowedCorsOrigins.Contains(origin))
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin;
                    context.Response.Headers.Vary = "Origin";
                }

                await next(context);
            });
            app.Run();

            partial class Program
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForPortal = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://portal.contoso.com",
                };

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForIntranet = new HashSet<string>(StringComparer.Ordinal);

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Two_checks_share_a_set_only_when_they_name_the_same_origins()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("a", policy => policy.SetIsOriginAllowed(IsPartner));
                        options.AddPolicy("b", policy => policy.SetIsOriginAllowed(IsShop));
                        options.AddPolicy("c", policy => policy.SetIsOriginAllowed(IsSupplier));
                    });

                static bool IsPartner(string origin) => [|origin.EndsWith("contoso.com")|];

                static bool IsShop(string origin) => [|origin.EndsWith("contoso.com")|];

                static bool IsSupplier(string origin) => [|origin.EndsWith("fabrikam.com")|];
            }
            """)
            .ShouldReportMessages(
                Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"),
                Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"),
                Msg("origin.EndsWith(\"fabrikam.com\")", "https://evilfabrikam.com"))
            .ShouldBatchFixCodeWith("""
            class Startup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://contoso.com",
                };

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForIsSupplier = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://fabrikam.com",
                };

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("a", policy => policy.SetIsOriginAllowed(IsPartner));
                        options.AddPolicy("b", policy => policy.SetIsOriginAllowed(IsShop));
                        options.AddPolicy("c", policy => policy.SetIsOriginAllowed(IsSupplier));
                    });

                static bool IsPartner(string origin) => AllowedCorsOrigins.Contains(origin);

                static bool IsShop(string origin) => AllowedCorsOrigins.Contains(origin);

                static bool IsSupplier(string origin) => AllowedCorsOriginsForIsSupplier.Contains(origin);
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Adds_Vary_Origin_to_the_echo_a_fixed_check_guards()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if ([|origin.EndsWith("contoso.com")|])
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                    }
                }
            }
            """)
            .ShouldReportMessages(Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ShouldFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://contoso.com",
                };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Append("Vary", "Origin");
                    }
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Adds_no_Vary_to_a_fixed_check_whose_answer_is_the_same_for_every_origin()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if ([|origin.EndsWith("contoso.com")|])
                    {
                        context.Response.Headers.AccessControlAllowOrigin = "https://contoso.com";
                    }
                }
            }
            """)
            .ShouldReportMessages(Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ShouldFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://contoso.com",
                };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = "https://contoso.com";
                    }
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fixes_a_middleware_guard_without_repeating_the_lookup_and_converts_StringValues()
        => Build("""
            class CorsMiddleware
            {
                private readonly RequestDelegate _next;

                public CorsMiddleware(RequestDelegate next) => _next = next;

                public Task InvokeAsync(HttpContext context)
                {
                    var origin = context.Request.Headers["Origin"].ToString();
                    if ([|origin.EndsWith("contoso.com")|] || [|origin.IndexOf("fabrikam.com", StringComparison.Ordinal)|] >= 0)
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                        context.Response.Headers["Vary"] = "Origin";
                    }

                    if (context.Request.Headers.TryGetValue("Origin", out var values) && [|System.Text.RegularExpressions.Regex.IsMatch(values, "^https://app\\.contoso\\.com")|])
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = values;
                    }

                    return _next(context);
                }
            }
            """)
            .ShouldReportMessages(
                Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"),
                Msg("origin.IndexOf(\"fabrikam.com\", StringComparison.Ordinal)", "https://fabrikam.com.evil.net"),
                Msg("System.Text.RegularExpressions.Regex.IsMatch(values, \"^https://app\\\\.contoso\\\\.com\")", "https://app.contoso.com.evil.net"))
            .ShouldBatchFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://contoso.com",
                    "https://fabrikam.com",
                };

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForCorsMiddleware = new HashSet<string>(StringComparer.Ordinal);

                private readonly RequestDelegate _next;

                public CorsMiddleware(RequestDelegate next) => _next = next;

                public Task InvokeAsync(HttpContext context)
                {
                    var origin = context.Request.Headers["Origin"].ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                        context.Response.Headers["Vary"] = "Origin";
                    }

                    if (context.Request.Headers.TryGetValue("Origin", out var values) && AllowedCorsOriginsForCorsMiddleware.Contains(values.ToString()))
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = values;
                    }

                    return _next(context);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Replaces_the_whole_Any_call_and_joins_the_parts_of_one_check_in_one_set_leaving_an_unrelated_set_alone()
        => Build("""
            class Startup
            {
                private static readonly HashSet<string> KnownOrigins = new(StringComparer.Ordinal) { "https://app.contoso.com" };
                private static readonly string[] Partners = { "contoso.com", "fabrikam.com" };

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => Partners.Any(p => [|origin.EndsWith(p)|]) || Partners.ToList().Exists(x => [|origin.Contains(x)|]) || [|origin.StartsWith("https://admin.contoso.com")|])));
            }
            """)
            .ShouldReportMessages(
                Msg("origin.EndsWith(p)", "any origin that only ends with the compared text, such as a look-alike domain an attacker registers"),
                Msg("origin.Contains(x)", "any origin that contains the compared text anywhere, such as a domain an attacker registers with it as a subdomain"),
                Msg("origin.StartsWith(\"https://admin.contoso.com\")", "https://admin.contoso.com.evil.net"))
            .ShouldBatchFixCodeWith("""
            class Startup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForWeb = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://admin.contoso.com",
                };

                private static readonly HashSet<string> KnownOrigins = new(StringComparer.Ordinal) { "https://app.contoso.com" };
                private static readonly string[] Partners = { "contoso.com", "fabrikam.com" };

                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => AllowedCorsOriginsForWeb.Contains(origin))));
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fixes_top_level_statements_with_a_partial_Program()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddPolicy("p", p => p.SetIsOriginAllowed(origin => [|origin.EndsWith("contoso.com")|]).AllowCredentials()));
            """)
            .ShouldReportMessages(Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ShouldFixCodeWith("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddPolicy("p", p => p.SetIsOriginAllowed(origin => AllowedCorsOriginsForP.Contains(origin)).AllowCredentials()));

            partial class Program
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForP = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://contoso.com",
                };
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_in_top_level_statements_gives_each_check_its_own_allowlist_with_its_own_seeds()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddPolicy("p", p => p.SetIsOriginAllowed(origin => [|origin.EndsWith("contoso.com")|] || [|Regex.IsMatch(origin, "^https://fabrikam\\.com")|])));
            var app = builder.Build();
            app.Use(async (context, next) =>
            {
                var origin = context.Request.Headers.Origin.ToString();
                if ([|origin.StartsWith("https://admin.contoso.com")|])
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin;
                    context.Response.Headers.Vary = "Origin";
                }

                await next();
            });
            app.Run();

            partial class Program
            {
                private static bool Unrelated(string file) => file.EndsWith(".png");
            }
            """.Replace("Regex.IsMatch", "System.Text.RegularExpressions.Regex.IsMatch"))
            .ShouldReportMessages(
                Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"),
                Msg("System.Text.RegularExpressions.Regex.IsMatch(origin, \"^https://fabrikam\\\\.com\")", "https://fabrikam.com.evil.net"),
                Msg("origin.StartsWith(\"https://admin.contoso.com\")", "https://admin.contoso.com.evil.net"))
            .ShouldBatchFixCodeWith("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddPolicy("p", p => p.SetIsOriginAllowed(origin => AllowedCorsOriginsForP.Contains(origin))));
            var app = builder.Build();
            app.Use(async (context, next) =>
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (AllowedCorsOrigins.Contains(origin))
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin;
                    context.Response.Headers.Vary = "Origin";
                }

                await next();
            });
            app.Run();

            partial class Program
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForP = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://contoso.com",
                };

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)
                {
                    "https://admin.contoso.com",
                };

                private static bool Unrelated(string file) => file.EndsWith(".png");
            }
            """)
            .ValidateAsync();

    // ------------------------------------------------------------------ action 2: wildcard subdomains

    [Theory]
    [InlineData("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com", "\"https://contoso.com\", \"https://*.contoso.com\"")]
    [InlineData("new Uri(origin).Host.EndsWith(\"contoso.com\", StringComparison.OrdinalIgnoreCase)", "https://evilcontoso.com", "\"https://contoso.com\", \"https://*.contoso.com\"")]
    [InlineData("new Uri(origin).Authority.EndsWith(\"contoso.com:8443\")", "https://evilcontoso.com:8443", "\"https://contoso.com:8443\", \"https://*.contoso.com:8443\"")]
    public Task Replaces_a_suffix_predicate_with_wildcard_subdomains(string check, string slipThrough, string entries)
        => Build($$"""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => [|{{check}}|])
                        .AllowCredentials()));
            }
            """)
            .WithCodeFixEquivalenceKey(WildcardKey)
            .ShouldReportMessages(Msg(check, slipThrough))
            .ShouldFixCodeWith($$"""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .WithOrigins({{entries}})
                        .SetIsOriginAllowedToAllowWildcardSubdomains()
                        .AllowCredentials()));
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_replaces_every_suffix_predicate_with_wildcard_subdomains()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o =>
            {
                o.AddPolicy("a", p => p.SetIsOriginAllowed(origin => [|origin.EndsWith("contoso.com")|]).AllowCredentials());
                o.AddPolicy("b", p => { p.SetIsOriginAllowed(x => { return [|new Uri(x).Host.EndsWith("fabrikam.com")|]; }); });
            });
            """)
            .WithCodeFixEquivalenceKey(WildcardKey)
            .ShouldReportMessages(
                Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"),
                Msg("new Uri(x).Host.EndsWith(\"fabrikam.com\")", "https://evilfabrikam.com"))
            .ShouldBatchFixCodeWith("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o =>
            {
                o.AddPolicy("a", p => p.WithOrigins("https://contoso.com", "https://*.contoso.com").SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials());
                o.AddPolicy("b", p => { p.WithOrigins("https://fabrikam.com", "https://*.fabrikam.com").SetIsOriginAllowedToAllowWildcardSubdomains(); });
            });
            """)
            .ValidateAsync();

    [Theory]
    [InlineData("origin.EndsWith(\"vercel.app\")", "https://evilvercel.app")] // a shared host: only the allowlist
    [InlineData("origin.EndsWith(\"localhost\")", "https://evillocalhost")] // no domain
    [InlineData("origin.StartsWith(\"https://contoso.com\")", "https://contoso.com.evil.net")] // not a suffix
    [InlineData("origin.Length > 0 && origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com")] // not only the suffix check
    [InlineData("origin.Trim().EndsWith(\"contoso.com\")", "https://evilcontoso.com")]
    public Task Offers_no_wildcard_fix_for_other_predicates(string body, string slipThrough)
    {
        var start = body.IndexOf("origin.", body.Contains("&&") ? body.IndexOf("&&", StringComparison.Ordinal) : 0, StringComparison.Ordinal);
        var marked = body.Insert(body.Length, "|]").Insert(start, "[|");
        return Build(Predicate(marked))
            .WithCodeFixEquivalenceKey(WildcardKey)
            .ShouldReportMessages(Msg(body.Substring(start), slipThrough))
            .ShouldNotOfferFix()
            .ValidateAsync();
    }

    [Fact]
    public Task Offers_no_wildcard_fix_when_the_policy_sets_origins_elsewhere()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .WithOrigins("https://admin.fabrikam.com")
                        .SetIsOriginAllowed(origin => [|origin.EndsWith("contoso.com")|])));
            }
            """)
            .WithCodeFixEquivalenceKey(WildcardKey)
            .ShouldReportMessages(Msg("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Offers_no_wildcard_fix_when_wildcards_over_owned_domains_are_reported()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy
                        .SetIsOriginAllowed(origin => [|new Uri(origin).Host.EndsWith(".contoso.com")|])));
            }
            """)
            .WithOptions(SubdomainsOption)
            .WithCodeFixEquivalenceKey(WildcardKey)
            .ShouldReportMessages(Msg("new Uri(origin).Host.EndsWith(\".contoso.com\")", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Fixes_a_dotted_suffix_with_the_allowlist_and_no_seed_when_subdomain_wildcards_are_reported()
        => Build(Predicate("[|new Uri(origin).Host.EndsWith(\".contoso.com\")|]"))
            .WithOptions(SubdomainsOption)
            .ShouldReportMessages(Msg("new Uri(origin).Host.EndsWith(\".contoso.com\")", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com"))
            .ShouldFixCodeWith(FixedPredicate("AllowedCorsOriginsForWeb.Contains(origin)"))
            .ValidateAsync();

    // ------------------------------------------------------------------ WithOrigins("https://*.shared-host")

    [Fact]
    public Task Removes_a_shared_hosting_wildcard_entry_while_another_entry_stays()
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
                        options.AddPolicy("array", policy => policy
                            .WithOrigins(new[]
                            {
                                [|"https://*.netlify.app"|],
                                "https://docs.contoso.com",
                            })
                            .SetIsOriginAllowedToAllowWildcardSubdomains());
                    });
            }
            """)
            .WithCodeFixEquivalenceKey(RemoveKey)
            .ShouldReportMessages(
                Msg("\"https://*.vercel.app\"", "https://attacker.vercel.app"),
                Msg("\"https://*.com\"", "https://attacker.com"),
                Msg("\"https://*.netlify.app\"", "https://attacker.netlify.app"))
            .ShouldBatchFixCodeWith("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("fluent", policy => policy
                            .WithOrigins("https://app.contoso.com", "https://*.contoso.com")
                            .SetIsOriginAllowedToAllowWildcardSubdomains()
                            .AllowCredentials());
                        options.AddPolicy("array", policy => policy
                            .WithOrigins(new[]
                            {
                                "https://docs.contoso.com",
                            })
                            .SetIsOriginAllowedToAllowWildcardSubdomains());
                    });
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Offers_no_removal_of_the_only_entry()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("previews", policy => policy
                        .WithOrigins([|"https://*.vercel.app"|])
                        .SetIsOriginAllowedToAllowWildcardSubdomains()));
            }
            """)
            .ShouldReportMessages(Msg("\"https://*.vercel.app\"", "https://attacker.vercel.app"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Fix_all_stops_before_removing_the_last_entry()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("previews", policy => policy
                        .WithOrigins([|"https://*.vercel.app"|], [|"https://*.netlify.app"|])
                        .SetIsOriginAllowedToAllowWildcardSubdomains()));
            }
            """)
            .ShouldReportMessages(Msg("\"https://*.vercel.app\"", "https://attacker.vercel.app"), Msg("\"https://*.netlify.app\"", "https://attacker.netlify.app"))
            .ShouldBatchFixCodeWith("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("previews", policy => policy
                        .WithOrigins([|"https://*.netlify.app"|])
                        .SetIsOriginAllowedToAllowWildcardSubdomains()));
            }
            """)
            .ValidateAsync();

    // ------------------------------------------------------------------ not offered

    [Fact]
    public Task Offers_no_allowlist_fix_where_the_origin_string_is_out_of_reach()
        => Build("""
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("a", policy => policy.SetIsOriginAllowed(o => IsPartner(new Uri(o)))));

                static bool IsPartner(Uri uri) => [|uri.Host.EndsWith("partner.com")|];

                static bool IsLoose(string origin, string[] suffixes) => suffixes.Where(s => [|origin.EndsWith(s)|]).Any();

                public void Configure(IApplicationBuilder app)
                    => app.Use(async (context, next) =>
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        if (IsLoose(origin, new[] { "contoso.com" }) || [|origin.IndexOf("fabrikam.com")|] > 0)
                        {
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                        }

                        await next();
                    });
            }
            """)
            .ShouldReportMessages(
                Msg("uri.Host.EndsWith(\"partner.com\")", "https://evilpartner.com"),
                Msg("origin.EndsWith(s)", "any origin that only ends with the compared text, such as a look-alike domain an attacker registers"),
                Msg("origin.IndexOf(\"fabrikam.com\")", "https://fabrikam.com.evil.net"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Offers_no_allowlist_fix_for_a_Match_read_for_anything_but_Success()
        => Build(Predicate("[|Regex.Match(origin, \"contoso\")|].Index >= 0"))
            .ShouldReportMessages(Msg("Regex.Match(origin, \"contoso\")", "https://contoso.evil.net"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Offers_no_allowlist_fix_that_would_append_a_partial_Program_to_top_level_code_cut_short()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddPolicy("p", p => p.SetIsOriginAllowed(origin => [|origin.StartsWith("https://contoso")|])));
            builder.Services.AddCors(o => o.AddPolicy("q", p => p.SetIsOriginAllowed(origin => origin.Contains("contoso
            """)
            .AllowCompilerErrors() // found by the mutation tests: the new class landed inside the unterminated string
            .ShouldReportMessages(Msg("origin.StartsWith(\"https://contoso\")", "https://contoso.evil.net"))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
