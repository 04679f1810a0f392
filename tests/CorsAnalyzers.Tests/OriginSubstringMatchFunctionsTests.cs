using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

/// <summary>
/// CORS003 in an Azure Functions (isolated worker) app, which references no ASP.NET Core: the worker's
/// <c>HttpRequestData</c> makes it a web server app. The types are small stand-ins of the worker's own names
/// (Microsoft.Azure.Functions.Worker.Core); the FunctionsApp sample shows the same with the real packages.
/// </summary>
public sealed class OriginSubstringMatchFunctionsTests
{
    private const string FunctionsWorkerTypes = """
        namespace Microsoft.Azure.Functions.Worker.Http
        {
            public sealed class HttpHeadersCollection : System.Net.Http.Headers.HttpHeaders { }

            public abstract class HttpRequestData
            {
                public abstract HttpHeadersCollection Headers { get; }
            }
        }
        """;

    /// <summary>The same shapes under another namespace: a console app's own types, not a Functions app.</summary>
    private static readonly string s_lookalikeTypes = FunctionsWorkerTypes.Replace("Microsoft.Azure.Functions.Worker.Http", "Contoso.Http", StringComparison.Ordinal);

    private static string Function(string usingNamespace) => $$"""
        using System;
        using System.Linq;
        using System.Net.Http.Headers;
        using {{usingNamespace}};

        public sealed class PartnersFunction
        {
            public void Run(HttpRequestData request, HttpHeaders responseHeaders)
            {
                var origin = request.Headers.TryGetValues("Origin", out var values) ? values.FirstOrDefault() : null;
                if (origin != null && [|origin.EndsWith("contoso.com", StringComparison.OrdinalIgnoreCase)|])
                {
                    responseHeaders.Add("Access-Control-Allow-Origin", origin);
                    responseHeaders.Add("Vary", "Origin");
                }
            }
        }
        """;

    private static ProjectBuilder Build(string types, string source)
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithoutAspNetCore().WithSource(types).WithSource(source);

    [Fact]
    public Task Reports_a_suffix_check_of_the_Origin_in_a_Functions_worker_app()
        => Build(FunctionsWorkerTypes, Function("Microsoft.Azure.Functions.Worker.Http"))
            .ShouldReportMessages("'origin.EndsWith(\"contoso.com\", StringComparison.OrdinalIgnoreCase)' also accepts https://evilcontoso.com")
            .ValidateAsync();

    [Fact]
    public Task Stays_silent_on_the_same_code_without_the_Functions_worker()
        => Build(s_lookalikeTypes, Function("Contoso.Http").Replace("[|", "", StringComparison.Ordinal).Replace("|]", "", StringComparison.Ordinal))
            .ValidateAsync();
}
