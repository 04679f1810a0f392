namespace VulnerableApi.Middleware;

/// <summary>Checks an exact allowlist, but a shared cache keyed on the URL alone serves one origin's answer to another.</summary>
public sealed class AllowlistWithoutVaryMiddleware
{
    private static readonly HashSet<string> AllowedOrigins = new(StringComparer.Ordinal)
    {
        "https://app.contoso.com",
        "https://admin.contoso.com",
    };

    private readonly RequestDelegate _next;

    public AllowlistWithoutVaryMiddleware(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        string? origin = context.Request.Headers.Origin;
        if (origin is not null && AllowedOrigins.Contains(origin))
        {
            context.Response.Headers.AccessControlAllowOrigin = origin; // expect: CORS005
        }

        return _next(context);
    }
}
