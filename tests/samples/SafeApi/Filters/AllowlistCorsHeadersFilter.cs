using Microsoft.AspNetCore.Mvc.Filters;

namespace SafeApi.Filters;

/// <summary>The MVC-filter version: echoes only an allowlisted origin, and always says the answer varies by Origin.</summary>
public sealed class AllowlistCorsHeadersFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        string origin = request.Headers["Origin"].ToString();
        if (TrustedOrigins.Contains(origin))
        {
            response.Headers.Append("Access-Control-Allow-Origin", origin);
        }

        response.Headers.Append("Vary", "Origin");
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
