namespace CorsAnalyzers.Tests.Robustness;

/// <summary>
/// Realistic CORS code, safe and unsafe, that the robustness tests mutate even before any rule test exists.
/// Every seed compiles against the .NET and ASP.NET Core reference assemblies.
/// </summary>
public static class SeedSources
{
    public static IEnumerable<(string Name, string Text)> All =>
    [
        ("MinimalApiPolicies", MinimalApiPolicies),
        ("StartupPolicies", StartupPolicies),
        ("HandWrittenMiddleware", HandWrittenMiddleware),
        ("InlineMiddlewareAndEndpoints", InlineMiddlewareAndEndpoints),
        ("HttpListenerServer", HttpListenerServer),
        ("PolicyObjectsAndHandlers", PolicyObjectsAndHandlers),
    ];

    public const string MinimalApiPolicies = """
        using System;
        using System.Linq;
        using System.Text.RegularExpressions;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Cors.Infrastructure;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        var allowed = new[] { "https://app.contoso.com", "https://admin.contoso.com" };

        builder.Services.AddCors(options =>
        {
            options.AddPolicy("open", policy => policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod().AllowCredentials());
            options.AddPolicy("star", policy => policy.WithOrigins("*").AllowCredentials());
            options.AddPolicy("always", policy =>
            {
                policy.SetIsOriginAllowed(_ => true);
                policy.AllowCredentials();
                policy.AllowAnyHeader();
            });
            options.AddPolicy("suffix", policy => policy
                .SetIsOriginAllowed(origin => origin.EndsWith("contoso.com", StringComparison.OrdinalIgnoreCase))
                .AllowCredentials());
            options.AddPolicy("prefix", policy => policy.SetIsOriginAllowed(o => o.StartsWith("https://contoso")));
            options.AddPolicy("contains", policy => policy.SetIsOriginAllowed(o => o.Contains("contoso")));
            options.AddPolicy("regex", policy => policy.SetIsOriginAllowed(o => Regex.IsMatch(o, @"https://.*\.contoso\.com")));
            options.AddPolicy("null", policy => policy.WithOrigins("null", "https://app.contoso.com").AllowCredentials());
            options.AddPolicy("exact", policy => policy.WithOrigins(allowed).AllowCredentials().WithMethods("GET", "POST"));
            options.AddPolicy("lookup", policy => policy.SetIsOriginAllowed(o => allowed.Contains(o)).AllowCredentials());
            options.AddPolicy("wildcard", policy => policy.WithOrigins("https://*.contoso.com").SetIsOriginAllowedToAllowWildcardSubdomains());
            options.AddDefaultPolicy(policy => policy.WithOrigins("https://app.contoso.com/").WithExposedHeaders("X-Total"));
        });

        var app = builder.Build();
        app.UseRouting();
        app.UseCors("exact");
        app.UseCors(policy => policy.AllowAnyOrigin().AllowCredentials());
        app.MapGet("/", () => "hello").RequireCors("open");
        app.MapGet("/inline", () => "inline").RequireCors(p => p.SetIsOriginAllowed(x => true).AllowCredentials());
        app.Run();
        """;

    public const string StartupPolicies = """
        using System;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Cors;
        using Microsoft.AspNetCore.Cors.Infrastructure;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;

        namespace Contoso.Web
        {
            public sealed class Startup
            {
                private const string TrustedSuffix = ".contoso.com";
                private readonly IConfiguration _configuration;

                public Startup(IConfiguration configuration) => _configuration = configuration;

                public void ConfigureServices(IServiceCollection services)
                {
                    var origins = _configuration.GetSection("Cors:Origins").Get<string[]>() ?? Array.Empty<string>();
                    services.AddCors(options =>
                    {
                        options.AddDefaultPolicy(builder =>
                        {
                            builder.WithOrigins(origins)
                                   .AllowAnyHeader()
                                   .AllowAnyMethod()
                                   .AllowCredentials();
                        });
                        options.AddPolicy("Partners", builder => builder
                            .SetIsOriginAllowed(IsPartner)
                            .AllowCredentials());
                        options.AddPolicy("Everyone", new CorsPolicyBuilder("*").AllowAnyMethod().Build());
                    });
                    services.AddControllers();
                }

                private static bool IsPartner(string origin)
                    => origin.EndsWith(TrustedSuffix) || origin == "null" || new Uri(origin).Host.Contains("partner");

                public void Configure(IApplicationBuilder app)
                {
                    app.UseRouting();
                    app.UseCors();
                    app.UseEndpoints(endpoints => endpoints.MapControllers());
                }
            }

            [ApiController]
            [Route("api/[controller]")]
            [EnableCors("Partners")]
            public sealed class OrdersController : ControllerBase
            {
                [HttpGet]
                public IEnumerable<string> Get() => new[] { "a", "b" };

                [HttpDelete("{id}")]
                [DisableCors]
                public IActionResult Delete(int id) => NoContent();

                [HttpGet("star")]
                [EnableCors("*")]
                public string Star() => "*";
            }
        }
        """;

    public const string HandWrittenMiddleware = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Primitives;
        using Microsoft.Net.Http.Headers;

        namespace Contoso.Middleware;

        public sealed class ReflectingCorsMiddleware
        {
            private readonly RequestDelegate _next;

            public ReflectingCorsMiddleware(RequestDelegate next) => _next = next;

            public async Task InvokeAsync(HttpContext context)
            {
                var origin = context.Request.Headers.Origin;
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                context.Response.Headers.Append("Access-Control-Allow-Methods", "GET, POST");
                await _next(context);
            }
        }

        public sealed class AllowlistCorsMiddleware
        {
            private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };
            private readonly RequestDelegate _next;

            public AllowlistCorsMiddleware(RequestDelegate next) => _next = next;

            public Task InvokeAsync(HttpContext context)
            {
                string? origin = context.Request.Headers[HeaderNames.Origin];
                if (origin is not null && Allowed.Contains(origin))
                {
                    context.Response.Headers[HeaderNames.AccessControlAllowOrigin] = origin;
                    context.Response.Headers.Vary = "Origin";
                }
                else if (origin != null && origin.EndsWith(".contoso.com"))
                {
                    context.Response.Headers.Append(HeaderNames.AccessControlAllowOrigin, origin);
                    context.Response.Headers.Append(HeaderNames.AccessControlAllowCredentials, "true");
                }
                else if (origin == "null")
                {
                    context.Response.Headers.TryAdd("Access-Control-Allow-Origin", new StringValues(origin));
                }

                return _next(context);
            }
        }
        """;

    public const string InlineMiddlewareAndEndpoints = """
        using System;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Primitives;

        public static class CorsEndpoints
        {
            private static readonly Regex OriginPattern = new("contoso\\.com", RegexOptions.IgnoreCase);

            public static void Map(WebApplication app)
            {
                app.Use(async (context, next) =>
                {
                    StringValues origin = context.Request.Headers["Origin"];
                    if (OriginPattern.IsMatch(origin.ToString()))
                    {
                        context.Response.Headers.Add("Access-Control-Allow-Origin", origin);
                        context.Response.Headers.Add("Access-Control-Allow-Credentials", "true");
                    }

                    await next();
                });

                app.MapGet("/echo", (HttpContext ctx) =>
                {
                    var requestOrigin = ctx.Request.Headers.Origin.ToString();
                    ctx.Response.Headers["access-control-allow-origin"] = requestOrigin;
                    ctx.Response.Headers.Vary = "Origin";
                    return Results.Ok();
                });

                app.MapGet("/star", (HttpResponse response) =>
                {
                    response.Headers.AccessControlAllowOrigin = "*";
                    response.Headers.AccessControlAllowCredentials = "true";
                    return Task.CompletedTask;
                });
            }
        }
        """;

    public const string HttpListenerServer = """
        using System;
        using System.Net;
        using System.Text;

        namespace Contoso.Listener
        {
            internal static class Server
            {
                public static void Serve(string prefix)
                {
                    using var listener = new HttpListener();
                    listener.Prefixes.Add(prefix);
                    listener.Start();
                    while (listener.IsListening)
                    {
                        var context = listener.GetContext();
                        var request = context.Request;
                        var response = context.Response;
                        var origin = request.Headers["Origin"];
                        if (origin != null && origin.StartsWith("https://contoso.com"))
                        {
                            response.AddHeader("Access-Control-Allow-Origin", origin);
                            response.AppendHeader("Access-Control-Allow-Credentials", "true");
                        }
                        else
                        {
                            response.Headers["Access-Control-Allow-Origin"] = request.Headers.Get("Origin") ?? "null";
                            response.Headers.Add("Vary", "Origin");
                        }

                        var body = Encoding.UTF8.GetBytes("ok");
                        response.OutputStream.Write(body, 0, body.Length);
                        response.Close();
                    }
                }
            }
        }
        """;

    public const string PolicyObjectsAndHandlers = """
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Cors.Infrastructure;
        using Microsoft.AspNetCore.Http;

        namespace Contoso.Policies
        {
            public sealed class CustomPolicyProvider : ICorsPolicyProvider
            {
                public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
                {
                    var policy = new CorsPolicy { SupportsCredentials = true };
                    policy.Origins.Add("*");
                    policy.Headers.Add("*");
                    policy.IsOriginAllowed = origin => origin.Contains(".contoso.");
                    return Task.FromResult<CorsPolicy?>(policy);
                }
            }

            public sealed class CorsHeaderHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (request.Headers.TryGetValues("Origin", out var values))
                    {
                        response.Headers.TryAddWithoutValidation("Access-Control-Allow-Origin", values.First());
                        response.Headers.Add("Access-Control-Allow-Credentials", "true");
                    }

                    return response;
                }
            }
        }
        """;
}
