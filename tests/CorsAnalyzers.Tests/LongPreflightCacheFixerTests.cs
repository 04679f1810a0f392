using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class LongPreflightCacheFixerTests
{
    private static string Msg(string code, string seconds) => LongPreflightCacheTests.Msg(code, seconds);

    private const string Head = "using Microsoft.AspNetCore.Cors.Infrastructure;\n\nclass C\n{\n";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<LongPreflightCacheRule>()
        .WithCodeFixProvider<LongPreflightCacheFixer>()
        .WithSource(Head + body + "\n}\n");

    [Fact]
    public Task Keeps_the_factory_that_can_say_two_hours_and_uses_hours_for_days()
        => Build("""
                void M(IServiceCollection services)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", p => p.WithOrigins("https://a.example").SetPreflightMaxAge([|TimeSpan.FromDays(7)|]));
                        o.AddPolicy("b", p => p.SetPreflightMaxAge([|System.TimeSpan.FromHours(48)|]));
                        o.AddPolicy("c", p => p.SetPreflightMaxAge([|TimeSpan.FromMinutes(10080)|]));
                        o.AddPolicy("d", p => p.SetPreflightMaxAge([|TimeSpan.FromSeconds(604800)|]));
                        o.AddPolicy("e", p => p.SetPreflightMaxAge([|TimeSpan.FromMilliseconds(604800000)|]));
                        o.AddPolicy("f", p => p.SetPreflightMaxAge([|TimeSpan.FromDays(1, 1)|]));
                    });
                }
            """)
            .ShouldReportMessages(
                Msg("TimeSpan.FromDays(7)", "604800"),
                Msg("System.TimeSpan.FromHours(48)", "172800"),
                Msg("TimeSpan.FromMinutes(10080)", "604800"),
                Msg("TimeSpan.FromSeconds(604800)", "604800"),
                Msg("TimeSpan.FromMilliseconds(604800000)", "604800"),
                Msg("TimeSpan.FromDays(1, 1)", "90000"))
            .ShouldFixCodeWith(Head + """
                void M(IServiceCollection services)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", p => p.WithOrigins("https://a.example").SetPreflightMaxAge(TimeSpan.FromHours(2)));
                        o.AddPolicy("b", p => p.SetPreflightMaxAge(System.TimeSpan.FromHours(2)));
                        o.AddPolicy("c", p => p.SetPreflightMaxAge(TimeSpan.FromMinutes(120)));
                        o.AddPolicy("d", p => p.SetPreflightMaxAge(TimeSpan.FromSeconds(7200)));
                        o.AddPolicy("e", p => p.SetPreflightMaxAge(TimeSpan.FromMilliseconds(7200000)));
                        o.AddPolicy("f", p => p.SetPreflightMaxAge(TimeSpan.FromHours(2)));
                    });
                }
            """ + "\n}\n")
            .ValidateAsync();

    [Fact]
    public Task Keeps_the_constructor_and_the_static_import()
        => ProjectBuilder.Create().WithAnalyzer<LongPreflightCacheRule>().WithCodeFixProvider<LongPreflightCacheFixer>()
            .WithSource("""
                using Microsoft.AspNetCore.Cors.Infrastructure;
                using static System.TimeSpan;

                class C
                {
                    CorsPolicy Make()
                    {
                        var policy = new CorsPolicy { PreflightMaxAge = [|new TimeSpan(30, 0, 0, 0)|] };
                        policy.PreflightMaxAge = [|new TimeSpan(720, 0, 0)|];
                        policy.PreflightMaxAge = [|new TimeSpan(TicksPerDay * 2)|];
                        policy.PreflightMaxAge = [|FromDays(2)|];
                        return policy;
                    }
                }
                """)
            .ShouldReportMessages(
                Msg("new TimeSpan(30, 0, 0, 0)", "2592000"),
                Msg("new TimeSpan(720, 0, 0)", "2592000"),
                Msg("new TimeSpan(TicksPerDay * 2)", "172800"),
                Msg("FromDays(2)", "172800"))
            .ShouldFixCodeWith("""
                using Microsoft.AspNetCore.Cors.Infrastructure;
                using static System.TimeSpan;

                class C
                {
                    CorsPolicy Make()
                    {
                        var policy = new CorsPolicy { PreflightMaxAge = new TimeSpan(0, 2, 0, 0) };
                        policy.PreflightMaxAge = new TimeSpan(2, 0, 0);
                        policy.PreflightMaxAge = new TimeSpan(72000000000);
                        policy.PreflightMaxAge = FromHours(2);
                        return policy;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Writes_7200_into_a_header_value()
        => Build("""
                void M(HttpContext context, bool longer)
                {
                    context.Response.Headers["Access-Control-Max-Age"] = [|"604800"|];
                    context.Response.Headers.Append("Access-Control-Max-Age", longer ? [|"1209600"|] : "600");
                }
            """)
            .ShouldReportMessages(Msg("\"604800\"", "604800"), Msg("\"1209600\"", "1209600"))
            .ShouldFixCodeWith(Head + """
                void M(HttpContext context, bool longer)
                {
                    context.Response.Headers["Access-Control-Max-Age"] = "7200";
                    context.Response.Headers.Append("Access-Control-Max-Age", longer ? "7200" : "600");
                }
            """ + "\n}\n")
            .ValidateAsync();

    [Fact]
    public Task Writes_7200_seconds_into_a_System_Web_Cors_policy()
        => ProjectBuilder.Create().WithAnalyzer<LongPreflightCacheRule>().WithCodeFixProvider<LongPreflightCacheFixer>().WithoutAspNetCore()
            .WithSource("""
                namespace System.Web.Cors { public class CorsPolicy { public long? PreflightMaxAge { get; set; } } }

                class Provider
                {
                    System.Web.Cors.CorsPolicy Make() => new System.Web.Cors.CorsPolicy { PreflightMaxAge = [|604800|] };
                }
                """)
            .ShouldReportMessages(Msg("604800", "604800"))
            .ShouldFixCodeWith("""
                namespace System.Web.Cors { public class CorsPolicy { public long? PreflightMaxAge { get; set; } } }

                class Provider
                {
                    System.Web.Cors.CorsPolicy Make() => new System.Web.Cors.CorsPolicy { PreflightMaxAge = 7200 };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task No_fix_for_a_value_named_by_a_constant_other_code_may_use()
        => Build("""
                const string Week = "604800";

                void M(HttpContext context) => context.Response.Headers["Access-Control-Max-Age"] = [|Week|];
            """)
            .ShouldReportMessages(Msg("Week", "604800"))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
