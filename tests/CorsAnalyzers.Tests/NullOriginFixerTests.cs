using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis.Testing;

namespace CorsAnalyzers.Tests;

public sealed class NullOriginFixerTests
{
    private static string Msg(string code)
        => $"'{code}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file";

    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<NullOriginRule>().WithCodeFixProvider<NullOriginFixer>().WithSource(source);

    [Fact]
    public Task Removes_a_WithOrigins_argument_and_the_comment_that_gave_its_reason()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b
                        .WithOrigins("https://app.example", [|"null"|]) // sandboxed previews
                        .AllowCredentials()));
            }
            """)
            .ShouldReportMessages(Msg("\"null\""))
            .ShouldFixCodeWith("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b
                        .WithOrigins("https://app.example")
                        .AllowCredentials()));
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Keeps_a_comment_that_says_nothing_about_the_null_origin()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b
                        .WithOrigins("https://app.example", [|"null"|]) // the customer portal
                        .AllowCredentials()));
            }
            """)
            .ShouldReportMessages(Msg("\"null\""))
            .ShouldFixCodeWith("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("app", b => b
                        .WithOrigins("https://app.example") // the customer portal
                        .AllowCredentials()));
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_removes_every_list_entry_form()
        => Build("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                const string Sandboxed = "null";

                static readonly string[] Origins =
                {
                    "https://app.example",
                    {|+0:"null"|}
                };

                public void Configure(IServiceCollection services)
                {
                    var extra = new List<string> { {|+1:"null"|}, "https://admin.example" };
                    extra.Add({|+2:"null"|});
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.{|CORS004#0:WithOrigins(Origins)|});
                        o.AddPolicy("b", b => b.{|CORS004#1:{|CORS004#2:WithOrigins(extra.ToArray())|}|});
                        o.AddPolicy("c", b => b.WithOrigins([|Sandboxed|], "https://c.example"));
                        o.AddPolicy("d", new CorsPolicyBuilder(new[] { "https://d.example", [|"null"|] }).Build());
                    });
                }

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add("https://e.example");
                    policy.Origins.Add([|"null"|]);
                    return policy;
                }
            }
            """)
            .ShouldReportMessages(Msg("\"null\""), Msg("\"null\""), Msg("\"null\""), Msg("Sandboxed"), Msg("\"null\""), Msg("\"null\""))
            .ShouldBatchFixCodeWith("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                const string Sandboxed = "null";

                static readonly string[] Origins =
                {
                    "https://app.example"
                };

                public void Configure(IServiceCollection services)
                {
                    var extra = new List<string> { "https://admin.example" };
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins(Origins));
                        o.AddPolicy("b", b => b.WithOrigins(extra.ToArray()));
                        o.AddPolicy("c", b => b.WithOrigins("https://c.example"));
                        o.AddPolicy("d", new CorsPolicyBuilder(new[] { "https://d.example" }).Build());
                    });
                }

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add("https://e.example");
                    return policy;
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Removes_tests_from_predicates_and_guards()
        => Build("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example" };

                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => origin == "https://a.example" || origin == [|"null"|])));

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (string.Equals(origin, {|+0:"null"|}, StringComparison.Ordinal) || Allowed.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = {|CORS004#0:origin|};
                        context.Response.Headers.Vary = "Origin";
                    }

                    if (origin is "https://b.example" or {|+1:"null"|})
                    {
                        context.Response.Headers.AccessControlAllowOrigin = {|CORS004#1:origin|};
                    }

                    switch (origin)
                    {
                        case "https://c.example":
                        case {|+2:"null"|}:
                            context.Response.Headers.AccessControlAllowOrigin = {|CORS004#2:origin|};
                            break;
                    }
                }
            }
            """)
            .ShouldReportMessages(Msg("\"null\""), Msg("\"null\""), Msg("\"null\""), Msg("\"null\""))
            .ShouldBatchFixCodeWith("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example" };

                public static void Configure(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => origin == "https://a.example")));

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }

                    if (origin is "https://b.example")
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                    }

                    switch (origin)
                    {
                        case "https://c.example":
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                            break;
                    }
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Null_written_as_the_allowed_origin_becomes_an_exact_check()
        => Build("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example" };

                public void Invoke(HttpContext context)
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = [|"null"|];
                }

                public void Fallback(HttpContext context)
                {
                    string? origin = context.Request.Headers["Origin"];
                    context.Response.Headers.AccessControlAllowOrigin = origin ?? [|"null"|];
                }

                public void Chosen(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    context.Response.Headers.AccessControlAllowOrigin = Allowed.Contains(origin) ? origin : [|"null"|];
                    context.Response.Headers.Vary = "Origin";
                }
            }
            """)
            .ShouldReportMessages(Msg("\"null\""), Msg("\"null\""), Msg("\"null\""))
            .ShouldBatchFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example" };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                        context.Response.Headers.Append("Vary", "Origin");
                    }
                }

                public void Fallback(HttpContext context)
                {
                    string? origin = context.Request.Headers["Origin"];
                    if (origin != null && AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Append("Vary", "Origin");
                    }
                }

                public void Chosen(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                    }
                    context.Response.Headers.Vary = "Origin";
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Top_level_statements()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins("https://app.example", [|"null"|])));
            var app = builder.Build();
            app.UseCors();
            app.Run();
            """)
            .WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)
            .ShouldReportMessages(Msg("\"null\""))
            .ShouldFixCodeWith("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins("https://app.example")));
            var app = builder.Build();
            app.UseCors();
            app.Run();
            """)
            .ValidateAsync();

    [Fact]
    public Task Not_offered_where_nothing_would_be_left()
        => Build("""
            class CorsMiddleware
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins([|"null"|]));
                        o.AddPolicy("b", b => b.WithOrigins(new[] { [|"null"|] }));
                        o.AddPolicy("c", b => b.SetIsOriginAllowed(origin => origin == [|"null"|]));
                    });

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    switch (origin)
                    {
                        case {|+0:"null"|}:
                            context.Response.Headers.AccessControlAllowOrigin = {|CORS004#0:origin|};
                            context.Response.Headers.Vary = "Origin";
                            break;
                    }
                }
            }
            """)
            .ShouldReportMessages(Msg("\"null\""), Msg("\"null\""), Msg("\"null\""), Msg("\"null\""))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
