using System.Net;

namespace VulnerableApi;

/// <summary>A side channel on HttpListener for an old dashboard: same mistake, outside ASP.NET Core.</summary>
public static class HttpListenerBridge
{
    public static void Answer(HttpListenerContext context)
    {
        var origin = context.Request.Headers["Origin"];
        if (origin is not null)
        {
            context.Response.AddHeader("Access-Control-Allow-Origin", origin); // expect: CORS001, CORS005
        }

        context.Response.StatusCode = 204;
        context.Response.Close();
    }
}
