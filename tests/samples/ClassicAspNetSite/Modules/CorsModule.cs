using System;
using System.Web;

namespace ClassicAspNetSite.Modules
{
    /// <summary>An IHttpModule registered in web.config that adds the CORS headers to every response.</summary>
    public sealed class CorsModule : IHttpModule
    {
        public void Init(HttpApplication context)
        {
            context.PreSendRequestHeaders += OnPreSendRequestHeaders;
        }

        private static void OnPreSendRequestHeaders(object sender, EventArgs e)
        {
            var response = ((HttpApplication)sender).Context.Response;

            // Any origin, and cookies too: the browser refuses it, and the next "fix" is to reflect the origin.
            response.Headers["Access-Control-Allow-Origin"] = "*"; // expect: CORS002
            response.Headers["Access-Control-Allow-Credentials"] = "true";
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The clean twin: any origin, but no credentials (a public, read-only resource).</summary>
    public sealed class PublicCorsModule : IHttpModule
    {
        public void Init(HttpApplication context)
        {
            context.PreSendRequestHeaders += (sender, e) =>
            {
                var response = ((HttpApplication)sender).Context.Response;
                response.Headers["Access-Control-Allow-Origin"] = "*";
            };
        }

        public void Dispose()
        {
        }
    }
}
