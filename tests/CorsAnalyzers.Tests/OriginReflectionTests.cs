using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class OriginReflectionTests
{
    private static string Msg(string code) => $"'{code}' echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed";

    private static ProjectBuilder Build(string source) => ProjectBuilder.Create().WithAnalyzer<OriginReflectionRule>().WithSource(source);

    [Theory]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = [|context.Request.Headers[\"Origin\"]|];", "context.Request.Headers[\"Origin\"]")]
    [InlineData("context.Response.Headers[\"access-control-allow-origin\"] = [|context.Request.Headers[\"ORIGIN\"]|];", "context.Request.Headers[\"ORIGIN\"]")]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = [|context.Request.Headers.Origin|];", "context.Request.Headers.Origin")]
    [InlineData("context.Response.Headers[HeaderNames.AccessControlAllowOrigin] = [|context.Request.Headers[HeaderNames.Origin]|];", "context.Request.Headers[HeaderNames.Origin]")]
    [InlineData("context.Response.Headers[CorsConstants.AccessControlAllowOrigin] = [|context.Request.Headers[CorsConstants.Origin]|];", "context.Request.Headers[CorsConstants.Origin]")]
    [InlineData("context.Response.Headers.Append(\"Access-Control-Allow-Origin\", [|context.Request.Headers.Origin|]);", "context.Request.Headers.Origin")]
    [InlineData("context.Response.Headers.Add(\"Access-Control-Allow-Origin\", [|context.Request.Headers.Origin|]);", "context.Request.Headers.Origin")]
    [InlineData("context.Response.Headers.TryAdd(\"Access-Control-Allow-Origin\", [|context.Request.Headers.Origin|]);", "context.Request.Headers.Origin")]
    [InlineData("context.Response.Headers.Add(new KeyValuePair<string, StringValues>(\"Access-Control-Allow-Origin\", [|context.Request.Headers.Origin|]));", "context.Request.Headers.Origin")]
    [InlineData("context.Response.Headers.AppendCommaSeparatedValues(\"Access-Control-Allow-Origin\", [|context.Request.Headers.Origin.ToString()|]);", "context.Request.Headers.Origin.ToString()")]
    [InlineData("context.Response.Headers.SetCommaSeparatedValues(\"Access-Control-Allow-Origin\", [|context.Request.Headers.Origin.ToString()|]);", "context.Request.Headers.Origin.ToString()")]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = [|context.Request.Headers[\"Origin\"].FirstOrDefault()|];", "context.Request.Headers[\"Origin\"].FirstOrDefault()")]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = [|context.Request.Headers[\"Origin\"][0]|];", "context.Request.Headers[\"Origin\"][0]")]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = [|(string)context.Request.Headers.Origin|];", "(string)context.Request.Headers.Origin")]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = [|new[] { (string)context.Request.Headers.Origin }|];", "new[] { (string)context.Request.Headers.Origin }")]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = [|$\"{context.Request.Headers.Origin}\"|];", "$\"{context.Request.Headers.Origin}\"")]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = [|context.Request.Headers.Origin.ToString() ?? \"*\"|];", "context.Request.Headers.Origin.ToString() ?? \"*\"")]
    public Task Reports_each_write_form_and_origin_read(string statement, string value)
        => Build($$"""
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.Extensions.Primitives;
            using Microsoft.Net.Http.Headers;

            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    {{statement}}
                }
            }
            """).ShouldReportMessages(Msg(value)).ValidateAsync();

    [Fact]
    public Task Reports_through_locals_and_TryGetValue()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers["Origin"].ToString();
                    var allowed = origin;
                    context.Response.Headers["Access-Control-Allow-Origin"] = [|allowed|];
                    if (context.Request.Headers.TryGetValue("Origin", out var values))
                    {
                        context.Response.Headers.Append("Access-Control-Allow-Origin", [|values|]);
                    }
                }
            }
            """).ShouldReportMessages(Msg("allowed"), Msg("values")).ValidateAsync();

    [Fact]
    public Task Reports_in_inline_middleware_and_OnStarting_callbacks()
        => Build("""
            var app = WebApplication.Create();
            app.Use(async (context, next) =>
            {
                var origin = context.Request.Headers.Origin;
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.AccessControlAllowOrigin = [|origin|];
                    return Task.CompletedTask;
                });
                await next(context);
            });
            app.Run();
            """).ShouldReportMessages(Msg("origin")).ValidateAsync();

    [Fact]
    public Task Reports_in_an_mvc_filter()
        => Build("""
            using Microsoft.AspNetCore.Mvc.Filters;

            public sealed class CorsFilter : IActionFilter
            {
                public void OnActionExecuting(ActionExecutingContext context)
                {
                    var request = context.HttpContext.Request;
                    context.HttpContext.Response.Headers["Access-Control-Allow-Origin"] = [|request.Headers["Origin"]|];
                    context.HttpContext.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                }

                public void OnActionExecuted(ActionExecutedContext context) { }
            }
            """).ShouldReportMessages(Msg("request.Headers[\"Origin\"]")).ValidateAsync();

    [Fact]
    public Task Reports_through_a_helper_that_returns_the_origin_and_a_helper_that_writes_the_header()
        => Build("""
            class CorsMiddleware
            {
                static string GetOrigin(HttpContext context) => context.Request.Headers["Origin"].ToString();

                static void SetHeader(HttpContext context, string name, string value) => context.Response.Headers[name] = value;

                public void Invoke(HttpContext context)
                {
                    SetHeader(context, "Access-Control-Allow-Origin", [|GetOrigin(context)|]);
                    SetHeader(context, "X-Frame-Options", GetOrigin(context));
                }
            }
            """).ShouldReportMessages(Msg("GetOrigin(context)")).ValidateAsync();

    [Fact]
    public Task Reports_a_guard_made_only_of_null_and_empty_tests()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (string.IsNullOrEmpty(origin))
                    {
                        return;
                    }

                    if (origin != null && origin.Length > 0 && context.Request.Headers.ContainsKey("Origin"))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = [|origin|];
                    }
                }
            }
            """).ShouldReportMessages(Msg("origin")).ValidateAsync();

    [Fact]
    public Task Reports_when_only_one_path_is_checked()
        => Build("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                public void Invoke(HttpContext context, bool debug)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (debug || Allowed.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = [|origin|];
                    }
                }
            }
            """).ShouldReportMessages(Msg("origin")).ValidateAsync();

    [Fact]
    public Task Reports_HttpListener_and_HttpHeaders_writes()
        => Build("""
            using System.Net;

            class Server
            {
                public void Handle(HttpListenerContext context, HttpResponseMessage message, HttpRequestMessage request)
                {
                    context.Response.AddHeader("Access-Control-Allow-Origin", [|context.Request.Headers["Origin"]|]);
                    context.Response.AppendHeader("Access-Control-Allow-Origin", [|context.Request.Headers.Get("Origin")|]);
                    context.Response.Headers["Access-Control-Allow-Origin"] = [|context.Request.Headers["Origin"]|];
                    message.Headers.Add("Access-Control-Allow-Origin", [|request.Headers.GetValues("Origin")|]);
                    message.Headers.TryAddWithoutValidation("Access-Control-Allow-Origin", [|request.Headers.GetValues("Origin").First()|]);
                }
            }
            """).ShouldReportMessages(
                Msg("context.Request.Headers[\"Origin\"]"),
                Msg("context.Request.Headers.Get(\"Origin\")"),
                Msg("context.Request.Headers[\"Origin\"]"),
                Msg("request.Headers.GetValues(\"Origin\")"),
                Msg("request.Headers.GetValues(\"Origin\").First()")).ValidateAsync();

    [Fact]
    public Task Reports_System_Web_writes()
        => Build("""
            namespace System.Web
            {
                public class HttpRequestBase { public virtual System.Collections.Specialized.NameValueCollection Headers => null!; }
                public class HttpResponseBase
                {
                    public virtual void AddHeader(string name, string value) { }
                    public virtual void AppendHeader(string name, string value) { }
                    public virtual System.Collections.Specialized.NameValueCollection Headers => null!;
                }
            }

            namespace App
            {
                using System.Web;

                class Handler
                {
                    public void Handle(HttpRequestBase request, HttpResponseBase response)
                    {
                        response.AddHeader("Access-Control-Allow-Origin", [|request.Headers["Origin"]|]);
                        response.AppendHeader("Access-Control-Allow-Origin", [|request.Headers["Origin"]|]);
                        response.Headers.Set("Access-Control-Allow-Origin", [|request.Headers["Origin"]|]);
                    }
                }
            }
            """).ShouldReportMessages(Msg("request.Headers[\"Origin\"]"), Msg("request.Headers[\"Origin\"]"), Msg("request.Headers[\"Origin\"]")).ValidateAsync();

    [Theory]
    [InlineData("if (Allowed.Contains(origin)) { WRITE }")]
    [InlineData("if (!Allowed.Contains(origin)) { return; } WRITE")]
    [InlineData("if (!Allowed.Contains(origin)) throw new InvalidOperationException(); WRITE")]
    [InlineData("if (origin == \"https://app.contoso.com\") { WRITE }")]
    [InlineData("if (origin != \"https://app.contoso.com\") return; WRITE")]
    [InlineData("if (string.Equals(origin, \"https://app.contoso.com\", StringComparison.Ordinal)) { WRITE }")]
    [InlineData("if (origin is \"https://a.contoso.com\" or \"https://b.contoso.com\") { WRITE }")]
    [InlineData("switch (origin) { case \"https://a.contoso.com\": case \"https://b.contoso.com\": WRITE break; }")]
    [InlineData("if (AllowedList.Any(o => o == origin)) { WRITE }")]
    [InlineData("if (Array.IndexOf(AllowedArray, origin) >= 0 || AllowedArray.Contains(origin)) { WRITE }")]
    [InlineData("if (Map.ContainsKey(origin)) { WRITE }")]
    [InlineData("if (Map.TryGetValue(origin, out _)) { WRITE }")]
    [InlineData("var ok = Allowed.Contains(origin); if (ok) { WRITE }")]
    [InlineData("if (!string.IsNullOrEmpty(origin) && Allowed.Contains(origin)) { WRITE }")]
    [InlineData("if (string.IsNullOrEmpty(origin) || !Allowed.Contains(origin)) { return; } WRITE")]
    [InlineData("if (IsAllowed(origin)) { WRITE }")]
    [InlineData("if (_validator.IsValid(origin)) { WRITE }")]
    [InlineData("if (origin.EndsWith(\".contoso.com\")) { WRITE }")]
    public Task Does_not_report_a_checked_origin(string body)
        => Build($$"""
            interface IOriginValidator { bool IsValid(string origin); }

            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };
                private static readonly List<string> AllowedList = new() { "https://app.contoso.com" };
                private static readonly string[] AllowedArray = { "https://app.contoso.com" };
                private static readonly Dictionary<string, int> Map = new() { ["https://app.contoso.com"] = 1 };
                private readonly IOriginValidator _validator = null!;

                private static bool IsAllowed(string candidate) => Allowed.Contains(candidate);

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    {{body.Replace("WRITE", "context.Response.Headers.AccessControlAllowOrigin = origin;")}}
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Reports_when_our_validator_accepts_everything()
        => Build("""
            class CorsMiddleware
            {
                private static bool IsAllowed(string candidate) => candidate != null;

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (IsAllowed(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = [|origin|];
                    }
                }
            }
            """).ShouldReportMessages(Msg("origin")).ValidateAsync();

    [Fact]
    public Task Does_not_report_a_checked_ternary_or_a_continue_guard()
        => Build("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                public void Invoke(HttpContext context, IEnumerable<HttpContext> batch)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    context.Response.Headers.AccessControlAllowOrigin = Allowed.Contains(origin) ? origin : "https://app.contoso.com";
                    var checkedOrigin = Allowed.Contains(origin) ? origin : null;
                    context.Response.Headers["Access-Control-Allow-Origin"] = checkedOrigin;
                    foreach (var item in batch)
                    {
                        var o = item.Request.Headers.Origin.ToString();
                        if (!Allowed.Contains(o)) continue;
                        item.Response.Headers.AccessControlAllowOrigin = o;
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Does_not_report_constants_other_headers_reading_back_or_a_client_request()
        => Build("""
            using Microsoft.Extensions.Logging;

            class CorsMiddleware
            {
                private readonly ILogger _logger = null!;

                public async Task Invoke(HttpContext context, HttpClient client)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    _logger.LogInformation("Request from {Origin}", origin);
                    context.Response.Headers.AccessControlAllowOrigin = "https://app.contoso.com";
                    context.Response.Headers["X-Request-Origin"] = origin;
                    var written = context.Response.Headers.AccessControlAllowOrigin;
                    context.Response.Headers["Access-Control-Allow-Origin"] = "*";

                    using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.contoso.com");
                    request.Headers.Add("Origin", origin);
                    await client.SendAsync(request);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers[;
                    context.Response.Headers["Access-Control-Allow-Origin"] = origin
                    context.Response.Headers.Append("Access-Control-Allow-Origin", );
                    context.Response.Headers[] = context.Request.Headers.Origin;
                    if (Allowed.Contains(
                }
            }
            """).AllowCompilerErrors().ValidateAsync();

    [Fact]
    public Task Does_not_report_user_types_named_like_aspnetcore_ones()
        => Build("""
            namespace MyFramework
            {
                public interface IHeaderDictionary { string this[string key] { get; set; } }
                public class Request { public IHeaderDictionary Headers { get; } = null!; }
                public class Response { public IHeaderDictionary Headers { get; } = null!; }

                class Middleware
                {
                    public void Invoke(Request request, Response response)
                    {
                        response.Headers["Access-Control-Allow-Origin"] = request.Headers["Origin"];
                    }
                }
            }
            """).ValidateAsync();
}
