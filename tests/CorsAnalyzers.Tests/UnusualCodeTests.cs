using CorsAnalyzers.Tests.Harness;
using CorsAnalyzers.Tests.Robustness;

namespace CorsAnalyzers.Tests;

/// <summary>Unusual but legal code: suppression, generated code, partial types, top-level code, aliases, dynamic, look-alike types.</summary>
public sealed class UnusualCodeTests
{
    /// <summary>The rules in the order their findings appear in <see cref="AllRules"/>.</summary>
    private static readonly string[] Ids = { "CORS002", "CORS003", "CORS004", "CORS001", "CORS005" };

    private static readonly Dictionary<string, string> Messages = new()
    {
        ["CORS001"] = "'context.Request.Headers.Origin' echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed",
        ["CORS002"] = "'AllowAnyOrigin()' allows any origin while 'AllowCredentials()' allows credentials, which ASP.NET Core refuses: Build() throws InvalidOperationException at start-up, when 'AddPolicy' builds the policy",
        ["CORS003"] = "'origin.EndsWith(\"contoso.com\")' also accepts https://evilcontoso.com",
        ["CORS004"] = "'\"null\"' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file",
        ["CORS005"] = "'context.Response.Headers.AccessControlAllowOrigin = origin' writes a per-request Access-Control-Allow-Origin without 'Vary: Origin', so a cache can serve one origin's response to another",
    };

    public static TheoryData<string> RuleIds() => new(Ids);

    /// <summary>A file in which every rule reports once; <paramref name="marked"/> says which findings carry markup.</summary>
    private static string AllRules(Func<string, bool> marked, string prefix = "", string memberAttribute = "")
    {
        string M(string id, string code, string key = "") => marked(id) ? $"{{|{id}{key}:{code}|}}" : code;
        string A(string id, string code) => marked(id) ? $"{{|+a:{code}|}}" : code;
        return $$"""
            {{prefix}}using Microsoft.AspNetCore.Cors.Infrastructure;

            static class Setup
            {
                {{memberAttribute}}
                public static void Configure(IServiceCollection services) => services.AddCors(o =>
                {
                    o.AddPolicy("any", p => p.{{M("CORS002", "AllowAnyOrigin()", "#a")}}.{{A("CORS002", "AllowCredentials()")}});
                    o.AddPolicy("suffix", p => p.SetIsOriginAllowed(origin => {{M("CORS003", "origin.EndsWith(\"contoso.com\")")}}));
                    o.AddPolicy("null", p => p.WithOrigins({{M("CORS004", "\"null\"")}}));
                });
            }

            class Middleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                {{memberAttribute}}
                public void Reflect(HttpContext context) => context.Response.Headers.AccessControlAllowOrigin = {{M("CORS001", "context.Request.Headers.Origin")}};

                {{memberAttribute}}
                public void Checked(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin))
                    {
                        {{M("CORS005", "context.Response.Headers.AccessControlAllowOrigin = origin")}};
                    }
                }
            }
            """;
    }

    private static ProjectBuilder AllAnalyzers()
    {
        var builder = ProjectBuilder.Create();
        foreach (var analyzer in AnalyzerCatalog.CreateAnalyzers())
        {
            builder.WithAnalyzer(analyzer);
        }

        return builder;
    }

    private static string[] MessagesExcept(string? id) => Ids.Where(i => i != id).Select(i => Messages[i]).ToArray();

    [Fact]
    public Task Every_rule_reports_in_the_reference_file()
        => AllAnalyzers().WithSource(AllRules(_ => true)).ShouldReportMessages(MessagesExcept(null)).ValidateAsync();

    [Theory]
    [MemberData(nameof(RuleIds))]
    public Task Pragma_warning_disable_silences_the_rule(string id)
        => AllAnalyzers().WithSource(AllRules(i => i != id, prefix: $"#pragma warning disable {id}\n")).ShouldReportMessages(MessagesExcept(id)).ValidateAsync();

    [Theory]
    [MemberData(nameof(RuleIds))]
    public Task SuppressMessage_silences_the_rule(string id)
        => AllAnalyzers().WithSource(AllRules(i => i != id, memberAttribute: $"[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Security\", \"{id}\", Justification = \"test\")]"))
            .ShouldReportMessages(MessagesExcept(id)).ValidateAsync();

    [Theory]
    [MemberData(nameof(RuleIds))]
    public Task Editorconfig_severity_none_silences_the_rule(string id)
        => AllAnalyzers().WithSource(AllRules(i => i != id)).WithOptions($"dotnet_diagnostic.{id}.severity = none")
            .ShouldReportMessages(MessagesExcept(id)).ValidateAsync();

    [Fact]
    public Task Generated_code_is_not_analyzed()
        => AllAnalyzers().WithSource(AllRules(_ => false, prefix: "// <auto-generated/>\n")).ValidateAsync();

    [Fact]
    public Task Generated_file_names_are_not_analyzed()
        => AllAnalyzers().WithSource(AllRules(_ => false), "/0/Cors.g.cs").ValidateAsync();

    [Fact]
    public Task Partial_classes_across_files_share_the_allowlist()
        => AllAnalyzers()
            .WithSource("""
                partial class CorsMiddleware
                {
                    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };
                }
                """)
            .WithSource("""
                namespace Web;

                partial class CorsMiddleware2 { }
                """)
            .WithSource("""
                partial class CorsMiddleware
                {
                    public void Invoke(HttpContext context)
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        if (Allowed.Contains(origin))
                        {
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                            context.Response.Headers.Append("Vary", "Origin");
                        }

                        context.Response.Headers["Access-Control-Allow-Origin"] = {|CORS001:context.Request.Headers["Origin"]|};
                    }
                }
                """)
            .ShouldReportMessages(Messages["CORS001"].Replace("context.Request.Headers.Origin", "context.Request.Headers[\"Origin\"]"))
            .ValidateAsync();

    [Fact]
    public Task Aliases_file_scoped_namespaces_local_functions_and_if_regions()
        => AllAnalyzers()
            .WithoutImplicitUsings()
            .WithSource("""
                using H = Microsoft.AspNetCore.Http;
                using Names = Microsoft.Net.Http.Headers.HeaderNames;

                namespace Web;

                sealed class CorsMiddleware
                {
                    public void Invoke(H.HttpContext context)
                    {
                        Write();

                        void Write()
                        {
                #if DEBUG
                            context.Response.Headers[Names.AccessControlAllowOrigin] = context.Request.Headers[Names.Origin];
                #else
                            context.Response.Headers[Names.AccessControlAllowOrigin] = {|CORS001:context.Request.Headers[Names.Origin]|};
                #endif
                        }
                    }
                }
                """)
            .ShouldReportMessages(Messages["CORS001"].Replace("context.Request.Headers.Origin", "context.Request.Headers[Names.Origin]"))
            .ValidateAsync();

    [Fact]
    public Task Dynamic_receivers_are_not_guessed_at()
        => AllAnalyzers()
            .WithSource("""
                class CorsMiddleware
                {
                    public void Invoke(HttpContext context, dynamic policy)
                    {
                        dynamic headers = context.Response.Headers;
                        headers["Access-Control-Allow-Origin"] = context.Request.Headers.Origin;
                        policy.AllowAnyOrigin().AllowCredentials();
                        policy.WithOrigins("null");
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Look_alike_types_in_other_namespaces_are_not_reported()
        => AllAnalyzers()
            .WithSource("""
                namespace MyCors
                {
                    public sealed class CorsPolicyBuilder
                    {
                        public CorsPolicyBuilder AllowAnyOrigin() => this;
                        public CorsPolicyBuilder AllowCredentials() => this;
                        public CorsPolicyBuilder WithOrigins(params string[] origins) => this;
                        public CorsPolicyBuilder SetIsOriginAllowed(System.Func<string, bool> check) => this;
                    }

                    public interface IHeaderDictionary { string this[string key] { get; set; } string Origin { get; } }

                    static class Use
                    {
                        public static void Configure(CorsPolicyBuilder b, IHeaderDictionary request, IHeaderDictionary response)
                        {
                            b.AllowAnyOrigin().AllowCredentials().WithOrigins("null").SetIsOriginAllowed(o => o.EndsWith("contoso.com"));
                            response["Access-Control-Allow-Origin"] = request["Origin"];
                            response["Access-Control-Allow-Origin"] = request.Origin;
                        }
                    }
                }
                """)
            .ValidateAsync();
}
