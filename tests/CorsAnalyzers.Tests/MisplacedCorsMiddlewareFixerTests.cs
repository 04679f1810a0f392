using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class MisplacedCorsMiddlewareFixerTests
{
    private static string Msg(string code, string reason) => $"'{code}' {reason}";

    private const string PreflightRejected = "which can reject a preflight request before any CORS header is added";

    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<MisplacedCorsMiddlewareRule>().WithCodeFixProvider<MisplacedCorsMiddlewareFixer>().WithSource(source);

    [Fact]
    public Task Moves_UseCors_just_after_UseRouting_in_top_level_code_with_its_comments_but_the_one_that_said_where_it_stood()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors();
            var app = builder.Build();

            {|+k:app.UseRouting();|}
            app.UseAuthentication();
            app.UseAuthorization();

            // The SPA's policy.
            // Added last, after authorization.
            app.{|CORS007#k:UseCors("Frontend")|};

            app.MapControllers();
            app.Run();
            """)
            .WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)
            .ShouldReportMessages(Msg("UseCors(\"Frontend\")", "runs after 'UseAuthentication()', " + PreflightRejected))
            .ShouldFixCodeWith("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors();
            var app = builder.Build();

            app.UseRouting();
            // The SPA's policy.
            app.UseCors("Frontend");
            app.UseAuthentication();
            app.UseAuthorization();

            app.MapControllers();
            app.Run();
            """)
            .ValidateAsync();

    [Fact]
    public Task Moves_UseCors_before_the_first_middleware_it_must_precede()
        => Build("""
            static class Pipeline
            {
                public static void Configure(WebApplication app)
                {
                    app.UseHttpsRedirection();

                    {|+k:app.UseResponseCaching();|}
                    app.UseAuthorization();
                    app.{|CORS007#k:UseCors()|};
                }
            }
            """)
            .ShouldReportMessages(Msg("UseCors()", "runs after 'UseResponseCaching()', so a cached response can carry the CORS headers of another origin"))
            .ShouldFixCodeWith("""
            static class Pipeline
            {
                public static void Configure(WebApplication app)
                {
                    app.UseHttpsRedirection();

                    app.UseCors();
                    app.UseResponseCaching();
                    app.UseAuthorization();
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_moves_UseCors_after_UseRouting_in_each_pipeline()
        => Build("""
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.{|CORS007#a:UseCors()|};
                    {|+a:app.UseRouting();|}
                    app.UseAuthorization();
                    app.UseEndpoints(e => e.MapGet("/", () => "x").RequireCors("Frontend"));
                }
            }

            public sealed class AdminStartup
            {
                public void Configure(IApplicationBuilder app)
                {
                    {|+b:app.UseRouting();|}
                    app.UseEndpoints(e => e.MapControllers());
                    app.{|CORS007#b:UseCors("Admin")|};
                }
            }
            """)
            .ShouldReportMessages(
                Msg("UseCors()", "runs before 'UseRouting()', so it cannot see the endpoints' CORS policies (RequireCors, [EnableCors]) and applies only its own"),
                Msg("UseCors(\"Admin\")", "runs after 'UseEndpoints(...)', so it never runs for those endpoints"))
            .ShouldBatchFixCodeWith("""
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseCors();
                    app.UseAuthorization();
                    app.UseEndpoints(e => e.MapGet("/", () => "x").RequireCors("Frontend"));
                }
            }

            public sealed class AdminStartup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseCors("Admin");
                    app.UseEndpoints(e => e.MapControllers());
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task No_fix_for_a_missing_UseCors_nor_where_after_UseRouting_is_after_authorization()
        => Build("""
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseEndpoints(e => e.MapGet("/", () => "x").[|RequireCors("Frontend")|]);
                }
            }

            public sealed class OddStartup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.[|UseCors()|];
                    app.UseAuthorization();
                    app.UseRouting();
                    app.UseEndpoints(e => e.MapGet("/", () => "x").RequireCors("Frontend"));
                }
            }
            """)
            .ShouldReportMessages(
                Msg("RequireCors(\"Frontend\")", "gives this endpoint a CORS policy, but the app never calls UseCors(), so every request to it fails with an error"),
                Msg("UseCors()", "runs before 'UseRouting()', so it cannot see the endpoints' CORS policies (RequireCors, [EnableCors]) and applies only its own"))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
