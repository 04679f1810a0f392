using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis.Testing;

namespace CorsAnalyzers.Tests;

public sealed class UndefinedPolicyNameFixerTests
{
    private static string Msg(string code, string defined)
        => $"'{code}' names no CORS policy of the app, which defines {defined}; names are case-sensitive, so these requests get no CORS headers and the browser blocks them";

    /// <summary>
    /// CORS008 is judged at compilation end (only once every policy name of the project is known), so each of its
    /// diagnostics is non-local by design, and Microsoft.CodeAnalysis.Testing refuses to fix non-local diagnostics unless told.
    /// </summary>
    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<UndefinedPolicyNameRule>().WithCodeFixProvider<UndefinedPolicyNameFixer>().WithSource(source)
            .WithTest(t => t.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck);

    [Fact]
    public Task Uses_the_name_that_differs_only_in_case()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Frontend", b => b.WithOrigins("https://app.contoso.com")));
                    app.UseCors([|"FrontEnd"|]); // the SPA
                }
            }
            """)
            .ShouldReportMessages(Msg("\"FrontEnd\"", "\"Frontend\""))
            .ShouldFixCodeWith("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Frontend", b => b.WithOrigins("https://app.contoso.com")));
                    app.UseCors("Frontend"); // the SPA
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_uses_the_name_one_edit_away_in_every_form()
        => Build("""
            using Microsoft.AspNetCore.Cors;
            using Microsoft.AspNetCore.Mvc;

            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Frontend", b => b.WithOrigins("https://app.contoso.com"));
                        o.AddPolicy("Partners", b => b.WithOrigins("https://partner.contoso.com"));
                    });
                    app.MapGet("/a", () => "a").RequireCors([|"Fronetnd"|]);
                    app.MapGet("/b", [EnableCors([|"Partner"|])] () => "b");
                }
            }

            [EnableCors([|"partners"|])]
            public sealed class OrdersController : ControllerBase
            {
                [EnableCors(PolicyName = [|"Frontends"|])]
                public string Get() => "order";
            }
            """)
            .ShouldReportMessages(
                Msg("\"Fronetnd\"", "\"Frontend\", \"Partners\""),
                Msg("\"Partner\"", "\"Frontend\", \"Partners\""),
                Msg("\"partners\"", "\"Frontend\", \"Partners\""),
                Msg("\"Frontends\"", "\"Frontend\", \"Partners\""))
            .ShouldBatchFixCodeWith("""
            using Microsoft.AspNetCore.Cors;
            using Microsoft.AspNetCore.Mvc;

            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Frontend", b => b.WithOrigins("https://app.contoso.com"));
                        o.AddPolicy("Partners", b => b.WithOrigins("https://partner.contoso.com"));
                    });
                    app.MapGet("/a", () => "a").RequireCors("Frontend");
                    app.MapGet("/b", [EnableCors("Partners")] () => "b");
                }
            }

            [EnableCors("Partners")]
            public sealed class OrdersController : ControllerBase
            {
                [EnableCors(PolicyName = "Frontend")]
                public string Get() => "order";
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task No_fix_when_no_name_or_two_names_are_close()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("ApiA", b => b.WithOrigins("https://a.contoso.com"));
                        o.AddPolicy("ApiB", b => b.WithOrigins("https://b.contoso.com"));
                    });
                    app.UseCors([|"ApiC"|]);
                    app.MapGet("/", () => "x").RequireCors([|"Mobile"|]);
                }
            }
            """)
            .ShouldReportMessages(Msg("\"ApiC\"", "\"ApiA\", \"ApiB\""), Msg("\"Mobile\"", "\"ApiA\", \"ApiB\""))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task No_fix_for_a_constant()
        => Build("""
            static class Program
            {
                const string Spa = "FrontEnd";

                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Frontend", b => b.WithOrigins("https://app.contoso.com")));
                    app.UseCors([|Spa|]);
                }
            }
            """)
            .ShouldReportMessages(Msg("Spa", "\"Frontend\""))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
