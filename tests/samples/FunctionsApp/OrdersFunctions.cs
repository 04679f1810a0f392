using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsApp;

/// <summary>HTTP functions that answer CORS themselves instead of leaving it to the Functions host's CORS settings.</summary>
public sealed class OrdersFunctions
{
    /// <summary>"Fixes" the browser's CORS error by answering every caller with its own origin.</summary>
    [Function("Orders")]
    public HttpResponseData Orders([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        if (request.Headers.TryGetValues("Origin", out var origins))
        {
            response.Headers.Add("Access-Control-Allow-Origin", origins.First()); // expect: CORS001
            response.Headers.Add("Access-Control-Allow-Credentials", "true");
        }

        return response;
    }

    /// <summary>The clean twin: only an allowlisted origin, with Vary: Origin.</summary>
    [Function("TrustedOrders")]
    public HttpResponseData TrustedOrders([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        if (request.Headers.TryGetValues("Origin", out var origins) && TrustedOrigins.Contains(origins.First()))
        {
            response.Headers.Add("Access-Control-Allow-Origin", origins.First());
            response.Headers.Add("Access-Control-Allow-Credentials", "true");
            response.Headers.Add("Vary", "Origin");
        }

        return response;
    }

    /// <summary>Any origin, and cookies too.</summary>
    [Function("Profile")]
    public HttpResponseData Profile([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Access-Control-Allow-Origin", "*"); // expect: CORS002
        response.Headers.Add("Access-Control-Allow-Credentials", "true");
        return response;
    }

    /// <summary>The clean twin: any origin, no credentials (public data).</summary>
    [Function("PublicProfile")]
    public HttpResponseData PublicProfile([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Access-Control-Allow-Origin", "*");
        return response;
    }

    /// <summary>An exact allowlist, but no Vary: a CDN in front of the app serves one origin's answer to another.</summary>
    [Function("Report")]
    public HttpResponseData Report([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        var origin = request.Headers.TryGetValues("Origin", out var values) ? values.FirstOrDefault() : null;
        if (origin is not null && TrustedOrigins.Contains(origin))
        {
            response.Headers.Add("Access-Control-Allow-Origin", origin); // expect: CORS005
        }

        response.Headers.Add("Cache-Control", "public, max-age=600");
        return response;
    }

    /// <summary>The clean twin: the same, with Vary: Origin.</summary>
    [Function("VaryingReport")]
    public HttpResponseData VaryingReport([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        var origin = request.Headers.TryGetValues("Origin", out var values) ? values.FirstOrDefault() : null;
        if (origin is not null && TrustedOrigins.Contains(origin))
        {
            response.Headers.Add("Access-Control-Allow-Origin", origin);
            response.Headers.Add("Vary", "Origin");
        }

        response.Headers.Add("Cache-Control", "public, max-age=600");
        return response;
    }

    /// <summary>"Our subdomains", by the end of the origin: https://evilcontoso.com passes.</summary>
    [Function("Partners")]
    public HttpResponseData Partners([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        var origin = request.Headers.TryGetValues("Origin", out var values) ? values.FirstOrDefault() : null;
        if (origin is not null && origin.EndsWith("contoso.com", StringComparison.OrdinalIgnoreCase)) // expect: CORS003
        {
            response.Headers.Add("Access-Control-Allow-Origin", origin);
            response.Headers.Add("Vary", "Origin");
        }

        return response;
    }

    /// <summary>The clean twin: an exact lookup.</summary>
    [Function("TrustedPartners")]
    public HttpResponseData TrustedPartners([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        var origin = request.Headers.TryGetValues("Origin", out var values) ? values.FirstOrDefault() : null;
        if (TrustedOrigins.Contains(origin))
        {
            response.Headers.Add("Access-Control-Allow-Origin", origin!);
            response.Headers.Add("Vary", "Origin");
        }

        return response;
    }
    /// <summary>A widget endpoint that also lets sandboxed iframes in: any page can send Origin: null.</summary>
    [Function("Widget")]
    public HttpResponseData Widget([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        var origin = request.Headers.TryGetValues("Origin", out var values) ? values.FirstOrDefault() : null;
        if (origin == "null" || TrustedOrigins.Contains(origin)) // the "null" test: reported at the write it guards, as its additional location
        {
            response.Headers.Add("Access-Control-Allow-Origin", origin!); // expect: CORS004
            response.Headers.Add("Vary", "Origin");
        }

        return response;
    }

    /// <summary>The clean twin: allowlisted embedders only.</summary>
    [Function("TrustedWidget")]
    public HttpResponseData TrustedWidget([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        var origin = request.Headers.TryGetValues("Origin", out var values) ? values.FirstOrDefault() : null;
        if (TrustedOrigins.Contains(origin))
        {
            response.Headers.Add("Access-Control-Allow-Origin", origin!);
            response.Headers.Add("Vary", "Origin");
        }

        return response;
    }
}
