using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis.Testing;

namespace CorsAnalyzers.Tests;

public sealed class RefusedPreflightFixerTests
{
    private static string Msg(string policy, string allowed, string endpoint, string needs)
        => $"{policy} allows {allowed} but {endpoint} needs {needs}; the browser's preflight fails and the request is never sent";

    /// <summary>
    /// CORS010 is judged at compilation end (once every endpoint and policy of the project is known), so each of its
    /// diagnostics is non-local by design, and Microsoft.CodeAnalysis.Testing refuses to fix non-local diagnostics unless told.
    /// </summary>
    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<RefusedPreflightRule>().WithCodeFixProvider<RefusedPreflightFixer>().WithSource(source)
            .WithTest(t => t.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck);

    [Fact]
    public Task Adds_the_missing_method_to_WithMethods()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|("GET", "POST")|]));
                    app.UseCors("Partner");
                    app.MapDelete("/orders/{id}", (int id) => id);
                }
            }
            """)
            .ShouldReportMessages(Msg("Policy 'Partner'", "GET, POST", "'DELETE /orders/{id}'", "DELETE"))
            .ShouldFixCodeWith("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET", "POST", "DELETE")));
                    app.UseCors("Partner");
                    app.MapDelete("/orders/{id}", (int id) => id);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_adds_each_policys_missing_methods_in_the_lists_own_style()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|(HttpMethods.Get, HttpMethods.Post)|]);
                        o.AddPolicy("Admin", b => b
                            .WithOrigins("https://admin.example")
                            .WithMethods[|(
                                "GET",
                                "PUT")|]);
                    });
                    app.UseCors();
                    app.MapPut("/orders/{id}", (int id) => id).RequireCors("Partner");
                    app.MapDelete("/orders/{id}", (int id) => id).RequireCors("Partner");
                    app.MapMethods("/admin/{id}", new[] { "PATCH", "DELETE", "PUT" }, (int id) => id).RequireCors("Admin");
                }
            }
            """)
            .ShouldReportMessages(
                Msg("Policy 'Partner'", "GET, POST", "'PUT /orders/{id}'", "PUT, and other endpoints under it need DELETE"),
                Msg("Policy 'Admin'", "GET, PUT", "'PATCH /admin/{id}'", "PATCH, DELETE"))
            .ShouldFixCodeWith("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete));
                        o.AddPolicy("Admin", b => b
                            .WithOrigins("https://admin.example")
                            .WithMethods(
                                "GET",
                                "PUT", "PATCH", "DELETE"));
                    });
                    app.UseCors();
                    app.MapPut("/orders/{id}", (int id) => id).RequireCors("Partner");
                    app.MapDelete("/orders/{id}", (int id) => id).RequireCors("Partner");
                    app.MapMethods("/admin/{id}", new[] { "PATCH", "DELETE", "PUT" }, (int id) => id).RequireCors("Admin");
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Adds_Authorization_to_WithHeaders()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddBearerToken();
                    services.AddCors(o => o.AddDefaultPolicy(b => b.WithOrigins("https://app.example").WithHeaders[|("Content-Type")|]));
                    app.UseCors();
                    app.MapGet("/me", () => "me").RequireAuthorization();
                }
            }
            """)
            .ShouldReportMessages(Msg("The default policy", "the headers Content-Type", "'GET /me'", "Authorization (it requires a bearer token)"))
            .ShouldFixCodeWith("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddBearerToken();
                    services.AddCors(o => o.AddDefaultPolicy(b => b.WithOrigins("https://app.example").WithHeaders("Content-Type", "Authorization")));
                    app.UseCors();
                    app.MapGet("/me", () => "me").RequireAuthorization();
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Adds_the_missing_method_to_a_hand_written_value()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors();
                    app.Use(async (context, next) =>
                    {
                        context.Response.Headers["Access-Control-Allow-Methods"] = [|"GET,POST"|];
                        await next(context);
                    });
                    app.MapPatch("/items/{id}", (int id) => id);
                }
            }
            """)
            .ShouldReportMessages(Msg("The hand-written Access-Control-Allow-Methods", "GET, POST", "'PATCH /items/{id}'", "PATCH"))
            .ShouldFixCodeWith("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors();
                    app.Use(async (context, next) =>
                    {
                        context.Response.Headers["Access-Control-Allow-Methods"] = "GET,POST,PATCH";
                        await next(context);
                    });
                    app.MapPatch("/items/{id}", (int id) => id);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task No_fix_for_a_hand_written_star_or_a_list_passed_as_an_array()
        => Build("""
            static class Program
            {
                private static readonly string[] Methods = { "GET" };

                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddBearerToken();
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|(Methods)|]));
                    app.Use(async (context, next) =>
                    {
                        context.Response.Headers.AccessControlAllowHeaders = [|"*"|];
                        await next(context);
                    });
                    app.MapPut("/items/{id}", (int id) => id).RequireCors("Partner");
                    app.MapGet("/me", () => "me").RequireAuthorization();
                }
            }
            """)
            .ShouldReportMessages(
                Msg("Policy 'Partner'", "GET", "'PUT /items/{id}'", "PUT"),
                Msg("The hand-written Access-Control-Allow-Headers", "'*', which never covers Authorization", "'GET /me'", "Authorization (it requires a bearer token)"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task No_fix_for_a_half_typed_list()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|("GET" "POST")|]));
                    app.UseCors("Partner");
                    app.MapDelete("/orders/{id}", (int id) => id);
                }
            }
            """)
            .AllowCompilerErrors()
            .ShouldReportMessages(Msg("Policy 'Partner'", "GET, POST", "'DELETE /orders/{id}'", "DELETE"))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
