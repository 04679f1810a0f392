using System;
using System.Web;

namespace ClassicAspNetSite
{
    /// <summary>CORS written by hand for every request, before any handler runs.</summary>
    public class Global : HttpApplication
    {
        protected void Application_BeginRequest(object sender, EventArgs e)
        {
            // "Fixes" the browser's CORS error by answering every caller with its own origin.
            var origin = Request.Headers["Origin"];
            if (!string.IsNullOrEmpty(origin))
            {
                Response.AppendHeader("Access-Control-Allow-Origin", origin); // expect: CORS001
                Response.AppendHeader("Access-Control-Allow-Methods", "GET, POST");
            }
        }

        /// <summary>The clean twin: the same header, only for an allowlisted origin, with Vary: Origin.</summary>
        protected void Application_EndRequest(object sender, EventArgs e)
        {
            var origin = Request.Headers["Origin"];
            if (TrustedOrigins.Contains(origin))
            {
                Response.AppendHeader("Access-Control-Allow-Origin", origin);
                Response.AppendHeader("Vary", "Origin");
            }
        }
    }
}
