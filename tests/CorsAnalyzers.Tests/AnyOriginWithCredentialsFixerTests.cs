using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class AnyOriginWithCredentialsFixerTests
{
    private const string RemoveCredentials = "CORS002.RemoveCredentials";

    private const string EveryOrigin = "so every site can send credentialed requests and read the responses";

    private static string Msg(string anyOrigin, string credentials, string consequence = EveryOrigin)
        => $"'{anyOrigin}' allows any origin while '{credentials}' allows credentials, {consequence}";

    /// <summary>ASP.NET Core refuses a policy whose origins are exactly ["*"] with credentials: CorsPolicyBuilder.Build() throws.</summary>
    private static string AtStartUp(string method) => $"which ASP.NET Core refuses: Build() throws InvalidOperationException at start-up, when '{method}' builds the policy";

    private static string AtCall(string method) => $"which ASP.NET Core refuses: Build() throws InvalidOperationException when '{method}' builds the policy";

    private static string AtBuild(string code) => $"which ASP.NET Core refuses: '{code}' throws InvalidOperationException";

    private const string EveryRequest = "which ASP.NET Core refuses: every request with an Origin header throws ArgumentException";

    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<AnyOriginWithCredentialsRule>().WithCodeFixProvider<AnyOriginWithCredentialsFixer>().WithSource(source);

    [Fact]
    public Task Drops_the_comments_that_say_any_origin_is_allowed()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        // The usual answer to "cannot allow any origin with credentials": it echoes every origin.
                        options.AddPolicy("partners", policy => policy.{|CORS002#a:SetIsOriginAllowed(_ => true)|}.{|+a:AllowCredentials()|}); // allow any origin
                    });
            }
            """)
            .ShouldReportMessages(Msg("SetIsOriginAllowed(_ => true)", "AllowCredentials()"))
            .ShouldFixCodeWith("""
            static class CorsSetup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForPartners = new HashSet<string>(StringComparer.Ordinal);

                public static void Configure(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("partners", policy => policy.SetIsOriginAllowed(AllowedCorsOriginsForPartners.Contains).AllowCredentials());
                    });
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Keeps_the_comments_that_say_nothing_about_which_origins_are_allowed()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        // The partner portal: see the runbook.
                        options.AddPolicy("partners", policy => policy.{|CORS002#a:SetIsOriginAllowed(_ => true)|}.{|+a:AllowCredentials()|}); // TODO: ask the partners
                    });
            }
            """)
            .ShouldReportMessages(Msg("SetIsOriginAllowed(_ => true)", "AllowCredentials()"))
            .ShouldFixCodeWith("""
            static class CorsSetup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForPartners = new HashSet<string>(StringComparer.Ordinal);

                public static void Configure(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        // The partner portal: see the runbook.
                        options.AddPolicy("partners", policy => policy.SetIsOriginAllowed(AllowedCorsOriginsForPartners.Contains).AllowCredentials()); // TODO: ask the partners
                    });
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task AllowAnyOrigin_becomes_an_allowlist_predicate()
        => Build("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddCors(options =>
                    {
                        // The front end.
                        options.AddPolicy("app", policy => policy
                            .{|CORS002#c:AllowAnyOrigin()|}
                            .AllowAnyHeader()
                            .{|+c:AllowCredentials()|});
                    });
                }
            }
            """)
            .ShouldReportMessages(Msg("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy")))
            .ShouldFixCodeWith("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            static class CorsSetup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForApp = new HashSet<string>(StringComparer.Ordinal);

                public static void Configure(IServiceCollection services)
                {
                    services.AddCors(options =>
                    {
                        // The front end.
                        options.AddPolicy("app", policy => policy
                            .SetIsOriginAllowed(AllowedCorsOriginsForApp.Contains)
                            .AllowAnyHeader()
                            .AllowCredentials());
                    });
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Remove_credentials_from_a_multi_line_chain()
        => Build("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddCors(options =>
                    {
                        options.AddPolicy("public", policy => policy
                            .{|CORS002#c:AllowAnyOrigin()|}
                            .AllowAnyHeader()
                            .{|+c:AllowCredentials()|});
                    });
                }
            }
            """)
            .WithCodeFixEquivalenceKey(RemoveCredentials)
            .ShouldReportMessages(Msg("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy")))
            .ShouldFixCodeWith("""
            static class CorsSetup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddCors(options =>
                    {
                        options.AddPolicy("public", policy => policy
                            .AllowAnyOrigin()
                            .AllowAnyHeader());
                    });
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_gives_each_policy_its_own_allowlist_and_shares_one_only_between_checks_that_name_the_same_origins()
        => Build("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                static bool AnyOrigin(string origin) => true;

                public void Configure(IServiceCollection services)
                {
                    services.AddCors(options =>
                    {
                        options.AddPolicy("a", b => b.{|CORS002#a:WithOrigins("*")|}.{|+a:AllowCredentials()|});
                        options.AddPolicy("b", b => b.{|CORS002#b:SetIsOriginAllowed(_ => true)|}.{|+b:AllowCredentials()|});
                        options.AddPolicy("c", b => b.{|CORS002#c:SetIsOriginAllowed(AnyOrigin)|}.{|+c:AllowCredentials()|});
                    });
                }

                public CorsPolicy Build()
                {
                    var builder = {|CORS002#d:new CorsPolicyBuilder("*")|};
                    builder.{|+d:AllowCredentials()|};
                    return builder.Build();
                }

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy { {|+e:SupportsCredentials = true|} };
                    policy.{|CORS002#e:Origins.Add("*")|};
                    return policy;
                }
            }
            """)
            .ShouldReportMessages(
                Msg("WithOrigins(\"*\")", "AllowCredentials()", AtStartUp("AddPolicy")),
                Msg("SetIsOriginAllowed(_ => true)", "AllowCredentials()"),
                Msg("SetIsOriginAllowed(AnyOrigin)", "AllowCredentials()"),
                Msg("new CorsPolicyBuilder(\"*\")", "AllowCredentials()", AtBuild("Build()")),
                Msg("Origins.Add(\"*\")", "SupportsCredentials = true", EveryRequest))
            .ShouldBatchFixCodeWith("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForA = new HashSet<string>(StringComparer.Ordinal);

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForB = new HashSet<string>(StringComparer.Ordinal);

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForC = new HashSet<string>(StringComparer.Ordinal);

                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                static bool AnyOrigin(string origin) => true;

                public void Configure(IServiceCollection services)
                {
                    services.AddCors(options =>
                    {
                        options.AddPolicy("a", b => b.SetIsOriginAllowed(AllowedCorsOriginsForA.Contains).AllowCredentials());
                        options.AddPolicy("b", b => b.SetIsOriginAllowed(AllowedCorsOriginsForB.Contains).AllowCredentials());
                        options.AddPolicy("c", b => b.SetIsOriginAllowed(AllowedCorsOriginsForC.Contains).AllowCredentials());
                    });
                }

                public CorsPolicy Build()
                {
                    var builder = new CorsPolicyBuilder().SetIsOriginAllowed(AllowedCorsOrigins.Contains);
                    builder.AllowCredentials();
                    return builder.Build();
                }

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy { SupportsCredentials = true };
                    policy.IsOriginAllowed = AllowedCorsOrigins.Contains;
                    return policy;
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Fix_all_removes_credentials_in_every_form()
        => Build("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                public void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(options => options.AddPolicy("a", b => b.{|+a:AllowCredentials()|}.{|CORS002#a:AllowAnyOrigin()|}.AllowAnyMethod()));
                    app.UseCors(b =>
                    {
                        b.{|CORS002#b:AllowAnyOrigin()|};
                        b.{|+b:AllowCredentials()|};
                    });
                }

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy
                    {
                        {|CORS002#c:IsOriginAllowed = _ => true|},
                        {|+c:SupportsCredentials = true|}
                    };
                    return policy;
                }

                public CorsPolicy Assigned()
                {
                    var policy = new CorsPolicy();
                    policy.{|CORS002#d:Origins.Add("*")|};
                    policy.{|+d:SupportsCredentials = true|};
                    return policy;
                }
            }
            """)
            .WithCodeFixEquivalenceKey(RemoveCredentials)
            .ShouldReportMessages(
                Msg("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy")),
                Msg("AllowAnyOrigin()", "AllowCredentials()", AtCall("UseCors")),
                Msg("IsOriginAllowed = _ => true", "SupportsCredentials = true"),
                Msg("Origins.Add(\"*\")", "SupportsCredentials = true", EveryRequest))
            .ShouldBatchFixCodeWith("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                public void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddCors(options => options.AddPolicy("a", b => b.AllowAnyOrigin().AllowAnyMethod()));
                    app.UseCors(b =>
                    {
                        b.AllowAnyOrigin();
                    });
                }

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy
                    {
                        IsOriginAllowed = _ => true
                    };
                    return policy;
                }

                public CorsPolicy Assigned()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add("*");
                    return policy;
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Top_level_statements_get_the_allowlist_in_a_partial_Program()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.{|CORS002#a:AllowAnyOrigin()|}.{|+a:AllowCredentials()|}));
            var app = builder.Build();
            app.UseCors();
            app.Run();
            """)
            .WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)
            .ShouldReportMessages(Msg("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddDefaultPolicy")))
            .ShouldFixCodeWith("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(AllowedCorsOriginsForDefaultPolicy.Contains).AllowCredentials()));
            var app = builder.Build();
            app.UseCors();
            app.Run();

            partial class Program
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOriginsForDefaultPolicy = new HashSet<string>(StringComparer.Ordinal);
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Hand_written_star_loses_the_comment_that_says_any_origin_and_keeps_the_others()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    // Any origin plus cookies, by hand.
                    context.Response.Headers["Access-Control-Allow-Origin"] = {|CORS002#a:"*"|}; // legacy clients
                    {|+a:context.Response.Headers["Access-Control-Allow-Credentials"] = "true"|};
                }
            }
            """)
            .ShouldReportMessages(Msg("context.Response.Headers[\"Access-Control-Allow-Origin\"] = \"*\"", "context.Response.Headers[\"Access-Control-Allow-Credentials\"] = \"true\""))
            .ShouldFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                        context.Response.Headers.Append("Vary", "Origin");
                    } // legacy clients
                    context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Hand_written_star_becomes_the_checked_request_origin()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = {|CORS002#a:"*"|};
                    {|+a:context.Response.Headers["Access-Control-Allow-Credentials"] = "true"|};
                }
            }
            """)
            .ShouldReportMessages(Msg("context.Response.Headers[\"Access-Control-Allow-Origin\"] = \"*\"", "context.Response.Headers[\"Access-Control-Allow-Credentials\"] = \"true\""))
            .ShouldFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
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
    public Task Hand_written_credentials_write_can_be_removed()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpResponse response)
                {
                    response.Headers.AccessControlAllowOrigin = {|CORS002#a:"*"|};
                    // Cookies too.
                    {|+a:response.Headers.AccessControlAllowCredentials = "true"|};
                    response.Headers.AccessControlAllowMethods = "GET";
                }
            }
            """)
            .WithCodeFixEquivalenceKey(RemoveCredentials)
            .ShouldReportMessages(Msg("response.Headers.AccessControlAllowOrigin = \"*\"", "response.Headers.AccessControlAllowCredentials = \"true\""))
            .ShouldFixCodeWith("""
            class CorsMiddleware
            {
                public void Invoke(HttpResponse response)
                {
                    response.Headers.AccessControlAllowOrigin = "*";
                    response.Headers.AccessControlAllowMethods = "GET";
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Hand_written_on_a_response_reads_the_origin_through_its_HttpContext()
        => Build("""
            class CorsMiddleware
            {
                public void Invoke(HttpResponse response)
                {
                    response.Headers.AccessControlAllowOrigin = {|CORS002#a:"*"|};
                    {|+a:response.Headers.AccessControlAllowCredentials = "true"|};
                    response.Headers.Vary = "Origin";
                }
            }
            """)
            .ShouldReportMessages(Msg("response.Headers.AccessControlAllowOrigin = \"*\"", "response.Headers.AccessControlAllowCredentials = \"true\""))
            .ShouldFixCodeWith("""
            class CorsMiddleware
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                public void Invoke(HttpResponse response)
                {
                    var origin = response.HttpContext.Request.Headers.Origin.ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        response.Headers.AccessControlAllowOrigin = origin;
                    }
                    response.Headers.AccessControlAllowCredentials = "true";
                    response.Headers.Vary = "Origin";
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task No_allowlist_fix_for_HttpListener_and_no_fix_for_OWIN_AllowAll()
        => Build("""
            using System.Net;

            namespace Microsoft.Owin.Cors
            {
                public class CorsOptions { public static CorsOptions AllowAll { get; } = new CorsOptions(); }
            }

            class Server
            {
                public void Handle(HttpListenerContext context)
                {
                    if (context.Request.HttpMethod == "OPTIONS") context.Response.AddHeader("Access-Control-Allow-Origin", {|CORS002#a:"*"|});
                    if (context.Request.IsLocal) {|+a:context.Response.AddHeader("Access-Control-Allow-Credentials", "true")|};
                }

                public object Owin() => {|CORS002:Microsoft.Owin.Cors.CorsOptions.AllowAll|};
            }
            """)
            .ShouldReportMessages(
                Msg("context.Response.AddHeader(\"Access-Control-Allow-Origin\", \"*\")", "context.Response.AddHeader(\"Access-Control-Allow-Credentials\", \"true\")"),
                Msg("Microsoft.Owin.Cors.CorsOptions.AllowAll", "CorsOptions.AllowAll"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Web_API_attribute_offers_only_the_credentials_removal()
        => Build("""
            namespace System.Web.Http.Cors
            {
                [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
                public sealed class EnableCorsAttribute : Attribute
                {
                    public EnableCorsAttribute(string origins, string headers, string methods) { }
                    public bool SupportsCredentials { get; set; }
                }
            }

            namespace App
            {
                using System.Web.Http.Cors;

                [EnableCors({|CORS002#a:"*"|}, "*", "*", {|+a:SupportsCredentials = true|})]
                public class ValuesController { }

                [EnableCors({|CORS002#b:"*"|}, "*", "*", {|+b:SupportsCredentials = true|})]
                public class OtherController { }
            }
            """)
            .ShouldReportMessages(Msg("\"*\"", "SupportsCredentials = true"), Msg("\"*\"", "SupportsCredentials = true"))
            .WithCodeFixEquivalenceKey(RemoveCredentials)
            .ShouldBatchFixCodeWith("""
            namespace System.Web.Http.Cors
            {
                [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
                public sealed class EnableCorsAttribute : Attribute
                {
                    public EnableCorsAttribute(string origins, string headers, string methods) { }
                    public bool SupportsCredentials { get; set; }
                }
            }

            namespace App
            {
                using System.Web.Http.Cors;

                [EnableCors("*", "*", "*")]
                public class ValuesController { }

                [EnableCors("*", "*", "*")]
                public class OtherController { }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Web_API_attribute_has_no_allowlist_fix()
        => Build("""
            namespace System.Web.Http.Cors
            {
                [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
                public sealed class EnableCorsAttribute : Attribute
                {
                    public EnableCorsAttribute(string origins, string headers, string methods) { }
                    public bool SupportsCredentials { get; set; }
                }
            }

            namespace App
            {
                using System.Web.Http.Cors;

                [EnableCors({|CORS002#a:"*"|}, "*", "*", {|+a:SupportsCredentials = true|})]
                public class ValuesController { }
            }
            """)
            .ShouldReportMessages(Msg("\"*\"", "SupportsCredentials = true"))
            .WithCodeFixEquivalenceKey("CORS002.Allowlist")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Web_API_attribute_object_creation_loses_its_emptied_initializer()
        => Build("""
            namespace System.Web.Http.Cors
            {
                public sealed class EnableCorsAttribute : Attribute
                {
                    public EnableCorsAttribute(string origins, string headers, string methods) { }
                    public bool SupportsCredentials { get; set; }
                }
            }

            namespace App
            {
                using System.Web.Http.Cors;

                static class WebApiConfig
                {
                    public static object Register() => new EnableCorsAttribute({|CORS002#a:"*"|}, "*", "*") { {|+a:SupportsCredentials = true|} };
                }
            }
            """)
            .ShouldReportMessages(Msg("\"*\"", "SupportsCredentials = true"))
            .WithCodeFixEquivalenceKey(RemoveCredentials)
            .ShouldFixCodeWith("""
            namespace System.Web.Http.Cors
            {
                public sealed class EnableCorsAttribute : Attribute
                {
                    public EnableCorsAttribute(string origins, string headers, string methods) { }
                    public bool SupportsCredentials { get; set; }
                }
            }

            namespace App
            {
                using System.Web.Http.Cors;

                static class WebApiConfig
                {
                    public static object Register() => new EnableCorsAttribute("*", "*", "*");
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Allowlist_fix_never_reuses_a_set_of_other_origins_and_drops_only_the_comment_it_made_false()
        => Build("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                private static readonly HashSet<string> TrustedOrigins = new(StringComparer.Ordinal) { "https://app.example" };

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy
                    {
                        {|CORS002#a:IsOriginAllowed = /* everyone */ origin => true|}, // TODO tighten
                        {|+a:SupportsCredentials = true|},
                    };
                    return policy;
                }
            }
            """)
            .ShouldReportMessages(Msg("IsOriginAllowed = /* everyone */ origin => true", "SupportsCredentials = true"))
            .ShouldFixCodeWith("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                private static readonly HashSet<string> TrustedOrigins = new(StringComparer.Ordinal) { "https://app.example" };

                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy
                    {
                        IsOriginAllowed = AllowedCorsOrigins.Contains, // TODO tighten
                        SupportsCredentials = true,
                    };
                    return policy;
                }
            }
            """)
            .ValidateAsync();

    // Regression (robustness run): the partial Program was appended inside an unterminated string at the end of the file.
    [Fact]
    public Task No_allowlist_fix_when_top_level_code_ends_unterminated()
        => Build("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddPolicy("open", p => p.{|CORS002#a:AllowAnyOrigin()|}.{|+a:AllowCredentials()|}));
            builder.Services.AddCors(o => o.AddPolicy("x", p => p.SetIsOriginAllowed(x => x.Contains("contoso
            """)
            .WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)
            .AllowCompilerErrors()
            .ShouldReportMessages(Msg("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy")))
            .WithCodeFixEquivalenceKey("CORS002.Allowlist")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Removing_the_only_initializer_member_leaves_a_plain_constructor_call()
        => Build("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy { {|+a:SupportsCredentials = true|} };
                    policy.{|CORS002#a:Origins.Add("*")|};
                    return policy;
                }
            }
            """)
            .ShouldReportMessages(Msg("Origins.Add(\"*\")", "SupportsCredentials = true", EveryRequest))
            .WithCodeFixEquivalenceKey(RemoveCredentials)
            .ShouldFixCodeWith("""
            using Microsoft.AspNetCore.Cors.Infrastructure;

            class CorsSetup
            {
                public CorsPolicy HandMade()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add("*");
                    return policy;
                }
            }
            """)
            .ValidateAsync();
}
