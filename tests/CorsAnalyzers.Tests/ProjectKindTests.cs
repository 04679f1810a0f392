using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

/// <summary>
/// The hand-written rules on the real types of .NET Framework's System.Web and of the Azure Functions isolated worker
/// (see <see cref="ProjectKinds"/>), each reporting test beside its silent twin.
/// </summary>
public sealed class ProjectKindTests
{
    private const string Cors001 = "echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed";

    private static string Cors005(string code)
        => $"'{code}' writes a per-request Access-Control-Allow-Origin without 'Vary: Origin', so a cache can serve one origin's response to another";

    private static string Handler(string body) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Web;

        public sealed class CorsHandler : IHttpHandler
        {
            private static readonly HashSet<string> Allowed = new HashSet<string>(StringComparer.Ordinal) { "https://app.contoso.com" };

            public bool IsReusable => true;

            public void ProcessRequest(HttpContext context)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var origin = context.Request.ServerVariables[\"HTTP_ORIGIN\"];\n        context.Response.AppendHeader(\"Access-Control-Allow-Origin\", [|origin|]);", "origin")]
    [InlineData("context.Response.AddHeader(\"Access-Control-Allow-Origin\", [|context.Request.Headers[\"Origin\"]|]);", "context.Request.Headers[\"Origin\"]")]
    [InlineData("var headers = context.Response.Headers;\n        headers[\"Access-Control-Allow-Origin\"] = [|context.Request.Headers.Get(\"Origin\")|];", "context.Request.Headers.Get(\"Origin\")")]
    public Task SystemWeb_reflection_is_reported(string body, string code)
        => ProjectBuilder.Create().WithAnalyzer<OriginReflectionRule>().WithSource(Handler(body)).OnNetFramework48()
            .ShouldReportMessages($"'{code}' {Cors001}").ValidateAsync();

    [Theory]
    [InlineData("var origin = context.Request.ServerVariables[\"HTTP_ORIGIN\"];\n        if (origin != null && Allowed.Contains(origin)) { context.Response.AppendHeader(\"Access-Control-Allow-Origin\", origin); context.Response.AppendHeader(\"Vary\", \"Origin\"); }")]
    [InlineData("context.Response.AddHeader(\"Access-Control-Allow-Origin\", \"https://app.contoso.com\");")]
    [InlineData("var host = context.Request.ServerVariables[\"HTTP_HOST\"];\n        context.Response.AddHeader(\"X-Served-By\", host);")]
    public Task SystemWeb_checked_or_fixed_values_are_silent(string body)
        => ProjectBuilder.Create().WithAnalyzer<OriginReflectionRule>().WithAnalyzer<MissingVaryOriginRule>().WithSource(Handler(body)).OnNetFramework48()
            .ValidateAsync();

    private static string Function(string body) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net;
        using Microsoft.Azure.Functions.Worker.Http;

        public sealed class Orders
        {
            private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

            public HttpResponseData Run(HttpRequestData request)
            {
                var response = request.CreateResponse(HttpStatusCode.OK);
                {{body}}
                return response;
            }
        }
        """;

    [Fact]
    public Task Functions_reflection_is_reported()
        => ProjectBuilder.Create().WithAnalyzer<OriginReflectionRule>()
            .WithSource(Function("if (request.Headers.TryGetValues(\"Origin\", out var values))\n        {\n            response.Headers.Add(\"Access-Control-Allow-Origin\", [|values|]);\n        }"))
            .OnFunctionsWorker().ShouldReportMessages($"'values' {Cors001}").ValidateAsync();

    [Fact]
    public Task Functions_echo_without_Vary_is_reported()
        => ProjectBuilder.Create().WithAnalyzer<MissingVaryOriginRule>()
            .WithSource(Function("if (request.Headers.TryGetValues(\"Origin\", out var values) && values.FirstOrDefault() is string origin && Allowed.Contains(origin))\n        {\n            [|response.Headers.Add(\"Access-Control-Allow-Origin\", origin)|];\n        }"))
            .OnFunctionsWorker().ShouldReportMessages(Cors005("response.Headers.Add(\"Access-Control-Allow-Origin\", origin)")).ValidateAsync();

    [Fact]
    public Task Functions_checked_echo_with_Vary_is_silent()
        => ProjectBuilder.Create().WithAnalyzer<OriginReflectionRule>().WithAnalyzer<MissingVaryOriginRule>()
            .WithSource(Function("if (request.Headers.TryGetValues(\"Origin\", out var values) && values.FirstOrDefault() is string origin && Allowed.Contains(origin))\n        {\n            response.Headers.Add(\"Access-Control-Allow-Origin\", origin);\n            response.Headers.Add(\"Vary\", \"Origin\");\n        }"))
            .OnFunctionsWorker().ValidateAsync();
}
