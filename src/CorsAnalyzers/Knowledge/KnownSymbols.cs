using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// Every type the rules ask about, resolved once per compilation (in <c>RegisterCompilationStartAction</c>).
/// A rule registers nothing when the types it needs are absent.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation)
    {
        Compilation = compilation;
        String = compilation.GetSpecialType(SpecialType.System_String);
        Boolean = compilation.GetSpecialType(SpecialType.System_Boolean);

        // ASP.NET Core
        IHeaderDictionary = Get(compilation, "Microsoft.AspNetCore.Http.IHeaderDictionary");
        HeaderDictionaryExtensions = Get(compilation, "Microsoft.AspNetCore.Http.HeaderDictionaryExtensions");
        AspNetCoreHttpRequest = Get(compilation, "Microsoft.AspNetCore.Http.HttpRequest");
        AspNetCoreHttpResponse = Get(compilation, "Microsoft.AspNetCore.Http.HttpResponse");
        StringValues = Get(compilation, "Microsoft.Extensions.Primitives.StringValues");
        HeaderNames = Get(compilation, "Microsoft.Net.Http.Headers.HeaderNames");
        CorsConstants = Get(compilation, "Microsoft.AspNetCore.Cors.Infrastructure.CorsConstants");
        CorsPolicyBuilder = Get(compilation, "Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
        CorsPolicy = Get(compilation, "Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicy");
        CorsOptions = Get(compilation, "Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions");
        EnableCorsAttribute = Get(compilation, "Microsoft.AspNetCore.Cors.EnableCorsAttribute");

        // System.Net
        HttpListenerResponse = Get(compilation, "System.Net.HttpListenerResponse");
        HttpListenerRequest = Get(compilation, "System.Net.HttpListenerRequest");
        WebHeaderCollection = Get(compilation, "System.Net.WebHeaderCollection");
        NameValueCollection = Get(compilation, "System.Collections.Specialized.NameValueCollection");
        HttpHeaders = Get(compilation, "System.Net.Http.Headers.HttpHeaders");
        HttpRequestHeaders = Get(compilation, "System.Net.Http.Headers.HttpRequestHeaders");
        HttpResponseHeaders = Get(compilation, "System.Net.Http.Headers.HttpResponseHeaders");
        HttpRequestMessage = Get(compilation, "System.Net.Http.HttpRequestMessage");

        // Classic ASP.NET (not in the .NET SDK: found only when the project references it)
        SystemWebHttpResponse = Get(compilation, "System.Web.HttpResponse");
        SystemWebHttpResponseBase = Get(compilation, "System.Web.HttpResponseBase");
        SystemWebHttpRequest = Get(compilation, "System.Web.HttpRequest");
        SystemWebHttpRequestBase = Get(compilation, "System.Web.HttpRequestBase");
        WebApiEnableCorsAttribute = Get(compilation, "System.Web.Http.Cors.EnableCorsAttribute");
        OwinCorsOptions = Get(compilation, "Microsoft.Owin.Cors.CorsOptions");

        // Matching
        Regex = Get(compilation, "System.Text.RegularExpressions.Regex");
        Uri = Get(compilation, "System.Uri");
        Enumerable = Get(compilation, "System.Linq.Enumerable");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol String { get; }

    public INamedTypeSymbol Boolean { get; }

    public INamedTypeSymbol? IHeaderDictionary { get; }

    public INamedTypeSymbol? HeaderDictionaryExtensions { get; }

    public INamedTypeSymbol? AspNetCoreHttpRequest { get; }

    public INamedTypeSymbol? AspNetCoreHttpResponse { get; }

    public INamedTypeSymbol? StringValues { get; }

    public INamedTypeSymbol? HeaderNames { get; }

    public INamedTypeSymbol? CorsConstants { get; }

    public INamedTypeSymbol? CorsPolicyBuilder { get; }

    public INamedTypeSymbol? CorsPolicy { get; }

    public INamedTypeSymbol? CorsOptions { get; }

    public INamedTypeSymbol? EnableCorsAttribute { get; }

    public INamedTypeSymbol? HttpListenerResponse { get; }

    public INamedTypeSymbol? HttpListenerRequest { get; }

    public INamedTypeSymbol? WebHeaderCollection { get; }

    public INamedTypeSymbol? NameValueCollection { get; }

    public INamedTypeSymbol? HttpHeaders { get; }

    public INamedTypeSymbol? HttpRequestHeaders { get; }

    public INamedTypeSymbol? HttpResponseHeaders { get; }

    public INamedTypeSymbol? HttpRequestMessage { get; }

    public INamedTypeSymbol? SystemWebHttpResponse { get; }

    public INamedTypeSymbol? SystemWebHttpResponseBase { get; }

    public INamedTypeSymbol? SystemWebHttpRequest { get; }

    public INamedTypeSymbol? SystemWebHttpRequestBase { get; }

    public INamedTypeSymbol? WebApiEnableCorsAttribute { get; }

    public INamedTypeSymbol? OwinCorsOptions { get; }

    public INamedTypeSymbol? Regex { get; }

    public INamedTypeSymbol? Uri { get; }

    public INamedTypeSymbol? Enumerable { get; }

    /// <summary>True when the compilation can write HTTP response headers in any API we know.</summary>
    public bool HasHeaderApis
        => IHeaderDictionary is not null || HttpListenerResponse is not null || HttpHeaders is not null
           || SystemWebHttpResponse is not null || SystemWebHttpResponseBase is not null;

    /// <summary>True when the compilation can configure a CORS policy in any API we know.</summary>
    public bool HasPolicyApis
        => CorsPolicyBuilder is not null || CorsPolicy is not null || WebApiEnableCorsAttribute is not null || OwinCorsOptions is not null;

    /// <summary>
    /// True when the compilation has a web server framework that receives requests with an Origin and decides on them
    /// (ASP.NET Core, System.Web, or a CORS policy API). <see cref="HttpHeaders"/> and <see cref="HttpListenerResponse"/>
    /// are in every .NET app, so they do not count: a console app or a library pays nothing for rules that ask this.
    /// </summary>
    public bool HasWebServerApis
        => IHeaderDictionary is not null || AspNetCoreHttpRequest is not null
           || SystemWebHttpRequest is not null || SystemWebHttpRequestBase is not null || SystemWebHttpResponse is not null || SystemWebHttpResponseBase is not null
           || HasPolicyApis;

    public static KnownSymbols Create(Compilation compilation) => new(compilation);

    private static INamedTypeSymbol? Get(Compilation compilation, string metadataName)
        => compilation.GetTypeByMetadataName(metadataName);
}
