using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class MisplacedCorsMiddlewareTests
{
    private const string PreflightRejected = "which can reject a preflight request before any CORS header is added";
    private const string CachedHeaders = "so a cached response can carry the CORS headers of another origin";
    private const string NeverRuns = "so it never runs for those endpoints";
    private const string BeforeRouting = "so it cannot see the endpoints' CORS policies (RequireCors, [EnableCors]) and applies only its own";
    private const string Missing = "gives this endpoint a CORS policy, but the app never calls UseCors(), so every request to it fails with an error";

    private static string Message(string code, string reason) => $"'{code}' {reason}";

    private static string After(string call, string reason) => $"runs after '{call}', {reason}";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<MisplacedCorsMiddlewareRule>()
        .WithSource("using Microsoft.AspNetCore.Cors;\nusing Microsoft.AspNetCore.Mvc;\n\n" + body + "\n");

    private static ProjectBuilder TopLevel(string statements, string types = "") => ProjectBuilder.Create()
        .WithAnalyzer<MisplacedCorsMiddlewareRule>()
        .WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)
        .WithSource("using Microsoft.AspNetCore.Cors;\nusing Microsoft.AspNetCore.Mvc;\n\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddCors();\nvar app = builder.Build();\n\n" + statements + "\n\napp.Run();\n\n" + types);

    // ---------------------------------------------------------------- after what it must precede

    [Fact]
    public Task After_UseAuthorization()
        => TopLevel("""
            {|+k:app.UseRouting();|}
            app.UseAuthorization();
            app.{|CORS007#k:UseCors("Frontend")|};
            """).ShouldReportMessages(Message("UseCors(\"Frontend\")", After("UseAuthorization()", PreflightRejected))).ValidateAsync();

    [Fact]
    public Task Before_UseAuthorization_is_fine()
        => TopLevel("""
            app.UseRouting();
            app.UseCors("Frontend");
            app.UseAuthorization();
            """).ValidateAsync();

    [Fact]
    public Task After_UseAuthentication_names_the_first_one()
        => TopLevel("""
            {|+k:app.UseAuthentication();|}
            app.UseAuthorization();
            app.{|CORS007#k:UseCors()|};
            """).ShouldReportMessages(Message("UseCors()", After("UseAuthentication()", PreflightRejected))).ValidateAsync();

    [Fact]
    public Task After_UseResponseCaching_and_UseOutputCache()
        => Build("""
            static class Pipeline
            {
                public static void A(WebApplication app)
                {
                    {|+a:app.UseResponseCaching();|}
                    app.{|CORS007#a:UseCors()|};
                }

                public static void B(WebApplication app)
                {
                    {|+b:app.UseOutputCache();|}
                    app.{|CORS007#b:UseCors()|};
                }
            }
            """).ShouldReportMessages(
                Message("UseCors()", After("UseResponseCaching()", CachedHeaders)),
                Message("UseCors()", After("UseOutputCache()", CachedHeaders)))
            .ValidateAsync();

    [Fact]
    public Task Before_caching_is_fine()
        => Build("""
            static class Pipeline
            {
                public static void A(WebApplication app)
                {
                    app.UseCors();
                    app.UseResponseCaching();
                    app.UseOutputCache();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task After_UseEndpoints_in_Startup()
        => Build("""
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
                    {|+k:app.UseRouting();|}
                    app.UseEndpoints(endpoints => endpoints.MapControllers());
                    app.{|CORS007#k:UseCors()|};
                }
            }
            """).ShouldReportMessages(Message("UseCors()", After("UseEndpoints(...)", NeverRuns))).ValidateAsync();

    [Fact]
    public Task Between_UseRouting_and_UseEndpoints_in_Startup_is_fine()
        => Build("""
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseCors();
                    app.UseAuthentication();
                    app.UseAuthorization();
                    app.UseEndpoints(endpoints => endpoints.MapControllers().RequireCors("Frontend"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Each_pipeline_is_judged_on_its_own()
        => Build("""
            static class Pipelines
            {
                public static void Two(WebApplication site, WebApplication admin)
                {
                    site.UseAuthorization();
                    admin.UseCors();
                    admin.UseAuthorization();
                }
            }
            """).ValidateAsync();

    // ---------------------------------------------------------------- before an explicit UseRouting

    [Fact]
    public Task Before_explicit_UseRouting_with_RequireCors()
        => TopLevel("""
            app.{|CORS007#k:UseCors()|};
            {|+k:app.UseRouting();|}
            app.MapGet("/", () => "x").RequireCors("Frontend");
            """).ShouldReportMessages(Message("UseCors()", "runs before 'UseRouting()', " + BeforeRouting)).ValidateAsync();

    [Fact]
    public Task Before_explicit_UseRouting_with_EnableCors_on_a_controller()
        => TopLevel("""
            app.{|CORS007#k:UseCors()|};
            {|+k:app.UseRouting();|}
            app.MapControllers();
            """, """
            [EnableCors("Frontend")]
            public sealed class OrdersController : ControllerBase
            {
            }
            """).ShouldReportMessages(Message("UseCors()", "runs before 'UseRouting()', " + BeforeRouting)).ValidateAsync();

    [Fact]
    public Task Before_explicit_UseRouting_without_endpoint_metadata_is_fine()
        => TopLevel("""
            app.UseCors("Frontend");
            app.UseRouting();
            app.MapGet("/", () => "x");
            """).ValidateAsync();

    [Fact]
    public Task Endpoints_mapped_on_WebApplication_run_last_whatever_the_order()
        => TopLevel("""
            app.MapGet("/", () => "x").RequireCors("Frontend");
            app.MapControllers();
            app.UseCors();
            """).ValidateAsync();

    [Fact]
    public Task Implicit_routing_of_WebApplication_is_fine()
        => TopLevel("""
            app.UseCors();
            app.UseAuthorization();
            app.MapGet("/", () => "x").RequireCors("Frontend");
            """).ValidateAsync();

    // ---------------------------------------------------------------- missing

    [Fact]
    public Task RequireCors_without_UseCors()
        => TopLevel("""
            app.UseRouting();
            app.MapGet("/", () => "x").[|RequireCors("Frontend")|];
            """).ShouldReportMessages(Message("RequireCors(\"Frontend\")", Missing)).ValidateAsync();

    [Fact]
    public Task RequireCors_inside_UseEndpoints_without_UseCors()
        => Build("""
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapGet("/", () => "x").[|RequireCors("Frontend")|]);
                }
            }
            """).ShouldReportMessages(Message("RequireCors(\"Frontend\")", Missing)).ValidateAsync();

    [Fact]
    public Task RequireCors_with_UseCors_in_a_branch_is_fine()
        => TopLevel("""
            if (app.Environment.IsDevelopment())
            {
                app.UseCors();
            }

            app.MapGet("/", () => "x").RequireCors("Frontend");
            """).ValidateAsync();

    [Fact]
    public Task RequireCors_in_a_pipeline_handed_to_our_own_helper_is_not_judged()
        => TopLevel("""
            app.UseCompanyDefaults();
            app.MapGet("/", () => "x").RequireCors("Frontend");
            """, """
            static class Company
            {
                public static void UseCompanyDefaults(this WebApplication app) => app.UseCors();
            }
            """).ValidateAsync();

    [Fact]
    public Task RequireCors_on_a_route_group_with_UseCors_is_fine()
        => TopLevel("""
            app.UseCors();
            var api = app.MapGroup("/api");
            api.MapGet("/", () => "x").RequireCors("Frontend");
            app.MapGroup("/admin").RequireCors("Admin");
            """).ValidateAsync();

    [Fact]
    public Task RequireCors_on_a_route_group_without_UseCors()
        => TopLevel("""
            app.MapGroup("/admin").[|RequireCors("Admin")|];
            """).ShouldReportMessages(Message("RequireCors(\"Admin\")", Missing)).ValidateAsync();

    [Fact]
    public Task RequireCors_on_an_app_passed_in_is_not_judged()
        => Build("""
            static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/", () => "x").RequireCors("Frontend");
            }
            """).ValidateAsync();

    // ---------------------------------------------------------------- when the order cannot be known

    [Fact]
    public Task UseCors_in_a_branch_is_not_judged()
        => TopLevel("""
            app.UseAuthorization();
            if (app.Environment.IsDevelopment())
            {
                app.UseCors();
            }
            """).ValidateAsync();

    [Fact]
    public Task Middleware_in_a_branch_does_not_count()
        => TopLevel("""
            if (app.Environment.IsProduction())
            {
                app.UseAuthorization();
            }

            app.UseCors();
            """).ValidateAsync();
}
