using System.Net;

namespace SafeApi;

/// <summary>The HttpListener side channel, with the same allowlist and Vary.</summary>
public static class HttpListenerBridge
{
    public static void Answer(HttpListenerContext context)
    {
        var origin = context.Request.Headers["Origin"];
        if (origin is not null && TrustedOrigins.Contains(origin))
        {
            context.Response.AddHeader("Access-Control-Allow-Origin", origin);
            context.Response.AppendHeader("Vary", "Origin");
        }

        context.Response.StatusCode = 204;
        context.Response.Close();
    }
}
