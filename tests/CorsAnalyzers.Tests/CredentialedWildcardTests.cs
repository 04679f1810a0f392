using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class CredentialedWildcardTests
{
    private const string Headers = "a preflight that asks for Authorization or any other non-safelisted header fails";
    private const string Methods = "a preflight that asks for PUT, DELETE or any other non-simple method fails";
    private const string Exposed = "scripts can read no response header beyond the safelisted ones";

    private static string Message(string code, string header, string consequence)
        => $"'{code}' in Access-Control-{header} is the header name '*', not a wildcard, on a response that allows credentials: {consequence}";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<CredentialedWildcardRule>()
        .WithSource("using Microsoft.AspNetCore.Cors.Infrastructure;\nusing Microsoft.Net.Http.Headers;\n\nclass C\n{\n" + body + "\n}\n");

    // ---------------------------------------------------------------- hand-written headers

    [Fact]
    public Task Star_in_each_header_with_credentials()
        => Build("""
                void M(HttpContext context)
                {
                    var headers = context.Response.Headers;
                    headers.AccessControlAllowOrigin = "https://app.contoso.com";
                    headers.AccessControlAllowCredentials = "true";
                    headers.AccessControlAllowHeaders = [|"*"|];
                    headers["Access-Control-Allow-Methods"] = [|"GET, *"|];
                    headers.Append(HeaderNames.AccessControlExposeHeaders, [|"*"|]);
                }
            """).ShouldReportMessages(
                Message("\"*\"", "Allow-Headers", Headers),
                Message("\"GET, *\"", "Allow-Methods", Methods),
                Message("\"*\"", "Expose-Headers", Exposed))
            .ValidateAsync();

    [Fact]
    public Task Star_without_credentials_is_a_wildcard()
        => Build("""
                void M(HttpContext context)
                {
                    var headers = context.Response.Headers;
                    headers.AccessControlAllowOrigin = "*";
                    headers.AccessControlAllowHeaders = "*";
                    headers["Access-Control-Allow-Methods"] = "*";
                    headers.Append(HeaderNames.AccessControlExposeHeaders, "*");
                }
            """).ValidateAsync();

    [Fact]
    public Task Explicit_lists_with_credentials_are_fine()
        => Build("""
                void M(HttpContext context)
                {
                    var headers = context.Response.Headers;
                    headers.AccessControlAllowOrigin = "https://app.contoso.com";
                    headers.AccessControlAllowCredentials = "true";
                    headers.AccessControlAllowHeaders = "Authorization, Content-Type";
                    headers.AccessControlAllowMethods = "GET, POST, PUT";
                    headers.AccessControlExposeHeaders = "X-Total-Count";
                }
            """).ValidateAsync();

    [Fact]
    public Task Credentials_false_is_no_credentials()
        => Build("""
                void M(HttpContext context)
                {
                    context.Response.Headers.AccessControlAllowCredentials = "false";
                    context.Response.Headers.AccessControlAllowHeaders = "*";
                }
            """).ValidateAsync();

    [Fact]
    public Task Credentials_written_in_another_function_is_another_response()
        => Build("""
                void Credentials(HttpContext context) => context.Response.Headers.AccessControlAllowCredentials = "true";

                void Headers(HttpContext context) => context.Response.Headers.AccessControlAllowHeaders = "*";
            """).ValidateAsync();

    [Fact]
    public Task Star_as_a_fallback_value()
        => Build("""
                void M(HttpContext context, string? requested)
                {
                    context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                    context.Response.Headers["Access-Control-Allow-Headers"] = requested ?? [|"*"|];
                }
            """).ShouldReportMessages(Message("\"*\"", "Allow-Headers", Headers)).ValidateAsync();

    [Fact]
    public Task A_star_inside_a_header_name_is_no_wildcard()
        => Build("""
                void M(HttpContext context)
                {
                    context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                    context.Response.Headers["Access-Control-Allow-Headers"] = "X-Custom-*";
                }
            """).ValidateAsync();

    // ---------------------------------------------------------------- ASP.NET Core policies

    [Fact]
    public Task WithExposedHeaders_star_with_AllowCredentials()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b
                        .WithOrigins("https://app.contoso.com")
                        .WithExposedHeaders([|"*"|])
                        .AllowCredentials()));
            """).ShouldReportMessages(Message("\"*\"", "Expose-Headers", Exposed)).ValidateAsync();

    /// <summary>The "*" is written in a field: reported at the call that reads it (so the diagnostic is the call's own), with the "*" as additional location.</summary>
    [Fact]
    public Task WithExposedHeaders_of_a_field_array_is_reported_at_the_call()
        => Build("""
                static readonly string[] Exposed = { "X-Total-Count", {|+0:"*"|} };

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b
                        .WithOrigins("https://app.contoso.com")
                        .{|CORS009#0:WithExposedHeaders(Exposed)|}
                        .AllowCredentials()));
            """).ShouldReportMessages(Message("\"*\"", "Expose-Headers", Exposed)).ValidateAsync();

    [Fact]
    public Task WithExposedHeaders_of_a_field_array_without_credentials_is_fine()
        => Build("""
                static readonly string[] Exposed = { "X-Total-Count", "*" };

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b
                        .WithOrigins("https://app.contoso.com")
                        .WithExposedHeaders(Exposed)));
            """).ValidateAsync();

    [Fact]
    public Task WithExposedHeaders_star_with_AllowCredentials_in_another_statement()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b =>
                    {
                        b.WithOrigins("https://app.contoso.com").AllowCredentials();
                        b.WithExposedHeaders("X-Total-Count", [|"*"|]);
                    }));
            """).ShouldReportMessages(Message("\"*\"", "Expose-Headers", Exposed)).ValidateAsync();

    [Fact]
    public Task WithExposedHeaders_star_without_credentials_is_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins("https://app.contoso.com").WithExposedHeaders("*"));
                        o.AddPolicy("b", b => b.WithOrigins("https://app.contoso.com").WithExposedHeaders("*").AllowCredentials().DisallowCredentials());
                        o.AddPolicy("c", b => b.WithOrigins("https://app.contoso.com").WithExposedHeaders("X-Total-Count").AllowCredentials());
                    });
            """).ValidateAsync();

    [Fact]
    public Task AllowCredentials_on_another_policy_does_not_count()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins("https://app.contoso.com").WithExposedHeaders("*"));
                        o.AddPolicy("b", b => b.WithOrigins("https://admin.contoso.com").AllowCredentials());
                    });
            """).ValidateAsync();

    [Fact]
    public Task Any_header_and_any_method_with_credentials_are_echoed_by_the_middleware()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins("https://app.contoso.com").AllowAnyHeader().AllowAnyMethod().AllowCredentials());
                        o.AddPolicy("b", b => b.WithOrigins("https://app.contoso.com").WithHeaders("*").WithMethods("*").AllowCredentials());
                    });
            """).ValidateAsync();

    [Fact]
    public Task Hand_made_policy_exposing_star_with_credentials()
        => Build("""
                CorsPolicy A()
                {
                    var policy = new CorsPolicy { SupportsCredentials = true };
                    policy.Origins.Add("https://app.contoso.com");
                    policy.ExposedHeaders.Add([|"*"|]);
                    return policy;
                }

                CorsPolicy B() => new CorsPolicy { SupportsCredentials = true, ExposedHeaders = { [|"*"|] } };
            """).ShouldReportMessages(Message("\"*\"", "Expose-Headers", Exposed), Message("\"*\"", "Expose-Headers", Exposed)).ValidateAsync();

    [Fact]
    public Task Hand_made_policy_exposing_star_without_credentials_is_fine()
        => Build("""
                CorsPolicy A()
                {
                    var policy = new CorsPolicy { SupportsCredentials = false };
                    policy.ExposedHeaders.Add("*");
                    return policy;
                }

                CorsPolicy B() => new CorsPolicy { ExposedHeaders = { "*" } };

                CorsPolicy D() => new CorsPolicy { SupportsCredentials = true, ExposedHeaders = { "X-Total-Count" } };
            """).ValidateAsync();
}
