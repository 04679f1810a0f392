using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class OriginReflectionFixerTests
{
    private static string Msg(string code) => $"'{code}' echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed";

    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<OriginReflectionRule>().WithCodeFixProvider<OriginReflectionFixer>().WithSource(source);

    [Fact]
    public Task Wraps_the_write_in_an_allowlist_check_and_appends_vary()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    // Allow the caller.
                    context.Response.Headers["Access-Control-Allow-Origin"] = [|context.Request.Headers["Origin"]|];
                    context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                }
            }
            """)
            .ShouldReportMessages(Msg("context.Request.Headers[\"Origin\"]"))
            .ShouldFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                public void Invoke(HttpContext context)
                {
                    // Allow the caller.
                    var origin = context.Request.Headers["Origin"].ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                        context.Response.Headers.Append("Vary", "Origin");
                    }
                    context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_creates_the_allowlist_once_and_reuses_a_string_local()
        => Build("""
            using Microsoft.Net.Http.Headers;

            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    string origin = context.Request.Headers[HeaderNames.Origin]!;
                    context.Response.Headers.AccessControlAllowOrigin = [|origin|];
                }

                public void InvokeAgain(HttpContext context)
                {
                    context.Response.Headers.Append(HeaderNames.AccessControlAllowOrigin, [|context.Request.Headers.Origin|]);
                    context.Response.Headers.Vary = "Origin";
                }
            }
            """)
            .ShouldReportMessages(Msg("origin"), Msg("context.Request.Headers.Origin"))
            .ShouldBatchFixCodeWith("""
            using Microsoft.Net.Http.Headers;

            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                public void Invoke(HttpContext context)
                {
                    string origin = context.Request.Headers[HeaderNames.Origin]!;
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Append("Vary", "Origin");
                    }
                }

                public void InvokeAgain(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers.Append(HeaderNames.AccessControlAllowOrigin, origin);
                    }
                    context.Response.Headers.Vary = "Origin";
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Honours_the_configured_name_and_never_reuses_a_set_of_other_origins()
        => Build("""
            class CorsMiddleware
            {
                private static readonly ISet<string> TrustedOrigins = new HashSet<string> { "https://app.contoso.com" };

                public void Invoke(HttpContext context)
                {
                    context.Response.Headers.AccessControlAllowOrigin = [|context.Request.Headers.Origin|];
                    context.Response.Headers.Vary = "Origin";
                }
            }
            """)
            .WithOptions("cors_analyzers.allowlist_name = Origins")
            .ShouldReportMessages(Msg("context.Request.Headers.Origin"))
            .ShouldFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> Origins = new HashSet<string>(StringComparer.Ordinal);

                private static readonly ISet<string> TrustedOrigins = new HashSet<string> { "https://app.contoso.com" };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Origins.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                    }
                    context.Response.Headers.Vary = "Origin";
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Uses_the_configured_name_and_adds_usings_only_when_needed()
        => Build("""
            using Microsoft.AspNetCore.Http;

            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    context.Response.Headers.AccessControlAllowOrigin = [|context.Request.Headers.Origin|];
                }
            }
            """)
            .WithoutImplicitUsings()
            .WithOptions("cors_analyzers.allowlist_name = CorsOrigins")
            .ShouldReportMessages(Msg("context.Request.Headers.Origin"))
            .ShouldFixCodeWith("""
            using System;
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Http;

            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> CorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (CorsOrigins.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Append("Vary", "Origin");
                    }
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fixes_top_level_statements_with_a_partial_Program()
        => Build("""
            var app = WebApplication.Create();
            app.Use(async (context, next) =>
            {
                context.Response.Headers.AccessControlAllowOrigin = [|context.Request.Headers.Origin|];
                await next(context);
            });
            app.Run();

            """)
            .ShouldReportMessages(Msg("context.Request.Headers.Origin"))
            .ShouldFixCodeWith("""
            var app = WebApplication.Create();
            app.Use(async (context, next) =>
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (AllowedCorsOrigins.Contains(origin))
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin;
                    context.Response.Headers.Append("Vary", "Origin");
                }
                await next(context);
            });
            app.Run();

            partial class Program
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);
            }

            """)
            .ValidateAsync();

    [Fact]
    public Task Fixes_HttpListener_with_AppendHeader()
        => Build("""
            using System.Net;

            class Server
            {
                public void Handle(HttpListenerContext context)
                {
                    var origin = context.Request.Headers["Origin"];
                    if (origin != null)
                        context.Response.AddHeader("Access-Control-Allow-Origin", [|origin|]);
                }
            }
            """)
            .ShouldReportMessages(Msg("origin"))
            .ShouldFixCodeWith("""
            using System.Net;

            class Server
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                public void Handle(HttpListenerContext context)
                {
                    var origin = context.Request.Headers["Origin"];
                    if (origin != null)
                    {
                        if (AllowedCorsOrigins.Contains(origin))
                        {
                            context.Response.AddHeader("Access-Control-Allow-Origin", origin);
                            context.Response.AppendHeader("Vary", "Origin");
                        }
                    }
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Offers_no_fix_for_a_write_through_a_helper_or_an_unsupported_value()
        => Build("""
            class CorsMiddleware
            {
                static void SetHeader(HttpContext context, string name, string value) => context.Response.Headers[name] = value;

                public void Invoke(HttpContext context, HttpResponseMessage message, HttpRequestMessage request)
                {
                    SetHeader(context, "Access-Control-Allow-Origin", [|context.Request.Headers.Origin.ToString()|]);
                    message.Headers.Add("Access-Control-Allow-Origin", [|request.Headers.GetValues("Origin")|]);
                }
            }
            """)
            .ShouldReportMessages(Msg("context.Request.Headers.Origin.ToString()"), Msg("request.Headers.GetValues(\"Origin\")"))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
