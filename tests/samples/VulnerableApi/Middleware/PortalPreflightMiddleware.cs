namespace VulnerableApi.Middleware;

/// <summary>Answers the portal's preflights by hand, with cookies: the '*' lists are read literally, so the calls fail.</summary>
public sealed class PortalPreflightMiddleware
{
    private readonly RequestDelegate _next;

    public PortalPreflightMiddleware(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsOptions(context.Request.Method) || !context.Request.Path.StartsWithSegments("/portal"))
        {
            return _next(context);
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "https://portal.contoso.com";
        headers.AccessControlAllowCredentials = "true";
        headers.AccessControlAllowHeaders = "*"; // expect: CORS009
        headers.AccessControlAllowMethods = "GET, POST, PUT, DELETE";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
