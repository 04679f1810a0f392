namespace VulnerableApi.Middleware;

/// <summary>
/// Lets partners in by the end of their origin, and writes no Vary: the check lets https://evilfabrikam.com in, and once it
/// is exact, a shared cache would serve one partner's answer to another.
/// </summary>
public sealed class PartnerSuffixMiddleware
{
    private readonly RequestDelegate _next;

    public PartnerSuffixMiddleware(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.EndsWith("fabrikam.com", StringComparison.OrdinalIgnoreCase)) // expect: CORS003
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.AccessControlAllowCredentials = "true";
        }

        return _next(context);
    }
}
