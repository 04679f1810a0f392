using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

/// <summary>
/// Hand-written CORS code whose helpers live in another file of the project (issue 23, part B): a helper that returns the
/// request's Origin, one that writes a header, one that writes Vary (a middleware base class's), one that only tests that
/// an Origin is present, and header names and exposed-header lists in a class of the app's own. Each finding is reported
/// in the file being analysed (the use site), where the IDE shows it live; each shape beside a near-twin that stays silent.
/// </summary>
public sealed class HelpersAcrossFilesTests
{
    private const string HelpersPath = "/0/Cors/CorsHelpers.cs";

    /// <summary>The helpers, as a larger app keeps them: one file, its own namespace, names as static readonly fields.</summary>
    private const string Helpers = """
        namespace App.Cors;

        public static class CorsHeaderNames
        {
            public const string AllowOrigin = "Access-Control-Allow-Origin";
            public static readonly string AllowCredentials = "Access-Control-Allow-Credentials";
            public static readonly string AllowHeaders = "Access-Control-Allow-Headers";
            public static readonly string RequestHeaders = "Access-Control-Request-Headers";
            public static readonly string Origin = "Origin";
            public static readonly string Vary = "Vary";
            public static string ExposeHeaders { get; } = "Access-Control-Expose-Headers";
            public static readonly string[] Exposed = { "X-Total-Count", "*" };
            public static readonly string[] ExposedByName = { "X-Total-Count", "X-Request-Id" };
        }

        public static class RequestOrigin
        {
            public static string? From(HttpRequest request) => request.Headers[CorsHeaderNames.Origin];

            public static string GetOrigin(this HttpRequest request)
            {
                var value = request.Headers.Origin;
                return value.ToString();
            }

            public static string Host(HttpRequest request) => request.Host.Value ?? "";

            public static bool HasOrigin(HttpRequest request) => !string.IsNullOrEmpty(request.Headers.Origin);
        }

        public static class ResponseHeaders
        {
            public static void Set(HttpResponse response, string name, string? value) => response.Headers[name] = value;
        }

        public static class CorsResponse
        {
            public static void AllowOrigin(HttpResponse response, string origin)
            {
                response.Headers[CorsHeaderNames.AllowOrigin] = origin;
                response.Headers.Vary = "Origin";
            }
        }

        public sealed class CorsSettings
        {
            public string? Origin { get; set; }
        }

        public abstract class CorsMiddlewareBase
        {
            protected static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

            protected static void AddVaryOrigin(HttpResponse response) => response.Headers.Append(CorsHeaderNames.Vary, "Origin");

            protected static void AddVaryEncoding(HttpResponse response) => response.Headers.Append(CorsHeaderNames.Vary, "Accept-Encoding");
        }
        """;

    /// <summary>The helpers with the declaration of <paramref name="method"/> marked as the additional location <c>h</c>.</summary>
    private static string HelpersMarking(string method) => Helpers.Replace($" {method}(", $" {{|+h:{method}|}}(");

    private static string Reflected(string code) => $"'{code}' echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed";

    private static string MissingVary(string code) => $"'{code}' writes a per-request Access-Control-Allow-Origin without 'Vary: Origin', so a cache can serve one origin's response to another";

    private static string AnyOrigin(string anyOrigin, string credentials) => $"'{anyOrigin}' allows any origin while '{credentials}' allows credentials, so every site can send credentialed requests and read the responses";

    private static string NullOrigin(string code) => $"'{code}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file";

    private static string Wildcard(string code, string header, string consequence)
        => $"'{code}' in Access-Control-{header} is the header name '*', not a wildcard, on a response that allows credentials: {consequence}";

    private const string Headers = "a preflight that asks for Authorization or any other non-safelisted header fails";
    private const string Exposed = "scripts can read no response header beyond the safelisted ones";

    /// <summary>The use site, in the file analysed, with the helpers in another file.</summary>
    private static ProjectBuilder Build<TRule>(string middleware, string helpers = Helpers) where TRule : new()
        => ProjectBuilder.Create().WithAnalyzer<TRule>()
            .WithSource("using App.Cors;\n\n" + middleware, "/0/CorsMiddleware.cs")
            .WithSource(helpers, HelpersPath);

    private static string Invoke(string body, string baseClass = "") => $$"""
        class CorsMiddleware{{baseClass}}
        {
            private static readonly HashSet<string> Trusted = new(StringComparer.Ordinal) { "https://app.contoso.com" };

            public void Invoke(HttpContext context)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """;

    // ---------------------------------------------------------------- a helper that returns the request's Origin

    [Fact]
    public Task Origin_returned_by_a_helper_in_another_file_is_an_echo()
        => Build<OriginReflectionRule>(Invoke("""
                context.Response.Headers[CorsHeaderNames.AllowOrigin] = {|CORS001#h:RequestOrigin.From(context.Request)|};
                """),
                HelpersMarking("From"))
            .ShouldReportMessages(Reflected("RequestOrigin.From(context.Request)"))
            .ValidateAsync();

    [Fact]
    public Task Origin_returned_by_an_extension_in_another_file_is_an_echo()
        => Build<OriginReflectionRule>(Invoke("""
                var origin = context.Request.GetOrigin();
                context.Response.Headers.AccessControlAllowOrigin = [|origin|];
                """))
            .ShouldReportMessages(Reflected("origin"))
            .ValidateAsync();

    [Fact]
    public Task Origin_from_a_helper_checked_against_an_exact_allowlist_is_fine()
        => Build<OriginReflectionRule>(Invoke("""
                var origin = RequestOrigin.From(context.Request);
                if (origin is not null && Trusted.Contains(origin))
                {
                    context.Response.Headers[CorsHeaderNames.AllowOrigin] = origin;
                }
                """))
            .ValidateAsync();

    [Fact]
    public Task A_helper_in_another_file_that_returns_the_server_host_is_no_echo()
        => Build<OriginReflectionRule>(Invoke("""
                context.Response.Headers[CorsHeaderNames.AllowOrigin] = "https://" + RequestOrigin.Host(context.Request);
                """))
            .ValidateAsync();

    // ---------------------------------------------------------------- a helper that only tests that an Origin is present

    [Fact]
    public Task A_presence_test_in_another_file_is_no_check()
        => Build<OriginReflectionRule>(Invoke("""
                if (RequestOrigin.HasOrigin(context.Request))
                {
                    context.Response.Headers.AccessControlAllowOrigin = [|context.Request.Headers.Origin|];
                }
                """))
            .ShouldReportMessages(Reflected("context.Request.Headers.Origin"))
            .ValidateAsync();

    [Fact]
    public Task A_presence_test_beside_an_exact_check_is_fine()
        => Build<OriginReflectionRule>(Invoke("""
                if (RequestOrigin.HasOrigin(context.Request) && Trusted.Contains(context.Request.Headers.Origin.ToString()))
                {
                    context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin;
                }
                """))
            .ValidateAsync();

    // ---------------------------------------------------------------- a helper that writes a header

    [Fact]
    public Task An_echo_written_through_a_helper_in_another_file()
        => Build<OriginReflectionRule>(Invoke("""
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, {|CORS001#h:context.Request.Headers.Origin|});
                """),
                HelpersMarking("Set"))
            .ShouldReportMessages(Reflected("context.Request.Headers.Origin"))
            .ValidateAsync();

    [Fact]
    public Task The_same_helper_writing_another_header_is_no_echo()
        => Build<OriginReflectionRule>(Invoke("""
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowHeaders, context.Request.Headers[CorsHeaderNames.RequestHeaders]);
                """))
            .ValidateAsync();

    [Fact]
    public Task The_fixer_offers_nothing_for_a_write_through_a_helper_in_another_file()
        => Build<OriginReflectionRule>(Invoke("""
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, {|CORS001#h:context.Request.Headers.Origin|});
                """),
                HelpersMarking("Set"))
            .WithCodeFixProvider<OriginReflectionFixer>()
            .ShouldReportMessages(Reflected("context.Request.Headers.Origin"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task The_fixer_checks_an_origin_from_a_helper_in_another_file_in_the_file_analysed()
        => Build<OriginReflectionRule>(Invoke("""
                context.Response.Headers[CorsHeaderNames.AllowOrigin] = {|CORS001#h:RequestOrigin.From(context.Request)|};
                context.Response.Headers.Vary = "Origin";
                """),
                HelpersMarking("From"))
            .WithCodeFixProvider<OriginReflectionFixer>()
            .ShouldReportMessages(Reflected("RequestOrigin.From(context.Request)"))
            .ShouldFixCodeWith("""
                using App.Cors;

                class CorsMiddleware
                {
                    // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                    private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal);

                    private static readonly HashSet<string> Trusted = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                    public void Invoke(HttpContext context)
                    {
                        var origin = RequestOrigin.From(context.Request);
                        if (origin != null && AllowedCorsOrigins.Contains(origin))
                        {
                            context.Response.Headers[CorsHeaderNames.AllowOrigin] = origin;
                        }
                        context.Response.Headers.Vary = "Origin";
                    }
                }
                """, "/0/CorsMiddleware.cs")
            .ValidateAsync();

    [Fact]
    public Task An_echo_passed_to_a_helper_in_another_file_that_names_the_header_itself()
        => Build<OriginReflectionRule>(Invoke("""
                CorsResponse.AllowOrigin(context.Response, {|CORS001#h:context.Request.Headers.Origin|});
                """),
                HelpersMarking("AllowOrigin"))
            .ShouldReportMessages(Reflected("context.Request.Headers.Origin"))
            .ValidateAsync();

    [Fact]
    public Task A_checked_origin_passed_to_that_helper_is_fine()
        => Build<OriginReflectionRule>(Invoke("""
                var origin = context.Request.Headers.Origin.ToString();
                if (Trusted.Contains(origin))
                {
                    CorsResponse.AllowOrigin(context.Response, origin);
                }
                """))
            .ValidateAsync();

    [Fact]
    public Task Null_passed_to_a_helper_in_another_file_that_names_the_header_itself()
        => Build<NullOriginRule>(Invoke("""
                CorsResponse.AllowOrigin(context.Response, [|"null"|]);
                """))
            .ShouldReportMessages(NullOrigin("\"null\""))
            .ValidateAsync();

    [Fact]
    public Task A_checked_origin_passed_to_that_helper_needs_no_vary_at_the_call()
        => Build<MissingVaryOriginRule>(Invoke("""
                var origin = context.Request.Headers.Origin.ToString();
                if (Trusted.Contains(origin))
                {
                    CorsResponse.AllowOrigin(context.Response, origin);
                }
                """))
            .ValidateAsync();

    [Fact]
    public Task Any_origin_with_credentials_written_through_a_helper_in_another_file()
        => Build<AnyOriginWithCredentialsRule>(Invoke("""
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, {|CORS002#c:"*"|});
                {|+c:ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowCredentials, "true")|};
                """))
            .ShouldReportMessages(AnyOrigin("ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, \"*\")", "ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowCredentials, \"true\")"))
            .ValidateAsync();

    [Fact]
    public Task Any_origin_without_credentials_through_the_helper_is_fine()
        => Build<AnyOriginWithCredentialsRule>(Invoke("""
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, "*");
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowCredentials, "false");
                """))
            .ValidateAsync();

    [Fact]
    public Task Null_origin_written_through_a_helper_in_another_file()
        => Build<NullOriginRule>(Invoke("""
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, [|"null"|]);
                """))
            .ShouldReportMessages(NullOrigin("\"null\""))
            .ValidateAsync();

    [Fact]
    public Task An_exact_origin_written_through_the_helper_is_fine()
        => Build<NullOriginRule>(Invoke("""
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, "https://null.contoso.com");
                """))
            .ValidateAsync();

    [Fact]
    public Task Star_in_allow_headers_written_through_a_helper_in_another_file_with_credentials()
        => Build<CredentialedWildcardRule>(Invoke("""
                context.Response.Headers[CorsHeaderNames.AllowCredentials] = "true";
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowHeaders, [|"*"|]);
                """))
            .ShouldReportMessages(Wildcard("\"*\"", "Allow-Headers", Headers))
            .ValidateAsync();

    [Fact]
    public Task Star_in_allow_headers_through_the_helper_without_credentials_is_fine()
        => Build<CredentialedWildcardRule>(Invoke("""
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowHeaders, "*");
                """))
            .ValidateAsync();

    // ---------------------------------------------------------------- header names and exposed-header lists of the app's own

    [Fact]
    public Task Exposed_header_list_declared_in_another_class_with_a_star_and_credentials()
        => Build<CredentialedWildcardRule>(Invoke("""
                context.Response.Headers[CorsHeaderNames.AllowCredentials] = "true";
                context.Response.Headers[CorsHeaderNames.ExposeHeaders] = {|CORS009#x:CorsHeaderNames.Exposed|};
                """),
                Helpers.Replace("""{ "X-Total-Count", "*" }""", """{ "X-Total-Count", {|+x:"*"|} }"""))
            .ShouldReportMessages(Wildcard("\"*\"", "Expose-Headers", Exposed))
            .ValidateAsync();

    [Fact]
    public Task Exposed_header_list_of_names_declared_in_another_class_is_fine()
        => Build<CredentialedWildcardRule>(Invoke("""
                context.Response.Headers[CorsHeaderNames.AllowCredentials] = "true";
                context.Response.Headers[CorsHeaderNames.ExposeHeaders] = string.Join(", ", CorsHeaderNames.ExposedByName);
                """))
            .ValidateAsync();

    // ---------------------------------------------------------------- CORS005: Vary written by a base class in another file

    [Fact]
    public Task Half_typed_helpers_in_another_file_are_no_finding_and_no_crash()
        => Build<OriginReflectionRule>(
                Invoke("""
                    ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, context.Request.Headers.Origin);
                    context.Response.Headers[CorsHeaderNames.Broken] = RequestOrigin.From(context.Request);
                    """),
                """
                namespace App.Cors;

                public static class CorsHeaderNames
                {
                    public const string AllowOrigin = "Access-Control-Allow-Origin";
                    public static readonly string Broken = ;
                }

                public static class RequestOrigin
                {
                    public static string? From(HttpRequest request) => request.Headers[
                }

                public static class ResponseHeaders
                {
                    public static void Set(HttpResponse response, string name, string? value) => response.Headers[name] =
                }
                """)
            .AllowCompilerErrors()
            .ValidateAsync();

    [Fact]
    public Task Vary_written_by_a_base_class_method_in_another_file_covers_the_echo()
        => Build<MissingVaryOriginRule>(Invoke(
                """
                var origin = context.Request.Headers.Origin.ToString();
                if (Allowed.Contains(origin))
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin;
                }

                AddVaryOrigin(context.Response);
                """,
                " : CorsMiddlewareBase"))
            .ValidateAsync();

    [Fact]
    public Task Vary_of_another_header_written_by_the_base_class_leaves_the_echo_uncovered()
        => Build<MissingVaryOriginRule>(Invoke(
                """
                var origin = context.Request.Headers.Origin.ToString();
                if (Allowed.Contains(origin))
                {
                    [|context.Response.Headers.AccessControlAllowOrigin = origin|];
                }

                AddVaryEncoding(context.Response);
                """,
                " : CorsMiddlewareBase"))
            .ShouldReportMessages(MissingVary("context.Response.Headers.AccessControlAllowOrigin = origin"))
            .ValidateAsync();

    // ---------------------------------------------------------------- CORS005: not a per-request Access-Control-Allow-Origin

    [Fact]
    public Task Requested_headers_echoed_into_allow_headers_need_no_vary_origin()
        => Build<MissingVaryOriginRule>(Invoke("""
                context.Response.Headers[CorsHeaderNames.AllowHeaders] = context.Request.Headers[CorsHeaderNames.RequestHeaders];
                ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowHeaders, context.Request.Headers.AccessControlRequestHeaders);
                """))
            .ValidateAsync();

    [Fact]
    public Task A_value_chosen_from_the_query_through_the_helper_needs_vary()
        => Build<MissingVaryOriginRule>(Invoke("""
                {|CORS005#h:ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, context.Request.Query["site"])|};
                """),
                HelpersMarking("Set"))
            .ShouldReportMessages(MissingVary("ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, context.Request.Query[\"site\"])"))
            .ValidateAsync();

    [Fact]
    public Task The_vary_fixer_offers_nothing_for_a_write_through_a_helper_in_another_file()
        => Build<MissingVaryOriginRule>(Invoke("""
                {|CORS005#h:ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, context.Request.Query["site"])|};
                """),
                HelpersMarking("Set"))
            .WithCodeFixProvider<MissingVaryOriginFixer>()
            .ShouldReportMessages(MissingVary("ResponseHeaders.Set(context.Response, CorsHeaderNames.AllowOrigin, context.Request.Query[\"site\"])"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task An_options_value_or_a_configured_constant_is_the_same_for_every_request()
        => Build<MissingVaryOriginRule>("""
                using Microsoft.Extensions.Options;

                class CorsMiddleware(RequestDelegate next, IOptionsMonitor<CorsSettings> options, IConfiguration configuration)
                {
                    public Task InvokeAsync(HttpContext context)
                    {
                        var origin = options.CurrentValue.Origin;
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers[CorsHeaderNames.AllowOrigin] = configuration["Cors:Origin"];
                        context.Response.Headers.AccessControlAllowOrigin = configuration.GetValue<string>("Cors:Origin");
                        return next(context);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task An_options_value_with_a_per_request_fallback_needs_vary()
        => Build<MissingVaryOriginRule>("""
                using Microsoft.Extensions.Options;

                class CorsMiddleware(RequestDelegate next, IOptionsMonitor<CorsSettings> options)
                {
                    public Task InvokeAsync(HttpContext context)
                    {
                        var origin = options.CurrentValue.Origin ?? context.Request.Query["site"].ToString();
                        [|context.Response.Headers.AccessControlAllowOrigin = origin|];
                        return next(context);
                    }
                }
                """)
            .ShouldReportMessages(MissingVary("context.Response.Headers.AccessControlAllowOrigin = origin"))
            .ValidateAsync();
}
