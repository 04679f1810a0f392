using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class UnmatchableOriginFixerTests
{
    private static string Msg(string code, string reason) => $"'{code}' never equals a browser's Origin header: {reason}";

    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<UnmatchableOriginRule>().WithCodeFixProvider<UnmatchableOriginFixer>().WithSource(source);

    [Fact]
    public Task Writes_the_origin_a_browser_sends()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b
                        .WithOrigins([|"https://app.contoso.com/"|]) // the SPA
                        .AllowCredentials()));
            }
            """)
            .ShouldReportMessages(Msg("\"https://app.contoso.com/\"", "an Origin header never ends with '/'; use \"https://app.contoso.com\""))
            .ShouldFixCodeWith("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b
                        .WithOrigins("https://app.contoso.com") // the SPA
                        .AllowCredentials()));
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task No_fix_that_would_let_the_null_origin_in()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b.WithOrigins("https://app.contoso.com", [|" null"|], [|"https://a.contoso.com,null"|])));
            }
            """)
            .ShouldReportMessages(
                Msg("\" null\"", "an Origin header has no surrounding whitespace"),
                Msg("\"https://a.contoso.com,null\"", "it joins several origins into one string, and an Origin header holds exactly one"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Trims_and_splits_entries_that_name_real_origins()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b.WithOrigins("https://app.contoso.com", [|" https://b.contoso.com"|])));
            }
            """)
            .ShouldReportMessages(Msg("\" https://b.contoso.com\"", "an Origin header has no surrounding whitespace; use \"https://b.contoso.com\""))
            .ShouldFixCodeWith("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b.WithOrigins("https://app.contoso.com", "https://b.contoso.com")));
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Splits_a_joined_list_into_arguments()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b.WithOrigins("https://a.contoso.com", [|"https://b.contoso.com, https://c.contoso.com/"|])));
            }
            """)
            .ShouldReportMessages(Msg("\"https://b.contoso.com, https://c.contoso.com/\"", "it joins several origins into one string, and an Origin header holds exactly one; list each origin as its own entry"))
            .ShouldFixCodeWith("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b.WithOrigins("https://a.contoso.com", "https://b.contoso.com", "https://c.contoso.com")));
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_normalizes_every_literal_form()
        => Build("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                static readonly string[] Origins =
                {
                    {|+0:"https://a.contoso.com:443"|},
                    {|+1:"https://b.contoso.com;https://c.contoso.com"|},
                };

                public void Configure(IServiceCollection services)
                {
                    var extra = new List<string> { {|+2:" https://d.contoso.com "|} };
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.{|CORS006#1:{|CORS006#0:WithOrigins(Origins)|}|});
                        o.AddPolicy("b", b => b.{|CORS006#2:WithOrigins(extra.ToArray())|});
                        o.AddPolicy("c", b => b.WithOrigins([|"https://e.contoso.com/"|], [|"https://f.contoso.com,https://g.contoso.com"|]));
                        o.AddPolicy("d", new CorsPolicyBuilder([|"http://h.contoso.com:80/"|]).Build());
                    });
                }

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add([|"https://i.contoso.com/app"|]);
                    return policy;
                }
            }
            """)
            .ShouldReportMessages(
                Msg("\"https://a.contoso.com:443\"", "an Origin header leaves out the scheme's default port; use \"https://a.contoso.com\""),
                Msg("\"https://b.contoso.com;https://c.contoso.com\"", "it joins several origins into one string, and an Origin header holds exactly one; list each origin as its own entry"),
                Msg("\" https://d.contoso.com \"", "an Origin header has no surrounding whitespace; use \"https://d.contoso.com\""),
                Msg("\"https://e.contoso.com/\"", "an Origin header never ends with '/'; use \"https://e.contoso.com\""),
                Msg("\"https://f.contoso.com,https://g.contoso.com\"", "it joins several origins into one string, and an Origin header holds exactly one; list each origin as its own entry"),
                Msg("\"http://h.contoso.com:80/\"", "an Origin header never ends with '/'; use \"http://h.contoso.com\""),
                Msg("\"https://i.contoso.com/app\"", "an Origin header has no path, query or fragment; use \"https://i.contoso.com\""))
            .ShouldBatchFixCodeWith("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                static readonly string[] Origins =
                {
                    "https://a.contoso.com",
                    "https://b.contoso.com", "https://c.contoso.com",
                };

                public void Configure(IServiceCollection services)
                {
                    var extra = new List<string> { "https://d.contoso.com" };
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins(Origins));
                        o.AddPolicy("b", b => b.WithOrigins(extra.ToArray()));
                        o.AddPolicy("c", b => b.WithOrigins("https://e.contoso.com", "https://f.contoso.com", "https://g.contoso.com"));
                        o.AddPolicy("d", new CorsPolicyBuilder("http://h.contoso.com").Build());
                    });
                }

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add("https://i.contoso.com");
                    return policy;
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task No_fix_where_the_meant_origin_is_unknown()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b.WithOrigins([|"app.contoso.com"|], [|"https://*.contoso.com"|], [|"https://a.contoso.com,b.contoso.com"|])));
            }
            """)
            .ShouldReportMessages(
                Msg("\"app.contoso.com\"", "an Origin header starts with its scheme, such as https://"),
                Msg("\"https://*.contoso.com\"", "'*' is a wildcard only after SetIsOriginAllowedToAllowWildcardSubdomains(), otherwise it is compared as the character '*'"),
                Msg("\"https://a.contoso.com,b.contoso.com\"", "it joins several origins into one string, and an Origin header holds exactly one"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task No_fix_for_a_constant_or_a_joined_list_outside_a_list()
        => Build("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            static class CorsSetup
            {
                const string Frontend = "https://app.contoso.com/";

                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b.WithOrigins([|Frontend|])));

                public static CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add([|"https://a.contoso.com,https://b.contoso.com"|]);
                    return policy;
                }
            }
            """)
            .ShouldReportMessages(
                Msg("Frontend", "an Origin header never ends with '/'; use \"https://app.contoso.com\""),
                Msg("\"https://a.contoso.com,https://b.contoso.com\"", "it joins several origins into one string, and an Origin header holds exactly one; list each origin as its own entry"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Fixes_a_hand_written_allowlist_entry_and_comparison()
        => Build("""
            using Microsoft.AspNetCore.Http;

            static class Cors
            {
                static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
                {
                    {|+0:"https://a.contoso.com/"|},
                    {|+1:"https://b.contoso.com,https://c.contoso.com"|},
                };

                public static void Apply(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin) || origin == {|+2:"https://d.contoso.com:443"|})
                    {
                        context.Response.Headers.AccessControlAllowOrigin = {|CORS006#2:{|CORS006#1:{|CORS006#0:origin|}|}|};
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            }
            """)
            .ShouldReportMessages(
                Msg("\"https://a.contoso.com/\"", "an Origin header never ends with '/'; use \"https://a.contoso.com\""),
                Msg("\"https://b.contoso.com,https://c.contoso.com\"", "it joins several origins into one string, and an Origin header holds exactly one; list each origin as its own entry"),
                Msg("\"https://d.contoso.com:443\"", "an Origin header leaves out the scheme's default port; use \"https://d.contoso.com\""))
            .ShouldBatchFixCodeWith("""
            using Microsoft.AspNetCore.Http;

            static class Cors
            {
                static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
                {
                    "https://a.contoso.com",
                    "https://b.contoso.com", "https://c.contoso.com",
                };

                public static void Apply(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin) || origin == "https://d.contoso.com")
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            }
            """)
            .ValidateAsync();
}
