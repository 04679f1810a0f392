using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class UndefinedPolicyNameTests
{
    private static string Message(string code, string defined)
        => $"'{code}' names no CORS policy of the app, which defines {defined}; names are case-sensitive, so these requests get no CORS headers and the browser blocks them";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<UndefinedPolicyNameRule>()
        .WithSource("using Microsoft.AspNetCore.Cors;\nusing Microsoft.AspNetCore.Cors.Infrastructure;\nusing Microsoft.AspNetCore.Mvc;\n\n" + body + "\n");

    private const string Services = """
        static class Setup
        {
            public static void Services(IServiceCollection services)
                => services.AddCors(o =>
                {
                    o.AddPolicy("Frontend", b => b.WithOrigins("https://app.contoso.com"));
                    o.AddPolicy("Admin", b => b.WithOrigins("https://admin.contoso.com"));
                });
        }
        """;

    // ---------------------------------------------------------------- UseCors, RequireCors, [EnableCors]

    [Fact]
    public Task UseCors_with_a_name_in_another_case()
        => Build(Services + """

            static class Pipeline
            {
                public static void Configure(WebApplication app) => app.UseCors([|"FrontEnd"|]);
            }
            """).ShouldReportMessages(Message("\"FrontEnd\"", "\"Admin\", \"Frontend\"")).ValidateAsync();

    [Fact]
    public Task UseCors_with_a_defined_name_is_fine()
        => Build(Services + """

            static class Pipeline
            {
                public static void Configure(WebApplication app) => app.UseCors("Frontend");
            }
            """).ValidateAsync();

    [Fact]
    public Task RequireCors_and_EnableCors_on_a_controller_an_action_and_a_lambda()
        => Build(Services + """

            static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/a", () => "a").RequireCors([|"Fronted"|]);
                    app.MapGet("/b", [EnableCors([|"admin"|])] () => "b");
                    app.MapGet("/c", () => "c").WithMetadata(new EnableCorsAttribute([|"Partners"|]));
                }
            }

            [EnableCors([|"Mobile"|])]
            public sealed class OrdersController : ControllerBase
            {
                [EnableCors(PolicyName = [|"Admn"|])]
                public string Get() => "order";
            }
            """).ShouldReportMessages(
                Message("\"Fronted\"", "\"Admin\", \"Frontend\""),
                Message("\"admin\"", "\"Admin\", \"Frontend\""),
                Message("\"Partners\"", "\"Admin\", \"Frontend\""),
                Message("\"Mobile\"", "\"Admin\", \"Frontend\""),
                Message("\"Admn\"", "\"Admin\", \"Frontend\""))
            .ValidateAsync();

    [Fact]
    public Task RequireCors_and_EnableCors_with_defined_names_are_fine()
        => Build(Services + """

            static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/a", () => "a").RequireCors("Frontend");
                    app.MapGet("/b", [EnableCors("Admin")] () => "b");
                    app.MapGet("/c", () => "c").WithMetadata(new EnableCorsAttribute("Admin"));
                }
            }

            [EnableCors("Frontend")]
            public sealed class OrdersController : ControllerBase
            {
                [EnableCors(PolicyName = "Admin")]
                public string Get() => "order";
            }
            """).ValidateAsync();

    [Fact]
    public Task Names_without_a_name_are_never_findings()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Frontend", b => b.WithOrigins("https://app.contoso.com")));
                    app.UseCors();
                    app.MapGet("/a", () => "a").RequireCors("Frontend");
                    app.MapGet("/b", [EnableCors] () => "b");
                    app.MapGet("/c", () => "c").RequireCors(b => b.WithOrigins("https://c.contoso.com"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task The_default_policy_has_no_name_a_use_can_give()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddDefaultPolicy(b => b.WithOrigins("https://app.contoso.com")));
                    app.UseCors([|"Default"|]);
                }
            }
            """).ShouldReportMessages(Message("\"Default\"", "no named policy")).ValidateAsync();

    // ---------------------------------------------------------------- how names are resolved

    [Fact]
    public Task Constants_and_nameof_are_resolved()
        => Build("""
            static class Policies
            {
                public const string Frontend = "Frontend";
                public const string Admin = "admin";
            }

            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy(Policies.Frontend, b => b.WithOrigins("https://app.contoso.com"));
                        o.AddPolicy(nameof(Program), b => b.WithOrigins("https://program.contoso.com"));
                        o.AddPolicy("Admin", b => b.WithOrigins("https://admin.contoso.com"));
                    });
                    app.UseCors("Frontend");
                    app.MapGet("/a", () => "a").RequireCors(nameof(Program));
                    app.MapGet("/b", () => "b").RequireCors([|Policies.Admin|]);
                    app.MapGet("/c", () => "c").RequireCors([|nameof(Policies)|]);
                }
            }
            """).ShouldReportMessages(
                Message("Policies.Admin", "\"Admin\", \"Frontend\", \"Program\""),
                Message("nameof(Policies)", "\"Admin\", \"Frontend\", \"Program\""))
            .ValidateAsync();

    [Fact]
    public Task Names_are_gathered_from_every_file_of_the_project()
        => ProjectBuilder.Create()
            .WithAnalyzer<UndefinedPolicyNameRule>()
            .WithSource(Services, "/0/Setup.cs")
            .WithSource("""
                using Microsoft.AspNetCore.Cors;
                using Microsoft.AspNetCore.Mvc;

                [EnableCors("Admin")]
                public sealed class AdminController : ControllerBase
                {
                    [EnableCors([|"Partners"|])]
                    public string Get() => "x";
                }
                """, "/0/AdminController.cs")
            .ShouldReportMessages(Message("\"Partners\"", "\"Admin\", \"Frontend\""))
            .ValidateAsync();

    [Fact]
    public Task Readonly_fields_and_locals_initialized_with_a_constant_are_resolved()
        => ProjectBuilder.Create()
            .WithAnalyzer<UndefinedPolicyNameRule>()
            .WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)
            .WithSource("""
                var MyAllowSpecificOrigins = "_myAllowSpecificOrigins";
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddCors(options =>
                {
                    options.AddPolicy(name: MyAllowSpecificOrigins, policy => policy.WithOrigins("https://example.com"));
                    options.AddPolicy(Names.Admin, policy => policy.WithOrigins("https://admin.example.com"));
                });
                var app = builder.Build();
                app.UseCors(MyAllowSpecificOrigins);
                app.MapGet("/a", () => "a").RequireCors(Names.Admin);
                app.MapGet("/b", () => "b").RequireCors([|Names.Partners|]);
                app.Run();

                static class Names
                {
                    public static readonly string Admin = "Admin";
                    public static readonly string Partners = "partners";
                }
                """)
            .ShouldReportMessages(Message("Names.Partners", "\"Admin\", \"_myAllowSpecificOrigins\""))
            .ValidateAsync();

    [Fact]
    public Task A_local_assigned_again_is_not_a_known_name()
        => ProjectBuilder.Create()
            .WithAnalyzer<UndefinedPolicyNameRule>()
            .WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)
            .WithSource("""
                var policyName = "Frontend";
                if (args.Length > 0)
                {
                    policyName = args[0];
                }

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddCors(options => options.AddPolicy(policyName, policy => policy.WithOrigins("https://example.com")));
                var app = builder.Build();
                app.UseCors("Frontend");
                app.Run();
                """)
            .ValidateAsync();

    [Fact]
    public Task A_name_read_at_run_time_means_silence()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, IConfiguration configuration, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Frontend", b => b.WithOrigins("https://app.contoso.com"));
                        o.AddPolicy(configuration["Cors:PolicyName"]!, b => b.WithOrigins("https://other.contoso.com"));
                    });
                    app.UseCors("FrontEnd");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task A_loop_over_configured_policies_means_silence()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, IConfiguration configuration, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        foreach (var policy in configuration.GetSection("Cors:Policies").GetChildren())
                        {
                            o.AddPolicy(policy.Key, b => b.WithOrigins(policy["Origin"]!));
                        }
                    });
                    app.UseCors("Partners");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task A_policy_provider_of_our_own_means_silence()
        => Build(Services + """

            sealed class TenantPolicies : ICorsPolicyProvider
            {
                public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) => Task.FromResult<CorsPolicy?>(null);
            }

            static class Pipeline
            {
                public static void Configure(WebApplication app) => app.UseCors("tenant");
            }
            """).ValidateAsync();

    [Fact]
    public Task A_default_policy_name_of_our_own_means_silence()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.DefaultPolicyName = "Site";
                        o.AddDefaultPolicy(b => b.WithOrigins("https://app.contoso.com"));
                    });
                    app.UseCors("Site");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Without_AddCors_the_policies_may_be_defined_elsewhere()
        => Build("""
            [EnableCors("Partners")]
            public sealed class OrdersController : ControllerBase
            {
            }
            """).ValidateAsync();
}
