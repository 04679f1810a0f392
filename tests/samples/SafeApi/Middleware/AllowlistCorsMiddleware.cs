namespace SafeApi.Middleware;

/// <summary>Hand-written CORS headers done right: exact allowlist, and Vary: Origin for caches.</summary>
public sealed class AllowlistCorsMiddleware
{
    private static readonly HashSet<string> AllowedOrigins = new(StringComparer.Ordinal)
    {
        "https://app.contoso.com",
        "https://admin.contoso.com",
    };

    private readonly RequestDelegate _next;

    public AllowlistCorsMiddleware(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (AllowedOrigins.Contains(origin))
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.AccessControlAllowCredentials = "true";
        }

        context.Response.Headers.Append("Vary", "Origin");
        return _next(context);
    }
}
