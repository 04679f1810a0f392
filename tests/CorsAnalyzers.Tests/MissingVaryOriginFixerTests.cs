using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class MissingVaryOriginFixerTests
{
    private static string Msg(string code) => $"'{code}' writes a per-request Access-Control-Allow-Origin without 'Vary: Origin', so a cache can serve one origin's response to another";

    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<MissingVaryOriginRule>().WithCodeFixProvider<MissingVaryOriginFixer>().WithSource(source);

    [Fact]
    public Task Appends_vary_after_each_write_with_the_same_api()
        => Build("""
            using System.Net;

            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                public void Invoke(HttpContext context, string tenantOrigin)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin))
                        [|context.Response.Headers.AccessControlAllowOrigin = origin|];
                }

                public void Tenant(HttpContext context, string tenantOrigin)
                {
                    [|context.Response.Headers["Access-Control-Allow-Origin"] = tenantOrigin|]; // per tenant
                    context.Response.Headers.Vary = "Accept-Encoding";
                }

                public void Listener(HttpListenerContext context, string tenantOrigin)
                {
                    [|context.Response.Headers["Access-Control-Allow-Origin"] = tenantOrigin|];
                    [|context.Response.AddHeader("Access-Control-Allow-Origin", tenantOrigin)|];
                }
            }
            """)
            .ShouldReportMessages(
                Msg("context.Response.Headers.AccessControlAllowOrigin = origin"),
                Msg("context.Response.Headers[\"Access-Control-Allow-Origin\"] = tenantOrigin"),
                Msg("context.Response.Headers[\"Access-Control-Allow-Origin\"] = tenantOrigin"),
                Msg("context.Response.AddHeader(\"Access-Control-Allow-Origin\", tenantOrigin)"))
            .ShouldBatchFixCodeWith("""
            using System.Net;

            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                public void Invoke(HttpContext context, string tenantOrigin)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Append("Vary", "Origin");
                    }
                }

                public void Tenant(HttpContext context, string tenantOrigin)
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = tenantOrigin;
                    context.Response.Headers.Append("Vary", "Origin"); // per tenant
                    context.Response.Headers.Vary = "Accept-Encoding";
                }

                public void Listener(HttpListenerContext context, string tenantOrigin)
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = tenantOrigin;
                    context.Response.Headers.Add("Vary", "Origin");
                    context.Response.AddHeader("Access-Control-Allow-Origin", tenantOrigin);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Adds_the_using_for_Append_only_when_missing()
        => Build("""
            using Microsoft.AspNetCore.Http.Features;

            class CorsMiddleware
            {
                public void Invoke(Microsoft.AspNetCore.Http.HttpContext context, string tenantOrigin)
                {
                    [|context.Response.Headers.AccessControlAllowOrigin = tenantOrigin|];
                }
            }
            """)
            .WithoutImplicitUsings()
            .ShouldReportMessages(Msg("context.Response.Headers.AccessControlAllowOrigin = tenantOrigin"))
            .ShouldFixCodeWith("""
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Http.Features;

            class CorsMiddleware
            {
                public void Invoke(Microsoft.AspNetCore.Http.HttpContext context, string tenantOrigin)
                {
                    context.Response.Headers.AccessControlAllowOrigin = tenantOrigin;
                    context.Response.Headers.Append("Vary", "Origin");
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Offers_no_fix_for_a_write_through_a_helper()
        => Build("""
            class CorsMiddleware
            {
                static void SetHeader(HttpContext context, string name, string value) => context.Response.Headers[name] = value;

                public void Invoke(HttpContext context, string tenantOrigin)
                {
                    [|SetHeader(context, "Access-Control-Allow-Origin", tenantOrigin)|];
                }
            }
            """)
            .ShouldReportMessages(Msg("SetHeader(context, \"Access-Control-Allow-Origin\", tenantOrigin)"))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
