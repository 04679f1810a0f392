using Microsoft.AspNetCore.Mvc.Filters;

namespace VulnerableApi.Filters;

/// <summary>An MVC filter from before the CORS middleware existed: it mirrors whatever origin asks.</summary>
public sealed class LegacyCorsHeadersFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        response.Headers.Append("Access-Control-Allow-Origin", request.Headers["Origin"]); // expect: CORS001, CORS005
        response.Headers.Append("Access-Control-Allow-Headers", "Content-Type");
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
