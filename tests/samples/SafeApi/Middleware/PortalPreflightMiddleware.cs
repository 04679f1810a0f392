namespace SafeApi.Middleware;

/// <summary>Answers the portal's preflights by hand, with cookies: the lists name the headers and methods, as credentials require.</summary>
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
        headers.AccessControlAllowHeaders = "Authorization, Content-Type";
        headers.AccessControlAllowMethods = "GET, POST, PUT, DELETE";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
