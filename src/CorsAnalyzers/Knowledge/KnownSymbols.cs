using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// Every type the rules ask about, per compilation, each looked up once and only when first asked for.
/// A rule registers nothing when the types it needs are absent.
/// </summary>
internal sealed class KnownSymbols
{
    /// <summary>Marks a type looked up and not found.</summary>
    private static readonly object s_absent = new();

    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> s_shared = new();

    // Each type once looked up: the symbol, s_absent, or null while not yet asked for.
    private object? _iHeaderDictionary;
    private object? _headerDictionaryExtensions;
    private object? _aspNetCoreHttpRequest;
    private object? _aspNetCoreHttpResponse;
    private object? _stringValues;
    private object? _headerNames;
    private object? _corsConstants;
    private object? _corsPolicyBuilder;
    private object? _corsPolicy;
    private object? _corsOptions;
    private object? _enableCorsAttribute;
    private object? _httpListenerResponse;
    private object? _httpListenerRequest;
    private object? _webHeaderCollection;
    private object? _nameValueCollection;
    private object? _httpHeaders;
    private object? _httpRequestHeaders;
    private object? _httpResponseHeaders;
    private object? _httpRequestMessage;
    private object? _systemWebHttpResponse;
    private object? _systemWebHttpResponseBase;
    private object? _systemWebHttpRequest;
    private object? _systemWebHttpRequestBase;
    private object? _webApiEnableCorsAttribute;
    private object? _owinCorsOptions;
    private object? _functionsHttpRequestData;
    private object? _regex;
    private object? _uri;
    private object? _enumerable;
    private object? _httpContext;
    private object? _responseHeaders;
    private object? _iApplicationBuilder;
    private object? _corsMiddlewareExtensions;
    private object? _corsEndpointConventionBuilderExtensions;
    private object? _corsServiceCollectionExtensions;
    private object? _iCorsPolicyProvider;
    private object? _iConfiguration;
    private object? _iConfigurationSection;
    private object? _configurationBinder;
    private object? _iOptions;
    private object? _iOptionsMonitor;
    private object? _iOptionsSnapshot;
    private object? _generatedRegexAttribute;
    private object? _keyValuePair;
    private object? _dictionary;
    private object? _iDictionary;
    private object? _iReadOnlyDictionary;
    private object? _timeSpan;
    private object? _systemWebCorsPolicy;
    private object? _mediaTypeFormatter;
    private object? _webHttpBinding;
    private object? _endpointRouteBuilderExtensions;
    private object? _controllerEndpointRouteBuilderExtensions;
    private object? _controllerBase;
    private object? _httpMethodAttribute;
    private object? _disableCorsAttribute;
    private object? _authorizeAttribute;
    private object? _allowAnonymousAttribute;
    private object? _authenticationBuilder;
    private object? _webApplication;

    private KnownSymbols(Compilation compilation)
    {
        Compilation = compilation;
        String = compilation.GetSpecialType(SpecialType.System_String);
        Boolean = compilation.GetSpecialType(SpecialType.System_Boolean);
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol String { get; }

    public INamedTypeSymbol Boolean { get; }

    public INamedTypeSymbol? IHeaderDictionary => Get(ref _iHeaderDictionary, "Microsoft.AspNetCore.Http.IHeaderDictionary");

    public INamedTypeSymbol? HeaderDictionaryExtensions => Get(ref _headerDictionaryExtensions, "Microsoft.AspNetCore.Http.HeaderDictionaryExtensions");

    public INamedTypeSymbol? AspNetCoreHttpRequest => Get(ref _aspNetCoreHttpRequest, "Microsoft.AspNetCore.Http.HttpRequest");

    public INamedTypeSymbol? AspNetCoreHttpResponse => Get(ref _aspNetCoreHttpResponse, "Microsoft.AspNetCore.Http.HttpResponse");

    public INamedTypeSymbol? StringValues => Get(ref _stringValues, "Microsoft.Extensions.Primitives.StringValues");

    public INamedTypeSymbol? HeaderNames => Get(ref _headerNames, "Microsoft.Net.Http.Headers.HeaderNames");

    public INamedTypeSymbol? CorsConstants => Get(ref _corsConstants, "Microsoft.AspNetCore.Cors.Infrastructure.CorsConstants");

    public INamedTypeSymbol? CorsPolicyBuilder => Get(ref _corsPolicyBuilder, "Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");

    public INamedTypeSymbol? CorsPolicy => Get(ref _corsPolicy, "Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicy");

    public INamedTypeSymbol? CorsOptions => Get(ref _corsOptions, "Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions");

    public INamedTypeSymbol? EnableCorsAttribute => Get(ref _enableCorsAttribute, "Microsoft.AspNetCore.Cors.EnableCorsAttribute");

    public INamedTypeSymbol? HttpListenerResponse => Get(ref _httpListenerResponse, "System.Net.HttpListenerResponse");

    public INamedTypeSymbol? HttpListenerRequest => Get(ref _httpListenerRequest, "System.Net.HttpListenerRequest");

    public INamedTypeSymbol? WebHeaderCollection => Get(ref _webHeaderCollection, "System.Net.WebHeaderCollection");

    public INamedTypeSymbol? NameValueCollection => Get(ref _nameValueCollection, "System.Collections.Specialized.NameValueCollection");

    public INamedTypeSymbol? HttpHeaders => Get(ref _httpHeaders, "System.Net.Http.Headers.HttpHeaders");

    public INamedTypeSymbol? HttpRequestHeaders => Get(ref _httpRequestHeaders, "System.Net.Http.Headers.HttpRequestHeaders");

    public INamedTypeSymbol? HttpResponseHeaders => Get(ref _httpResponseHeaders, "System.Net.Http.Headers.HttpResponseHeaders");

    public INamedTypeSymbol? HttpRequestMessage => Get(ref _httpRequestMessage, "System.Net.Http.HttpRequestMessage");

    // Classic ASP.NET (not in the .NET SDK: found only when the project references it)
    public INamedTypeSymbol? SystemWebHttpResponse => Get(ref _systemWebHttpResponse, "System.Web.HttpResponse");

    public INamedTypeSymbol? SystemWebHttpResponseBase => Get(ref _systemWebHttpResponseBase, "System.Web.HttpResponseBase");

    public INamedTypeSymbol? SystemWebHttpRequest => Get(ref _systemWebHttpRequest, "System.Web.HttpRequest");

    public INamedTypeSymbol? SystemWebHttpRequestBase => Get(ref _systemWebHttpRequestBase, "System.Web.HttpRequestBase");

    public INamedTypeSymbol? WebApiEnableCorsAttribute => Get(ref _webApiEnableCorsAttribute, "System.Web.Http.Cors.EnableCorsAttribute");

    public INamedTypeSymbol? OwinCorsOptions => Get(ref _owinCorsOptions, "Microsoft.Owin.Cors.CorsOptions");

    // Azure Functions isolated worker (Microsoft.Azure.Functions.Worker.Core): its response headers are an HttpHeaders.
    public INamedTypeSymbol? FunctionsHttpRequestData => Get(ref _functionsHttpRequestData, "Microsoft.Azure.Functions.Worker.Http.HttpRequestData");

    public INamedTypeSymbol? Regex => Get(ref _regex, "System.Text.RegularExpressions.Regex");

    public INamedTypeSymbol? Uri => Get(ref _uri, "System.Uri");

    public INamedTypeSymbol? Enumerable => Get(ref _enumerable, "System.Linq.Enumerable");

    // ASP.NET Core hosting, middleware and CORS services
    public INamedTypeSymbol? HttpContext => Get(ref _httpContext, "Microsoft.AspNetCore.Http.HttpContext");

    public INamedTypeSymbol? ResponseHeaders => Get(ref _responseHeaders, "Microsoft.AspNetCore.Http.Headers.ResponseHeaders");

    public INamedTypeSymbol? IApplicationBuilder => Get(ref _iApplicationBuilder, "Microsoft.AspNetCore.Builder.IApplicationBuilder");

    public INamedTypeSymbol? CorsMiddlewareExtensions => Get(ref _corsMiddlewareExtensions, "Microsoft.AspNetCore.Builder.CorsMiddlewareExtensions");

    public INamedTypeSymbol? CorsEndpointConventionBuilderExtensions => Get(ref _corsEndpointConventionBuilderExtensions, "Microsoft.AspNetCore.Builder.CorsEndpointConventionBuilderExtensions");

    public INamedTypeSymbol? CorsServiceCollectionExtensions => Get(ref _corsServiceCollectionExtensions, "Microsoft.Extensions.DependencyInjection.CorsServiceCollectionExtensions");

    public INamedTypeSymbol? ICorsPolicyProvider => Get(ref _iCorsPolicyProvider, "Microsoft.AspNetCore.Cors.Infrastructure.ICorsPolicyProvider");

    // Configuration and options (Microsoft.Extensions.*)
    public INamedTypeSymbol? IConfiguration => Get(ref _iConfiguration, "Microsoft.Extensions.Configuration.IConfiguration");

    public INamedTypeSymbol? IConfigurationSection => Get(ref _iConfigurationSection, "Microsoft.Extensions.Configuration.IConfigurationSection");

    public INamedTypeSymbol? ConfigurationBinder => Get(ref _configurationBinder, "Microsoft.Extensions.Configuration.ConfigurationBinder");

    public INamedTypeSymbol? IOptions => Get(ref _iOptions, "Microsoft.Extensions.Options.IOptions`1");

    public INamedTypeSymbol? IOptionsMonitor => Get(ref _iOptionsMonitor, "Microsoft.Extensions.Options.IOptionsMonitor`1");

    public INamedTypeSymbol? IOptionsSnapshot => Get(ref _iOptionsSnapshot, "Microsoft.Extensions.Options.IOptionsSnapshot`1");

    // The base class library (generic types by their definition: compare a constructed type's OriginalDefinition)
    public INamedTypeSymbol? GeneratedRegexAttribute => Get(ref _generatedRegexAttribute, "System.Text.RegularExpressions.GeneratedRegexAttribute");

    public INamedTypeSymbol? KeyValuePair => Get(ref _keyValuePair, "System.Collections.Generic.KeyValuePair`2");

    public INamedTypeSymbol? Dictionary => Get(ref _dictionary, "System.Collections.Generic.Dictionary`2");

    public INamedTypeSymbol? IDictionary => Get(ref _iDictionary, "System.Collections.Generic.IDictionary`2");

    public INamedTypeSymbol? IReadOnlyDictionary => Get(ref _iReadOnlyDictionary, "System.Collections.Generic.IReadOnlyDictionary`2");

    public INamedTypeSymbol? TimeSpan => Get(ref _timeSpan, "System.TimeSpan");

    // System.Web.Cors (Web API and OWIN CORS, classic ASP.NET): its CorsPolicy.PreflightMaxAge is in seconds.
    public INamedTypeSymbol? SystemWebCorsPolicy => Get(ref _systemWebCorsPolicy, "System.Web.Cors.CorsPolicy");

    // ASP.NET Web API formatters (System.Net.Http.Formatting) and WCF's web bindings (System.ServiceModel.Web): JSONP (CORS012).
    public INamedTypeSymbol? MediaTypeFormatter => Get(ref _mediaTypeFormatter, "System.Net.Http.Formatting.MediaTypeFormatter");

    public INamedTypeSymbol? WebHttpBinding => Get(ref _webHttpBinding, "System.ServiceModel.WebHttpBinding");

    // Endpoints: minimal APIs, route groups, controllers, and what they require (Endpoints)
    public INamedTypeSymbol? EndpointRouteBuilderExtensions => Get(ref _endpointRouteBuilderExtensions, "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");

    public INamedTypeSymbol? ControllerEndpointRouteBuilderExtensions => Get(ref _controllerEndpointRouteBuilderExtensions, "Microsoft.AspNetCore.Builder.ControllerEndpointRouteBuilderExtensions");

    public INamedTypeSymbol? ControllerBase => Get(ref _controllerBase, "Microsoft.AspNetCore.Mvc.ControllerBase");

    public INamedTypeSymbol? HttpMethodAttribute => Get(ref _httpMethodAttribute, "Microsoft.AspNetCore.Mvc.Routing.HttpMethodAttribute");

    public INamedTypeSymbol? DisableCorsAttribute => Get(ref _disableCorsAttribute, "Microsoft.AspNetCore.Cors.DisableCorsAttribute");

    public INamedTypeSymbol? AuthorizeAttribute => Get(ref _authorizeAttribute, "Microsoft.AspNetCore.Authorization.AuthorizeAttribute");

    public INamedTypeSymbol? AllowAnonymousAttribute => Get(ref _allowAnonymousAttribute, "Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute");

    public INamedTypeSymbol? AuthenticationBuilder => Get(ref _authenticationBuilder, "Microsoft.AspNetCore.Authentication.AuthenticationBuilder");

    public INamedTypeSymbol? WebApplication => Get(ref _webApplication, "Microsoft.AspNetCore.Builder.WebApplication");

    /// <summary>True when the compilation can write HTTP response headers in any API we know.</summary>
    public bool HasHeaderApis
        => IHeaderDictionary is not null || HttpListenerResponse is not null || HttpHeaders is not null
           || SystemWebHttpResponse is not null || SystemWebHttpResponseBase is not null;

    /// <summary>True when the compilation can configure a CORS policy in any API we know.</summary>
    public bool HasPolicyApis
        => CorsPolicyBuilder is not null || CorsPolicy is not null || WebApiEnableCorsAttribute is not null || OwinCorsOptions is not null;

    /// <summary>
    /// True when the compilation has a web server framework that receives requests with an Origin and decides on them
    /// (ASP.NET Core, System.Web, an Azure Functions HTTP trigger, or a CORS policy API). <see cref="HttpHeaders"/> and <see cref="HttpListenerResponse"/>
    /// are in every .NET app, so they do not count: a console app or a library pays nothing for rules that ask this.
    /// </summary>
    public bool HasWebServerApis
        => IHeaderDictionary is not null || AspNetCoreHttpRequest is not null
           || SystemWebHttpRequest is not null || SystemWebHttpRequestBase is not null || SystemWebHttpResponse is not null || SystemWebHttpResponseBase is not null
           || FunctionsHttpRequestData is not null
           || HasPolicyApis;

    /// <summary>
    /// The symbols of <paramref name="compilation"/>: the same instance for every rule, fixer and static helper that asks
    /// (a helper without a <see cref="CorsKnowledge"/> at hand finds them from an operation's semantic model).
    /// </summary>
    public static KnownSymbols Create(Compilation compilation) => s_shared.GetValue(compilation, static c => new KnownSymbols(c));

    /// <summary>
    /// A type looked up on first use, not when the compilation starts: a lookup searches every referenced assembly (about 200
    /// in a web project), and most types are never asked for in most compilations. Two threads may both look one up; they
    /// find the same symbol.
    /// </summary>
    private INamedTypeSymbol? Get(ref object? slot, string metadataName)
    {
        var value = Volatile.Read(ref slot);
        if (value is null)
        {
            value = (object?)Compilation.GetTypeByMetadataName(metadataName) ?? s_absent;
            Volatile.Write(ref slot, value);
        }

        return value as INamedTypeSymbol;
    }
}
