namespace VulnerableApi.Middleware;

/// <summary>Allows "our" subdomains by comparing the end of the host name: https://evilcontoso.com passes.</summary>
public sealed class SuffixCheckMiddleware
{
    private readonly RequestDelegate _next;

    public SuffixCheckMiddleware(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Host.EndsWith("contoso.com", StringComparison.OrdinalIgnoreCase)) // expect: CORS003
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.Append("Vary", "Origin");
        }

        return _next(context);
    }
}
