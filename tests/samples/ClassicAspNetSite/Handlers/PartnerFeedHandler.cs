using System;
using System.Collections.Generic;
using System.Web;

namespace ClassicAspNetSite.Handlers
{
    /// <summary>An .ashx handler that "allows our subdomains" by the end of the origin: https://evilcontoso.com passes.</summary>
    public sealed class PartnerFeedHandler : IHttpHandler
    {
        public bool IsReusable => true;

        public void ProcessRequest(HttpContext context)
        {
            var origin = context.Request.Headers["Origin"];
            if (origin != null && origin.EndsWith("contoso.com", StringComparison.OrdinalIgnoreCase)) // expect: CORS003
            {
                context.Response.AddHeader("Access-Control-Allow-Origin", origin);
                context.Response.AddHeader("Vary", "Origin");
            }

            context.Response.ContentType = "application/json";
            context.Response.Write("[]");
        }
    }

    /// <summary>The clean twin: an exact allowlist lookup.</summary>
    public sealed class TrustedFeedHandler : IHttpHandler
    {
        public bool IsReusable => true;

        public void ProcessRequest(HttpContext context)
        {
            var origin = context.Request.Headers["Origin"];
            if (TrustedOrigins.Contains(origin))
            {
                context.Response.AddHeader("Access-Control-Allow-Origin", origin);
                context.Response.AddHeader("Vary", "Origin");
            }

            context.Response.ContentType = "application/json";
            context.Response.Write("[]");
        }
    }

    /// <summary>A widget endpoint that also lets sandboxed iframes in: any page can send Origin: null.</summary>
    public sealed class WidgetHandler : IHttpHandler
    {
        private static readonly HashSet<string> Embedders = new HashSet<string>(StringComparer.Ordinal)
        {
            "https://embed.contoso.com",
        };

        public bool IsReusable => true;

        public void ProcessRequest(HttpContext context)
        {
            var origin = context.Request.Headers["Origin"];
            if (origin == "null" || Embedders.Contains(origin)) // the "null" test: reported at the write it guards, as its additional location
            {
                context.Response.Headers.Set("Access-Control-Allow-Origin", origin); // expect: CORS004
                context.Response.Headers.Set("Vary", "Origin");
            }
        }
    }

    /// <summary>The clean twin of the widget endpoint: embedders only.</summary>
    public sealed class EmbedderOnlyWidgetHandler : IHttpHandler
    {
        private static readonly HashSet<string> Embedders = new HashSet<string>(StringComparer.Ordinal)
        {
            "https://embed.contoso.com",
        };

        public bool IsReusable => true;

        public void ProcessRequest(HttpContext context)
        {
            var origin = context.Request.Headers["Origin"];
            if (origin != null && Embedders.Contains(origin))
            {
                context.Response.Headers.Set("Access-Control-Allow-Origin", origin);
                context.Response.Headers.Set("Vary", "Origin");
            }
        }
    }

    /// <summary>An exact allowlist, but a shared cache keyed on the URL alone serves one origin's answer to another.</summary>
    public sealed class ReportHandler : IHttpHandler
    {
        public bool IsReusable => true;

        public void ProcessRequest(HttpContextBase context)
        {
            var origin = context.Request.Headers["Origin"];
            if (TrustedOrigins.Contains(origin))
            {
                context.Response.AppendHeader("Access-Control-Allow-Origin", origin); // expect: CORS005
            }

            context.Response.Cache.SetCacheability(HttpCacheability.Public);
        }

        public void ProcessRequest(HttpContext context) => ProcessRequest(new HttpContextWrapper(context));
    }

    /// <summary>The clean twin: the same, with Vary: Origin.</summary>
    public sealed class VaryingReportHandler : IHttpHandler
    {
        public bool IsReusable => true;

        public void ProcessRequest(HttpContextBase context)
        {
            var origin = context.Request.Headers["Origin"];
            if (TrustedOrigins.Contains(origin))
            {
                context.Response.AppendHeader("Access-Control-Allow-Origin", origin);
                context.Response.AppendHeader("Vary", "Origin");
            }

            context.Response.Cache.SetCacheability(HttpCacheability.Public);
        }

        public void ProcessRequest(HttpContext context) => ProcessRequest(new HttpContextWrapper(context));
    }
}
