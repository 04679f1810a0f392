using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class RefusedPreflightTests
{
    private static string Msg(string policy, string allowed, string endpoint, string needs)
        => $"{policy} allows {allowed} but {endpoint} needs {needs}; the browser's preflight fails and the request is never sent";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<RefusedPreflightRule>()
        .WithSource("using Microsoft.AspNetCore.Authorization;\nusing Microsoft.AspNetCore.Cors;\nusing Microsoft.AspNetCore.Cors.Infrastructure;\nusing Microsoft.AspNetCore.Mvc;\n\n" + body + "\n");

    // ---------------------------------------------------------------- methods: minimal APIs

    [Fact]
    public Task A_named_policy_without_the_method_of_a_MapDelete_under_it()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|("GET", "POST")|]));
                    app.UseCors();
                    app.MapGet("/orders", () => "all").RequireCors("Partner");
                    app.MapDelete("/orders/{id}", (int id) => id).RequireCors("Partner");
                }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "GET, POST", "'DELETE /orders/{id}'", "DELETE")).ValidateAsync();

    [Fact]
    public Task A_named_policy_with_the_method_is_fine()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET", "POST", "delete")));
                    app.UseCors();
                    app.MapDelete("/orders/{id}", (int id) => id).RequireCors("Partner");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task AllowAnyMethod_is_fine()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET").AllowAnyMethod()));
                    app.UseCors();
                    app.MapDelete("/orders/{id}", (int id) => id).RequireCors("Partner");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Endpoints_that_map_only_GET_HEAD_and_POST_send_no_preflight_for_the_method()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET")));
                    app.UseCors();
                    app.MapGet("/orders", () => "all").RequireCors("Partner");
                    app.MapPost("/orders", () => "made").RequireCors("Partner");
                    app.MapMethods("/orders", new[] { "HEAD" }, () => "").RequireCors("Partner");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task An_endpoint_no_policy_covers_is_not_the_policys_concern()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET")));
                    app.MapGet("/orders", () => "all").RequireCors("Partner");
                    app.MapDelete("/orders/{id}", (int id) => id);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Every_missing_method_is_named_with_the_first_endpoint_that_needs_one()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|(HttpMethods.Get, HttpMethods.Post)|]));
                    app.UseCors("Partner");
                    app.MapDelete("/orders/{id}", (int id) => id);
                    app.MapPut("/orders/{id}", (int id) => id);
                    app.MapMethods("/orders/{id}", new[] { "PATCH", "GET" }, (int id) => id);
                }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "GET, POST", "'DELETE /orders/{id}'", "DELETE, and other endpoints under it need PUT, PATCH")).ValidateAsync();

    [Fact]
    public Task The_default_policy_of_UseCors_covers_endpoints_that_pick_none()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddDefaultPolicy(b => b.WithOrigins("https://app.example").WithMethods[|("GET")|]);
                        o.AddPolicy("Admin", b => b.WithOrigins("https://admin.example").AllowAnyMethod());
                    });
                    app.UseCors();
                    app.MapPut("/items/{id}", (int id) => id);
                    app.MapDelete("/admin/items/{id}", (int id) => id).RequireCors("Admin");
                }
            }
            """).ShouldReportMessages(Msg("The default policy", "GET", "'PUT /items/{id}'", "PUT")).ValidateAsync();

    [Fact]
    public Task An_endpoint_that_picks_another_policy_leaves_the_default_one()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddDefaultPolicy(b => b.WithOrigins("https://app.example").WithMethods("GET"));
                        o.AddPolicy("Admin", b => b.WithOrigins("https://admin.example").AllowAnyMethod());
                    });
                    app.UseCors();
                    app.MapPut("/items/{id}", (int id) => id).RequireCors("Admin");
                    app.MapDelete("/items/{id}", [DisableCors] (int id) => id);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task An_inline_policy_of_RequireCors()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors();
                    app.UseCors();
                    app.MapDelete("/x/{id}", (int id) => id).RequireCors(b => b.WithOrigins("https://app.example").WithMethods[|("GET")|]);
                    app.MapPut("/y/{id}", (int id) => id).RequireCors(b => b.WithOrigins("https://app.example").WithMethods("GET", "PUT"));
                }
            }
            """).ShouldReportMessages(Msg("The policy of RequireCors(...)", "GET", "'DELETE /x/{id}'", "DELETE")).ValidateAsync();

    // ---------------------------------------------------------------- methods: route groups

    [Fact]
    public Task A_route_group_with_RequireCors_in_its_chain_or_in_a_later_statement()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|("GET")|]);
                        o.AddPolicy("Admin", b => b.WithOrigins("https://admin.example").WithMethods[|("GET", "PUT")|]);
                    });
                    app.UseCors();
                    var api = app.MapGroup("/api").RequireCors("Partner");
                    api.MapPatch("/items/{id}", (int id) => id);
                    var admin = app.MapGroup("/admin");
                    admin.RequireCors("Admin");
                    admin.MapGroup("/v1").MapDelete("/items/{id}", (int id) => id);
                }
            }
            """).ShouldReportMessages(
                Msg("Policy 'Partner'", "GET", "'PATCH /api/items/{id}'", "PATCH"),
                Msg("Policy 'Admin'", "GET, PUT", "'DELETE /admin/v1/items/{id}'", "DELETE"))
            .ValidateAsync();

    [Fact]
    public Task An_endpoints_own_policy_wins_over_its_groups()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET"));
                        o.AddPolicy("Admin", b => b.WithOrigins("https://admin.example").WithMethods("GET", "PATCH"));
                    });
                    app.UseCors();
                    var api = app.MapGroup("/api").RequireCors("Partner");
                    api.MapPatch("/items/{id}", (int id) => id).RequireCors("Admin");
                    api.MapGet("/items", () => "all");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task A_group_handed_in_by_a_caller_may_carry_conventions_the_analyzer_cannot_see()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddDefaultPolicy(b => b.WithOrigins("https://app.example").WithMethods("GET")));
                    app.UseCors();
                    MapItems(app.MapGroup("/items"));
                }

                private static void MapItems(RouteGroupBuilder items) => items.MapDelete("/{id}", (int id) => id);
            }
            """).ValidateAsync();

    [Fact]
    public Task A_handlers_EnableCors_wins_over_its_groups_policy()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|("GET")|]);
                        o.AddPolicy("Admin", b => b.WithOrigins("https://admin.example").WithMethods("GET", "DELETE"));
                    });
                    app.UseCors();
                    var api = app.MapGroup("/api").RequireCors("Partner");
                    api.MapDelete("/items/{id}", [EnableCors("Admin")] (int id) => id);
                    api.MapPut("/items/{id}", (int id) => id);
                }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "GET", "'PUT /api/items/{id}'", "PUT")).ValidateAsync();

    [Fact]
    public Task Endpoints_mapped_in_UseEndpoints_under_the_middlewares_policy()
        => Build("""
            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("Spa", b => b.WithOrigins("https://spa.example").WithMethods[|("GET", "PUT")|]));

                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseCors("Spa");
                    app.UseEndpoints(endpoints =>
                    {
                        endpoints.MapGet("/items", () => "all");
                        endpoints.MapPut("/items/{id}", (int id) => id);
                        endpoints.MapDelete("/items/{id}", Handlers.Delete);
                    });
                }
            }

            static class Handlers
            {
                public static int Delete(int id) => id;
            }
            """).ShouldReportMessages(Msg("Policy 'Spa'", "GET, PUT", "'DELETE /items/{id}' (Handlers.Delete)", "DELETE")).ValidateAsync();

    // ---------------------------------------------------------------- methods: controllers

    private const string PartnerAndAdmin = """
        static class Setup
        {
            public static void Configure(IServiceCollection services, WebApplication app)
            {
                services.AddCors(o =>
                {
                    o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods{|#0:("GET", "POST")|});
                    o.AddPolicy("Admin", b => b.WithOrigins("https://admin.example").WithMethods("GET", "DELETE"));
                });
                app.UseCors();
                app.MapControllers();
            }
        }

        """;

    [Fact]
    public Task EnableCors_on_the_controller_covers_its_actions()
        => Build(PartnerAndAdmin.Replace("{|#0:", "[|").Replace("|}", "|]") + """
            [ApiController]
            [Route("api/[controller]")]
            [EnableCors("Partner")]
            public sealed class OrdersController : ControllerBase
            {
                [HttpGet]
                public string Get() => "all";

                [HttpDelete("{id}")]
                public void Delete(int id) { }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "GET, POST", "'DELETE /api/Orders/{id}' (OrdersController.Delete)", "DELETE")).ValidateAsync();

    [Fact]
    public Task EnableCors_on_the_action_wins_over_the_controllers()
        => Build(PartnerAndAdmin.Replace("{|#0:", string.Empty).Replace("|}", string.Empty) + """
            [Route("api/orders")]
            [EnableCors("Partner")]
            public sealed class OrdersController : ControllerBase
            {
                [HttpDelete("{id}")]
                [EnableCors("Admin")]
                public void Delete(int id) { }

                [AcceptVerbs("PUT", Route = "{id}")]
                [DisableCors]
                public void Replace(int id) { }
            }
            """).ValidateAsync();

    [Fact]
    public Task AcceptVerbs_on_an_action_under_the_controllers_policy()
        => Build(PartnerAndAdmin.Replace("{|#0:", "[|").Replace("|}", "|]") + """
            [Route("api/orders")]
            [EnableCors("Admin")]
            public sealed class OrdersController : ControllerBase
            {
                [HttpDelete("{id}")]
                public void Delete(int id) { }

                [AcceptVerbs("PUT", Route = "{id}")]
                [EnableCors("Partner")]
                public void Replace(int id) { }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "GET, POST", "'PUT /api/orders/{id}' (OrdersController.Replace)", "PUT")).ValidateAsync();

    [Fact]
    public Task EnableCors_without_a_name_falls_back_to_the_middlewares_policy()
        => Build("""
            static class Setup
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|("GET")|]));
                    app.UseCors("Partner");
                    app.MapControllers();
                }
            }

            [Route("api/orders")]
            [EnableCors]
            public sealed class OrdersController : ControllerBase
            {
                [HttpPut("{id}")]
                public void Put(int id) { }

                [HttpDelete("{id}")]
                [DisableCors]
                public void Delete(int id) { }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "GET", "'PUT /api/orders/{id}' (OrdersController.Put)", "PUT")).ValidateAsync();

    [Fact]
    public Task MapControllers_RequireCors_wins_over_the_attributes()
        => Build("""
            static class Setup
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods[|("GET")|]);
                        o.AddPolicy("Admin", b => b.WithOrigins("https://admin.example").AllowAnyMethod());
                    });
                    app.UseCors();
                    app.MapControllers().RequireCors("Partner");
                }
            }

            [Route("api/orders")]
            [EnableCors("Admin")]
            public sealed class OrdersController : ControllerBase
            {
                [HttpPatch("{id}")]
                public void Patch(int id) { }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "GET", "'PATCH /api/orders/{id}' (OrdersController.Patch)", "PATCH")).ValidateAsync();

    [Fact]
    public Task Controllers_the_app_never_maps_are_not_endpoints()
        => Build("""
            static class Setup
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET")));
                    app.UseCors();
                }
            }

            [Route("api/orders")]
            [EnableCors("Partner")]
            public sealed class OrdersController : ControllerBase
            {
                [HttpDelete("{id}")]
                public void Delete(int id) { }

                public void Any() { }
            }
            """).ValidateAsync();

    // ---------------------------------------------------------------- methods: other policy shapes

    [Fact]
    public Task A_built_policy_in_one_file_and_its_controller_in_another()
        => ProjectBuilder.Create()
            .WithAnalyzer<RefusedPreflightRule>()
            .WithSource("""
                using Microsoft.AspNetCore.Cors.Infrastructure;

                static class Setup
                {
                    public static void Configure(IServiceCollection services, WebApplication app)
                    {
                        services.AddCors(o => o.AddPolicy("Partner", new CorsPolicyBuilder("https://partner.example").WithMethods[|("GET", "HEAD")|].Build()));
                        app.UseCors();
                        app.MapControllers();
                    }
                }
                """, "/0/Setup.cs")
            .WithSource("""
                using Microsoft.AspNetCore.Cors;
                using Microsoft.AspNetCore.Mvc;

                [ApiController]
                [Route("api/[controller]")]
                [EnableCors("Partner")]
                public sealed class InvoicesController : ControllerBase
                {
                    [HttpPatch("{id}")]
                    public void Patch(int id) { }
                }
                """, "/0/InvoicesController.cs")
            .ShouldReportMessages(Msg("Policy 'Partner'", "GET, HEAD", "'PATCH /api/Invoices/{id}' (InvoicesController.Patch)", "PATCH"))
            .ValidateAsync();

    [Fact]
    public Task A_CorsPolicy_whose_Methods_leave_out_PUT()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    var partner = new CorsPolicy();
                    partner.Origins.Add("https://partner.example");
                    partner.Methods.Add[|("GET")|];
                    services.AddCors(o => o.AddPolicy("Partner", partner));
                    app.UseCors("Partner");
                    app.MapPut("/items/{id}", (int id) => id);
                }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "GET", "'PUT /items/{id}'", "PUT")).ValidateAsync();

    [Fact]
    public Task What_cannot_all_be_seen_is_never_judged()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app, string[] methods)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Helper", b => Extra(b.WithOrigins("https://a.example").WithMethods("GET")));
                        o.AddPolicy("Configured", b => b.WithOrigins("https://b.example").WithMethods(methods));
                        o.AddPolicy("Twice", b => b.WithOrigins("https://c.example").WithMethods("GET"));
                        o.AddPolicy("Twice", b => b.WithOrigins("https://c.example").AllowAnyMethod());
                    });
                    app.UseCors();
                    app.MapDelete("/a", () => "").RequireCors("Helper");
                    app.MapDelete("/b", () => "").RequireCors("Configured");
                    app.MapDelete("/c", () => "").RequireCors("Twice");
                }

                private static void Extra(CorsPolicyBuilder b) => b.WithMethods("DELETE");
            }
            """).ValidateAsync();

    [Fact]
    public Task A_policy_name_computed_at_run_time_means_silence()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, IConfiguration configuration, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET"));
                        o.AddPolicy(configuration["Cors:Name"]!, b => b.AllowAnyMethod());
                    });
                    app.UseCors();
                    app.MapDelete("/a", () => "").RequireCors("Partner");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Two_UseCors_with_different_policies_leave_the_middlewares_policy_unknown()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app, bool development)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods("GET"));
                        o.AddPolicy("Local", b => b.WithOrigins("https://localhost:5001").AllowAnyMethod());
                    });
                    if (development) app.UseCors("Local"); else app.UseCors("Partner");
                    app.MapDelete("/a", () => "");
                }
            }
            """).ValidateAsync();

    // ---------------------------------------------------------------- methods: hand-written headers

    [Fact]
    public Task A_hand_written_Allow_Methods_in_middleware_for_an_app_without_UseCors()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors();
                    app.Use(async (context, next) =>
                    {
                        context.Response.Headers.AccessControlAllowOrigin = "https://app.example";
                        context.Response.Headers.AccessControlAllowMethods = [|"GET, POST"|];
                        await next(context);
                    });
                    app.MapPut("/items/{id}", (int id) => id);
                }
            }
            """).ShouldReportMessages(Msg("The hand-written Access-Control-Allow-Methods", "GET, POST", "'PUT /items/{id}'", "PUT")).ValidateAsync();

    [Fact]
    public Task A_hand_written_Allow_Methods_is_not_judged_where_a_policy_answers_or_a_handler_writes_it()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors();
                    app.MapPut("/items/{id}", (HttpContext context, int id) =>
                    {
                        context.Response.Headers.AccessControlAllowMethods = "GET, POST";
                        return id;
                    });
                }
            }
            """).ValidateAsync();

    // ---------------------------------------------------------------- headers: Authorization

    [Fact]
    public Task A_policys_headers_without_Authorization_for_an_endpoint_that_requires_a_bearer_token()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddBearerToken();
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithHeaders[|("Content-Type")|]));
                    app.UseCors();
                    app.MapGet("/public", () => "hello").RequireCors("Partner");
                    app.MapGet("/me", () => "me").RequireAuthorization().RequireCors("Partner");
                }
            }
            """).ShouldReportMessages(Msg("Policy 'Partner'", "the headers Content-Type", "'GET /me'", "Authorization (it requires a bearer token)")).ValidateAsync();

    [Fact]
    public Task A_policys_headers_with_Authorization_in_any_case_are_fine()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddBearerToken();
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithHeaders("Content-Type", "authorization"));
                        o.AddPolicy("Any", b => b.WithOrigins("https://any.example").WithHeaders("*"));
                        o.AddPolicy("Echo", b => b.WithOrigins("https://echo.example").WithHeaders("Content-Type").AllowAnyHeader());
                    });
                    app.UseCors();
                    app.MapGet("/me", () => "me").RequireAuthorization().RequireCors("Partner");
                    app.MapGet("/any", () => "me").RequireAuthorization().RequireCors("Any");
                    app.MapGet("/echo", () => "me").RequireAuthorization().RequireCors("Echo");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Cookie_authentication_sends_no_Authorization_header()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddCookie().AddBearerToken();
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithHeaders("Content-Type")));
                    app.UseCors();
                    app.MapGet("/me", () => "me").RequireAuthorization().RequireCors("Partner");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task An_anonymous_endpoint_needs_no_Authorization()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddBearerToken();
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithHeaders("Content-Type")));
                    app.UseCors("Partner");
                    var api = app.MapGroup("/api").RequireAuthorization();
                    api.MapGet("/status", () => "ok").AllowAnonymous();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task A_controller_with_Authorize_in_a_bearer_app_and_a_handler_that_reads_the_header()
        => Build("""
            static class JwtStandIn
            {
                // Microsoft.AspNetCore.Authentication.JwtBearer is a package of its own: a stand-in of the same name.
                public static Microsoft.AspNetCore.Authentication.AuthenticationBuilder AddJwtBearer(this Microsoft.AspNetCore.Authentication.AuthenticationBuilder builder) => builder;
            }

            static class Setup
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication("Bearer").AddJwtBearer();
                    services.AddCors(o =>
                    {
                        o.AddDefaultPolicy(b => b.WithOrigins("https://app.example").WithHeaders[|("Content-Type", "X-Request-Id")|]);
                        o.AddPolicy("Tokens", b => b.WithOrigins("https://tokens.example").WithHeaders[|(Microsoft.Net.Http.Headers.HeaderNames.ContentType)|]);
                    });
                    app.UseCors();
                    app.MapControllers();
                    app.MapGet("/token", (HttpRequest request) => request.Headers.Authorization.ToString()).RequireCors("Tokens");
                }
            }

            [Route("api/orders")]
            [Authorize]
            public sealed class OrdersController : ControllerBase
            {
                [HttpGet]
                public string Get() => "all";
            }
            """).ShouldReportMessages(
                Msg("The default policy", "the headers Content-Type, X-Request-Id", "'GET /api/orders' (OrdersController.Get)", "Authorization (it requires a bearer token)"),
                Msg("Policy 'Tokens'", "the headers Content-Type", "'GET /token'", "Authorization (it reads the request's Authorization header)"))
            .ValidateAsync();

    [Fact]
    public Task Handlers_that_read_the_Authorization_header_in_each_way()
        => Build("""
            static class Names
            {
                public const string Auth = "authorization";
            }

            static class Setup
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("Indexer", b => b.WithOrigins("https://a.example").WithHeaders[|("Content-Type")|]);
                        o.AddPolicy("Named", b => b.WithOrigins("https://b.example").WithHeaders[|("Content-Type")|]);
                        o.AddPolicy("TryGet", b => b.WithOrigins("https://c.example").WithHeaders[|("Content-Type")|]);
                        o.AddPolicy("Group", b => b.WithOrigins("https://d.example").WithHeaders[|("Content-Type")|]);
                        o.AddPolicy("Local", b => b.WithOrigins("https://e.example").WithHeaders[|("Content-Type")|]);
                    });
                    app.UseCors();
                    app.MapControllers();
                    app.MapGet("/indexer", (HttpContext context) => context.Request.Headers[Names.Auth].ToString()).RequireCors("Indexer");
                    app.MapGet("/named", (HttpRequest request) => request.Headers[Microsoft.Net.Http.Headers.HeaderNames.Authorization].ToString()).RequireCors("Named");
                    app.MapGet("/group", Handlers.Token).RequireCors("Group");
                    app.MapGet("/local", Token).RequireCors("Local");

                    static string Token(HttpRequest request) => request.Headers.Authorization.ToString();
                }
            }

            static class Handlers
            {
                public static string Token(HttpRequest request)
                {
                    var headers = request.Headers;
                    return headers.Authorization.ToString();
                }
            }

            [Route("api/tokens")]
            [EnableCors("TryGet")]
            public sealed class TokensController : ControllerBase
            {
                [HttpGet]
                public string Get() => Request.Headers.TryGetValue("Authorization", out var value) ? value.ToString() : "";
            }
            """).ShouldReportMessages(
                Msg("Policy 'Indexer'", "the headers Content-Type", "'GET /indexer'", "Authorization (it reads the request's Authorization header)"),
                Msg("Policy 'Named'", "the headers Content-Type", "'GET /named'", "Authorization (it reads the request's Authorization header)"),
                Msg("Policy 'TryGet'", "the headers Content-Type", "'GET /api/tokens' (TokensController.Get)", "Authorization (it reads the request's Authorization header)"),
                Msg("Policy 'Group'", "the headers Content-Type", "'GET /group' (Handlers.Token)", "Authorization (it reads the request's Authorization header)"),
                Msg("Policy 'Local'", "the headers Content-Type", "'GET /local' (Setup.Token)", "Authorization (it reads the request's Authorization header)"))
            .ValidateAsync();

    [Fact]
    public Task Handlers_that_read_other_headers_or_other_dictionaries_need_no_Authorization()
        => Build("""
            using System.Collections.Generic;

            static class Setup
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://a.example").WithHeaders("Content-Type")));
                    app.UseCors("Partner");
                    app.MapControllers();
                    app.MapGet("/agent", (HttpContext context) => context.Request.Headers["User-Agent"].ToString());
                    app.MapGet("/claims", (HttpContext context) => new Dictionary<string, string>().TryGetValue("Authorization", out var value) ? value : "");
                    app.MapGet("/later", (HttpRequest request) =>
                    {
                        string Later() => request.Headers.Authorization.ToString();
                        return "later";
                    });
                }
            }

            [Route("api/tokens")]
            public sealed class TokensController : ControllerBase
            {
                [HttpGet]
                public string Get() => Request.Headers.TryGetValue("X-Api-Key", out var value) ? value.ToString() : "";
            }
            """).ValidateAsync();

    [Fact]
    public Task A_hand_written_star_never_covers_Authorization()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddBearerToken();
                    app.Use(async (context, next) =>
                    {
                        context.Response.Headers.AccessControlAllowOrigin = "https://app.example";
                        context.Response.Headers["Access-Control-Allow-Headers"] = [|"*"|];
                        await next(context);
                    });
                    app.MapGet("/me", () => "me").RequireAuthorization();
                }
            }
            """).ShouldReportMessages(Msg("The hand-written Access-Control-Allow-Headers", "'*', which never covers Authorization", "'GET /me'", "Authorization (it requires a bearer token)")).ValidateAsync();

    [Fact]
    public Task A_hand_written_list_with_Authorization_is_fine()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddBearerToken();
                    app.Use(async (context, next) =>
                    {
                        context.Response.Headers.AccessControlAllowOrigin = "https://app.example";
                        context.Response.Headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization";
                        context.Response.Headers["Access-Control-Allow-Methods"] = "*";
                        await next(context);
                    });
                    app.MapGet("/me", () => "me").RequireAuthorization();
                    app.MapDelete("/me", () => "gone").RequireAuthorization();
                }
            }
            """).ValidateAsync();

    // ---------------------------------------------------------------- half-typed code

    [Fact]
    public Task Half_typed_code_never_throws()
        => Build("""
            static class Program
            {
                public static void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(o => o.AddPolicy("Partner", b => b.WithOrigins("https://partner.example").WithMethods(
                    services.AddCors(o => o.AddPolicy(, b => b.WithHeaders("X")));
                    app.UseCors(
                    app.MapDelete("/orders/{id}", (int id) => id).RequireCors("Partner"
                    app.MapMethods("/x", , () => "");
                    app.MapGroup().MapPut("/y", () => "").RequireCors();
                    var g = app.MapGroup("/z"); g.
                }
            }

            [EnableCors("Partner")]
            public sealed class OrdersController : ControllerBase
            {
                [HttpDelete("{id}"
                public void Delete(int id) { }

                [AcceptVerbs()]
                public void Nothing() { }
            }
            """).AllowCompilerErrors().ValidateAsync();
}
