using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class MissingVaryOriginTests
{
    private static string Msg(string code) => $"'{code}' writes a per-request Access-Control-Allow-Origin without 'Vary: Origin', so a cache can serve one origin's response to another";

    private static ProjectBuilder Build(string source) => ProjectBuilder.Create().WithAnalyzer<MissingVaryOriginRule>().WithSource(source);

    private static string Middleware(string body) => $$"""
        using Microsoft.Net.Http.Headers;

        class CorsMiddleware
        {
            private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };
            private readonly string _configuredOrigin = "https://app.contoso.com";

            public void Invoke(HttpContext context, string tenantOrigin)
            {
                var origin = context.Request.Headers.Origin.ToString();
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("if (Allowed.Contains(origin)) { [|context.Response.Headers.AccessControlAllowOrigin = origin|]; }", "context.Response.Headers.AccessControlAllowOrigin = origin")]
    [InlineData("if (Allowed.Contains(origin)) { [|context.Response.Headers.Append(\"Access-Control-Allow-Origin\", origin)|]; }", "context.Response.Headers.Append(\"Access-Control-Allow-Origin\", origin)")]
    [InlineData("[|context.Response.Headers[HeaderNames.AccessControlAllowOrigin] = tenantOrigin|];", "context.Response.Headers[HeaderNames.AccessControlAllowOrigin] = tenantOrigin")]
    [InlineData("if (Allowed.Contains(origin)) { [|context.Response.Headers.AccessControlAllowOrigin = origin|]; context.Response.Headers.Vary = \"Accept-Encoding\"; }", "context.Response.Headers.AccessControlAllowOrigin = origin")]
    public Task Reports_a_per_request_value_without_vary(string body, string code)
        => Build(Middleware(body)).ShouldReportMessages(Msg(code)).ValidateAsync();

    [Theory]
    [InlineData("context.Response.Headers.Vary = \"Origin\";")]
    [InlineData("context.Response.Headers.Append(\"Vary\", \"Origin\");")]
    [InlineData("context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);")]
    [InlineData("context.Response.Headers[\"vary\"] = \"Accept-Encoding, origin\";")]
    [InlineData("context.Response.Headers.AppendCommaSeparatedValues(\"Vary\", \"Origin\");")]
    [InlineData("context.Response.Headers.Vary = new[] { \"Accept-Encoding\", \"Origin\" };")]
    [InlineData("AddVary(context);")]
    public Task Does_not_report_when_vary_origin_is_written(string vary)
        => Build($$"""
            using Microsoft.Net.Http.Headers;

            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                private static void AddVary(HttpContext context) => context.Response.Headers.Append("Vary", "Origin");

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                    }

                    {{vary}}
                }
            }
            """).ValidateAsync();

    [Theory]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = \"https://app.contoso.com\";")]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = \"*\";")]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = _configuredOrigin;")]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = origin;")]
    [InlineData("if (origin.EndsWith(\"evilcontoso.com\")) { context.Response.Headers.AccessControlAllowOrigin = origin; }")]
    public Task Does_not_report_fixed_values_or_what_CORS001_and_CORS003_report(string body)
        => Build(Middleware(body)).ValidateAsync();

    // A dotted suffix on a domain of ours is no CORS003 finding (by default), but the echo still varies with the Origin.
    [Fact]
    public Task Reports_an_echo_behind_a_dotted_suffix_that_CORS003_leaves_alone()
        => Build(Middleware("if (origin.EndsWith(\".contoso.com\")) { [|context.Response.Headers.AccessControlAllowOrigin = origin|]; }"))
            .ShouldReportMessages(Msg("context.Response.Headers.AccessControlAllowOrigin = origin")).ValidateAsync();

    [Fact]
    public Task Reports_in_HttpListener_code_and_accepts_its_vary()
        => Build("""
            using System.Net;

            class Server
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                public void Handle(HttpListenerContext context)
                {
                    var origin = context.Request.Headers["Origin"];
                    if (origin != null && Allowed.Contains(origin))
                    {
                        [|context.Response.AddHeader("Access-Control-Allow-Origin", origin)|];
                    }
                }

                public void HandleWithVary(HttpListenerContext context)
                {
                    var origin = context.Request.Headers["Origin"];
                    if (origin != null && Allowed.Contains(origin))
                    {
                        context.Response.AddHeader("Access-Control-Allow-Origin", origin);
                        context.Response.AppendHeader("Vary", "Origin");
                    }
                }
            }
            """).ShouldReportMessages(Msg("context.Response.AddHeader(\"Access-Control-Allow-Origin\", origin)")).ValidateAsync();

    [Fact]
    public Task Does_not_report_policies_built_with_the_builder()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddPolicy("web", p => p.WithOrigins("https://a.contoso.com", "https://b.contoso.com").AllowCredentials()));
            var app = builder.Build();
            app.UseCors("web");
            app.Run();
            """).ValidateAsync();

    [Fact]
    public Task Never_throws_on_half_typed_code()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    context.Response.Headers.AccessControlAllowOrigin = 
                    context.Response.Headers.Vary = new[] { 
                }
            }
            """).AllowCompilerErrors().ValidateAsync();

    [Fact]
    public Task In_top_level_code_each_inline_middleware_needs_its_own_vary()
        => Build("""
            var allowed = new HashSet<string>(StringComparer.Ordinal) { "https://app.contoso.com" };
            var app = WebApplication.Create();
            app.Use(async (context, next) =>
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (allowed.Contains(origin))
                {
                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        return Task.CompletedTask;
                    });
                    context.Response.Headers.Append("Vary", "Origin");
                }

                await next(context);
            });
            app.MapGet("/legacy", (HttpContext context) =>
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (allowed.Contains(origin))
                {
                    [|context.Response.Headers.AccessControlAllowOrigin = origin|];
                }

                return "legacy";
            });
            app.Run();
            """).ShouldReportMessages(Msg("context.Response.Headers.AccessControlAllowOrigin = origin")).ValidateAsync();
}
