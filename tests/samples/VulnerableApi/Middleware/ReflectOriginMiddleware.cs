namespace VulnerableApi.Middleware;

/// <summary>"Fixes" CORS errors by answering every caller with its own origin.</summary>
public sealed class ReflectOriginMiddleware
{
    private readonly RequestDelegate _next;

    public ReflectOriginMiddleware(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers["Origin"].ToString();
        if (!string.IsNullOrEmpty(origin))
        {
            context.Response.Headers["Access-Control-Allow-Origin"] = origin; // expect: CORS001, CORS005
            context.Response.Headers["Access-Control-Allow-Methods"] = "GET, POST";
        }

        return _next(context);
    }
}
