using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class JsonpEndpointTests
{
    internal const string Wraps = "wraps the response in a function the request names (JSONP)";
    internal const string Formatter = "registers a JSONP formatter";
    internal const string Wcf = "lets WCF answer with JSONP";
    internal const string Unchecked = "; the callback name reaches the script unchecked, so it is also reflected script (XSS, CWE-79)";

    internal static string Msg(string code, string what, string tail = Unchecked)
        => $"'{code}' {what}: any site can load it with a <script> tag, with the browser's cookies or Windows sign-in, and read the data{tail}";

    private static ProjectBuilder Build(string source) => ProjectBuilder.Create().WithAnalyzer<JsonpEndpointRule>().WithSource(source);

    private static string Controller(string members) => $$"""
        using System.Text;
        using System.Text.Json;
        using System.Text.RegularExpressions;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ProfileController : ControllerBase
        {
            private readonly object _profile = new { Name = "n" };

        {{members}}
        }
        """;

    // ---------------------------------------------------------------- hand-written JSONP

    [Fact]
    public Task Reports_each_way_of_wrapping_the_body_in_a_request_named_function()
        => Build(Controller("""
                [HttpGet("a")]
                public IActionResult Concatenated([FromQuery] string callback)
                    => Content([|callback + "(" + JsonSerializer.Serialize(_profile) + ")"|], "application/javascript");

                [HttpGet("b")]
                public IActionResult Interpolated(string jsonp)
                    => Content([|$"{jsonp}({JsonSerializer.Serialize(_profile)});"|], "application/javascript");

                [HttpGet("c")]
                public IActionResult Formatted()
                    => Content([|string.Format("{0}({1})", Request.Query["callback"], JsonSerializer.Serialize(_profile))|]);

                [HttpGet("d")]
                public IActionResult Built(string cb)
                {
                    var script = new StringBuilder();
                    script.Append(cb).Append('(');
                    script.Append(JsonSerializer.Serialize(_profile)).Append(")");
                    return Content([|script.ToString()|]);
                }

                [HttpGet("e")]
                public ContentResult Result()
                {
                    var callback = Request.Query["callback"].ToString();
                    var body = callback + "(" + JsonSerializer.Serialize(_profile) + ")";
                    return new ContentResult { Content = [|body|], ContentType = "text/javascript" };
                }
            """))
            .ShouldReportMessages(
                Msg("callback + \"(\" + JsonSerializer.Serialize(_profile) + \")\"", Wraps),
                Msg("$\"{jsonp}({JsonSerializer.Serialize(_profile)});\"", Wraps),
                Msg("string.Format(\"{0}({1})\", Request.Query[\"callback\"], JsonSerializer.Serialize(_profile))", Wraps),
                Msg("script.ToString()", Wraps),
                Msg("body", Wraps))
            .ValidateAsync();

    [Fact]
    public Task A_constant_callback_JSON_without_wrapping_and_an_unused_callback_are_fine()
        => Build(Controller("""
                [HttpGet("a")]
                public IActionResult Constant() => Content("handleProfile(" + JsonSerializer.Serialize(_profile) + ")", "application/javascript");

                [HttpGet("b")]
                public IActionResult Json(string callback) => Content(JsonSerializer.Serialize(_profile), "application/json");

                [HttpGet("c")]
                public IActionResult Named(string name) => Content("Hello " + name + " (welcome)");

                [HttpGet("d")]
                public IActionResult Logged(string callback, ILogger<ProfileController> logger)
                {
                    logger.LogInformation(callback + "(" + JsonSerializer.Serialize(_profile) + ")");
                    return Ok(_profile);
                }

                private string NotAnAction(string callback) => callback + "(" + JsonSerializer.Serialize(_profile) + ")";
            """))
            .ValidateAsync();

    [Fact]
    public Task Reports_minimal_API_handlers_and_response_writes()
        => Build("""
            using System.Text.Json;

            var app = WebApplication.Create(args);
            app.MapGet("/api/me", (string callback, HttpContext context) => Results.Text([|$"{callback}({JsonSerializer.Serialize(context.User.Identity?.Name)})"|], "application/javascript"));
            app.MapGet("/api/feed", async (HttpContext context) =>
            {
                var json = JsonSerializer.Serialize(new[] { 1, 2 });
                await context.Response.WriteAsync([|context.Request.Query["jsonp"] + "(" + json + ")"|]);
            });
            app.MapGet("/api/plain", (string callback) => Results.Text(JsonSerializer.Serialize(new[] { callback }), "application/json"));
            app.Run();
            """)
            .ShouldReportMessages(
                Msg("$\"{callback}({JsonSerializer.Serialize(context.User.Identity?.Name)})\"", Wraps),
                Msg("context.Request.Query[\"jsonp\"] + \"(\" + json + \")\"", Wraps))
            .ValidateAsync();

    [Fact]
    public Task A_checked_callback_on_an_anonymous_endpoint_is_fine()
        => Build(Controller("""
                [HttpGet("a")]
                public IActionResult Public(string callback)
                {
                    if (!Regex.IsMatch(callback, "^[A-Za-z_$][A-Za-z0-9_$]*$"))
                    {
                        return BadRequest();
                    }

                    return Content(callback + "(" + JsonSerializer.Serialize(new[] { "public" }) + ")", "application/javascript");
                }
            """))
            .ValidateAsync();

    [Fact]
    public Task A_checked_callback_on_a_per_user_endpoint_is_still_reported_without_the_XSS_part()
        => Build(Controller("""
                [Authorize]
                [HttpGet("a")]
                public IActionResult Mine(string callback)
                {
                    if (!Regex.IsMatch(callback, "^[A-Za-z_$][A-Za-z0-9_$]*$"))
                    {
                        return BadRequest();
                    }

                    return Content([|callback + "(" + JsonSerializer.Serialize(_profile) + ")"|], "application/javascript");
                }

                [HttpGet("b")]
                public IActionResult Name(string callback)
                {
                    if (!Regex.IsMatch(callback, "^[A-Za-z_$][A-Za-z0-9_$]*$"))
                    {
                        return BadRequest();
                    }

                    return Content([|callback + "(" + JsonSerializer.Serialize(User.Identity?.Name) + ")"|], "application/javascript");
                }
            """))
            .ShouldReportMessages(
                Msg("callback + \"(\" + JsonSerializer.Serialize(_profile) + \")\"", Wraps, string.Empty),
                Msg("callback + \"(\" + JsonSerializer.Serialize(User.Identity?.Name) + \")\"", Wraps, string.Empty))
            .ValidateAsync();

    [Fact]
    public Task A_checked_callback_on_a_handler_that_requires_authorization_is_reported()
        => Build("""
            using System.Text.Json;
            using System.Text.RegularExpressions;

            var app = WebApplication.Create(args);
            app.MapGet("/api/orders", (string callback) =>
                Regex.IsMatch(callback, "^[A-Za-z_$][A-Za-z0-9_$]*$")
                    ? Results.Text([|callback + "(" + JsonSerializer.Serialize(new[] { 1 }) + ")"|], "application/javascript")
                    : Results.BadRequest())
                .RequireAuthorization();
            app.MapGet("/api/public", (string callback) =>
                Regex.IsMatch(callback, "^[A-Za-z_$][A-Za-z0-9_$]*$")
                    ? Results.Text(callback + "(" + JsonSerializer.Serialize(new[] { 1 }) + ")", "application/javascript")
                    : Results.BadRequest());
            app.Run();
            """)
            .ShouldReportMessages(Msg("callback + \"(\" + JsonSerializer.Serialize(new[] { 1 }) + \")\"", Wraps, string.Empty))
            .ValidateAsync();

    [Fact]
    public Task Reports_a_JsonResult_subclass_writing_through_a_TextWriter()
        => Build("""
            using System.IO;
            using System.Text.Json;
            using Microsoft.AspNetCore.Mvc;

            public sealed class JsonpResult : JsonResult
            {
                public JsonpResult(object value) : base(value) { }

                public override async Task ExecuteResultAsync(ActionContext context)
                {
                    var callback = context.HttpContext.Request.Query["callback"];
                    await using var writer = new StreamWriter(context.HttpContext.Response.Body);
                    await writer.WriteAsync([|$"{callback}("|]);
                    await writer.WriteAsync(JsonSerializer.Serialize(Value));
                    await writer.WriteAsync(")");
                }
            }
            """)
            .ShouldReportMessages(Msg("$\"{callback}(\"", Wraps))
            .ValidateAsync();

    // ---------------------------------------------------------------- System.Web

    [Fact]
    public Task Reports_a_System_Web_handler()
        => Build("""
            using System.Web;

            public sealed class FeedHandler : IHttpHandler
            {
                public bool IsReusable => true;

                public void ProcessRequest(HttpContext context)
                {
                    context.Response.ContentType = "application/javascript";
                    context.Response.Write([|context.Request.QueryString["callback"] + "(" + "[1,2]" + ")"|]);
                }
            }

            public sealed class JsonFeedHandler : IHttpHandler
            {
                public bool IsReusable => true;

                public void ProcessRequest(HttpContext context)
                {
                    context.Response.ContentType = "application/json";
                    context.Response.Write("[1,2]");
                }
            }
            """).OnNetFramework48()
            .ShouldReportMessages(Msg("context.Request.QueryString[\"callback\"] + \"(\" + \"[1,2]\" + \")\"", Wraps))
            .ValidateAsync();

    // ---------------------------------------------------------------- JSONP formatters

    [Fact]
    public Task Reports_a_registered_JSONP_formatter()
        => Build("""
            namespace WebApiContrib.Core.Formatter.Jsonp
            {
                public static class JsonpMvcBuilderExtensions
                {
                    public static IMvcBuilder AddJsonpOutputFormatter(this IMvcBuilder builder) => builder;
                }
            }

            namespace App
            {
                using WebApiContrib.Core.Formatter.Jsonp;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        [|services.AddControllers().AddJsonpOutputFormatter()|];
                        services.AddControllers().AddJsonOptions(o => o.JsonSerializerOptions.WriteIndented = true);
                    }
                }
            }
            """)
            .ShouldReportMessages(Msg("services.AddControllers().AddJsonpOutputFormatter()", Formatter, string.Empty))
            .ValidateAsync();

    [Fact]
    public Task Reports_a_Web_API_JSONP_media_type_formatter()
        => Build("""
            namespace System.Net.Http.Formatting { public abstract class MediaTypeFormatter { } public class JsonMediaTypeFormatter : MediaTypeFormatter { } }
            namespace WebApiContrib.Formatting.Jsonp
            {
                public class JsonpMediaTypeFormatter : System.Net.Http.Formatting.JsonMediaTypeFormatter
                {
                    public JsonpMediaTypeFormatter(System.Net.Http.Formatting.JsonMediaTypeFormatter inner) { }
                }
            }

            public static class WebApiConfig
            {
                public static void Register(System.Collections.Generic.IList<System.Net.Http.Formatting.JsonMediaTypeFormatter> formatters)
                {
                    formatters.Insert(0, [|new WebApiContrib.Formatting.Jsonp.JsonpMediaTypeFormatter(new System.Net.Http.Formatting.JsonMediaTypeFormatter())|]);
                    formatters.Add(new System.Net.Http.Formatting.JsonMediaTypeFormatter());
                }
            }
            """).WithoutAspNetCore()
            .ShouldReportMessages(Msg("new WebApiContrib.Formatting.Jsonp.JsonpMediaTypeFormatter(new System.Net.Http.Formatting.JsonMediaTypeFormatter())", Formatter, string.Empty))
            .ValidateAsync();

    // ---------------------------------------------------------------- WCF

    [Fact]
    public Task Reports_WCF_cross_domain_script_access_in_code()
        => Build("""
            using System.ServiceModel;

            public static class Hosting
            {
                public static WebHttpBinding Jsonp() => new WebHttpBinding { CrossDomainScriptAccessEnabled = [|true|] };

                public static WebHttpBinding Plain()
                {
                    var binding = new WebHttpBinding { CrossDomainScriptAccessEnabled = false };
                    binding.MaxReceivedMessageSize = 65536;
                    return binding;
                }
            }
            """).OnNetFramework48()
            .ShouldReportMessages(Msg("CrossDomainScriptAccessEnabled = true", Wcf, string.Empty))
            .ValidateAsync();

    private static ProjectBuilder WebConfig(string serviceModel) => ProjectBuilder.Create()
        .WithAnalyzer<JsonpEndpointRule>()
        .WithoutAspNetCore()
        .WithSource("class C { }")
        .WithAdditionalFile("web.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <system.serviceModel>
            {serviceModel}
              </system.serviceModel>
            </configuration>
            """);

    [Fact]
    public Task Reports_WCF_flags_in_web_config_at_their_values()
        => WebConfig("""
                <bindings>
                  <webHttpBinding>
                    <binding name="jsonp" crossDomainScriptAccessEnabled="[|true|]" />
                    <!-- <binding name="old" crossDomainScriptAccessEnabled="true" /> -->
                  </webHttpBinding>
                </bindings>
                <standardEndpoints>
                  <webScriptEndpoint>
                    <standardEndpoint javascriptCallbackEnabled='[|True|]' />
                  </webScriptEndpoint>
                </standardEndpoints>
            """)
            .ShouldReportMessages(
                Msg("crossDomainScriptAccessEnabled = \"true\" in web.config", Wcf, string.Empty),
                Msg("javascriptCallbackEnabled = \"True\" in web.config", Wcf, string.Empty))
            .ValidateAsync();

    [Fact]
    public Task WCF_flags_off_in_web_config_are_fine()
        => WebConfig("""
                <bindings>
                  <webHttpBinding>
                    <binding name="plain" crossDomainScriptAccessEnabled="false" />
                  </webHttpBinding>
                </bindings>
            """)
            .ValidateAsync();

    [Theory]
    [InlineData("<configuration><system.serviceModel><binding crossDomainScriptAccessEnabled=\"tr")]
    [InlineData("<binding crossDomainScriptAccessEnabled=")]
    [InlineData("<!-- <binding crossDomainScriptAccessEnabled=\"true\" />")]
    [InlineData("")]
    public Task Broken_web_config_files_never_throw(string xml)
        => ProjectBuilder.Create().WithAnalyzer<JsonpEndpointRule>().WithoutAspNetCore().WithSource("class C { }").WithAdditionalFile("web.config", xml).ValidateAsync();

    // ---------------------------------------------------------------- half-typed code

    [Theory]
    [InlineData("return Content(callback + \"(\" + ")]
    [InlineData("return Content($\"{callback(\");")]
    [InlineData("return Content(string.Format(\"{0}(\", ));")]
    [InlineData("return Content(string.Format(\"{5}(\", callback));")]
    [InlineData("var sb = new StringBuilder(); sb.Append(callback).Append(; return Content(sb.ToString());")]
    [InlineData("return Content(callback.(\"(\"));")]
    public Task Half_typed_code_never_throws(string statement)
        => ProjectBuilder.Create().WithAnalyzer<JsonpEndpointRule>().AllowCompilerErrors()
            .WithSource(Controller($$"""
                    [HttpGet]
                    public IActionResult Get(string callback)
                    {
                        {{statement}}
                    }
                """))
            .ValidateAsync();
}
