using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests.CrossFile;

/// <summary>
/// Allowlists declared in another file than the policy or echo that reads them (issue 23, part A): arrays, sets, lists,
/// immutable collections and static properties of a <c>CorsOrigins</c> class, passed to <c>WithOrigins</c>,
/// <c>Origins.Add</c> or looked up before an echo. A bad entry is reported at the reading code, where the IDE shows it live,
/// with the entry as additional location; no fix is offered for it, since the fix would edit the other file.
/// </summary>
public sealed class AllowlistsElsewhereTests
{
    private const string Origins = "/0/CorsOrigins.cs";
    private const string Startup = "/0/Startup.cs";

    private static string Unmatchable(string code, string reason) => $"'{code}' never equals a browser's Origin header: {reason}";

    private static string NullOrigin(string code) => $"'{code}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file";

    private const string TrailingSlash = "an Origin header never ends with '/'; use \"https://b.contoso.com\"";
    private const string DefaultPort = "an Origin header leaves out the scheme's default port; use \"https://b.contoso.com\"";

    private static ProjectBuilder Build<TRule>(string origins, string startup) where TRule : new()
        => ProjectBuilder.Create().WithAnalyzer<TRule>().WithSource(origins, Origins).WithSource(startup, Startup);

    private static string Policies(string reads) => $$"""
        class Startup
        {
            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options =>
                {
                    {{reads}}
                });
        }
        """;

    private static string Clean(string markup) => System.Text.RegularExpressions.Regex.Replace(markup, @"\{\|[^:|]*:|\|\}", "");

    // ------------------------------------------------------------------ CORS006

    private const string UnmatchableOrigins = """
        using System.Collections.Immutable;

        public static class CorsOrigins
        {
            public static readonly string[] Array = { "https://a.contoso.com", {|+0:"https://b.contoso.com/"|} };
            public static readonly HashSet<string> Set = new(StringComparer.Ordinal) { "https://a.contoso.com", {|+1:"https://b.contoso.com:443"|} };
            public static readonly List<string> List = new() { {|+2:"https://b.contoso.com/"|} };
            public static readonly ImmutableArray<string> Immutable = ImmutableArray.Create("https://a.contoso.com", {|+3:"https://b.contoso.com/"|});
            public static string[] Property { get; } = { {|+4:"https://b.contoso.com:443"|} };
            public static IReadOnlyList<string> Computed => new[] { {|+5:"https://b.contoso.com/"|} };
        }
        """;

    private const string UnmatchableReads = """
        options.AddPolicy("array", b => b.{|CORS006#0:WithOrigins(CorsOrigins.Array)|});
                    options.AddPolicy("set", b => b.{|CORS006#1:WithOrigins(CorsOrigins.Set.ToArray())|});
                    options.AddPolicy("list", b => b.{|CORS006#2:WithOrigins(CorsOrigins.List.ToArray())|});
                    options.AddPolicy("immutable", b => b.{|CORS006#3:WithOrigins(CorsOrigins.Immutable.ToArray())|});
                    options.AddPolicy("property", b => b.{|CORS006#4:WithOrigins(CorsOrigins.Property)|});
                    options.AddPolicy("computed", b => b.{|CORS006#5:WithOrigins(CorsOrigins.Computed.ToArray())|});
        """;

    [Fact]
    public Task Entries_of_allowlists_in_a_CorsOrigins_class_are_reported_at_each_WithOrigins()
        => Build<UnmatchableOriginRule>(UnmatchableOrigins, Policies(UnmatchableReads))
            .ShouldReportMessages(
                Unmatchable("\"https://b.contoso.com/\"", TrailingSlash),
                Unmatchable("\"https://b.contoso.com:443\"", DefaultPort),
                Unmatchable("\"https://b.contoso.com/\"", TrailingSlash),
                Unmatchable("\"https://b.contoso.com/\"", TrailingSlash),
                Unmatchable("\"https://b.contoso.com:443\"", DefaultPort),
                Unmatchable("\"https://b.contoso.com/\"", TrailingSlash))
            .ValidateAsync();

    [Fact]
    public Task Exact_entries_of_allowlists_in_a_CorsOrigins_class_are_silent()
        => Build<UnmatchableOriginRule>(
                Clean(UnmatchableOrigins).Replace("https://b.contoso.com/", "https://b.contoso.com").Replace("https://b.contoso.com:443", "https://b.contoso.com"),
                Policies(Clean(UnmatchableReads)))
            .ValidateAsync();

    [Fact]
    public Task An_entry_of_another_file_added_to_a_hand_made_policy()
        => Build<UnmatchableOriginRule>("""
            public static class CorsOrigins
            {
                public static readonly string Portal = {|+0:"https://b.contoso.com/"|};
                public static readonly string App = "https://a.contoso.com";
            }
            """, """
            class Policies
            {
                public CorsPolicy Create()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add(CorsOrigins.App);
                    policy.{|CORS006#0:Origins.Add(CorsOrigins.Portal)|};
                    return policy;
                }
            }
            """.Replace("class Policies", "using Microsoft.AspNetCore.Cors.Infrastructure;\n\nclass Policies"))
            .ShouldReportMessages(Unmatchable("\"https://b.contoso.com/\"", TrailingSlash))
            .ValidateAsync();

    [Fact]
    public Task A_set_of_another_file_looked_up_before_an_echo()
        => Build<UnmatchableOriginRule>("""
            public static class CorsOrigins
            {
                public static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.contoso.com", {|+0:"https://b.contoso.com/"|} };
                public static readonly HashSet<string> Exact = new(StringComparer.Ordinal) { "https://a.contoso.com", "https://b.contoso.com" };
            }
            """, """
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (CorsOrigins.Allowed.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = {|CORS006#0:origin|};
                        context.Response.Headers.Vary = "Origin";
                    }
                    else if (CorsOrigins.Exact.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            }
            """)
            .ShouldReportMessages(Unmatchable("\"https://b.contoso.com/\"", TrailingSlash))
            .ValidateAsync();

    // ------------------------------------------------------------------ CORS004

    [Fact]
    public Task A_null_entry_of_another_file_is_reported_at_the_WithOrigins_and_the_lookup()
        => Build<NullOriginRule>("""
            public static class CorsOrigins
            {
                public static readonly string[] Trusted = { "https://a.contoso.com", {|+0:{|+1:"null"|}|} };
                public static readonly string[] Exact = { "https://a.contoso.com" };
            }
            """, """
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("list", b => b.{|CORS004#0:WithOrigins(CorsOrigins.Trusted)|});
                        options.AddPolicy("exact", b => b.WithOrigins(CorsOrigins.Exact));
                    });

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (CorsOrigins.Trusted.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = {|CORS004#1:origin|};
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            }
            """)
            .ShouldReportMessages(NullOrigin("\"null\""), NullOrigin("\"null\""))
            .ValidateAsync();

    // ------------------------------------------------------------------ fixes: not offered where the edit would fall in the other file

    [Fact]
    public Task No_fix_is_offered_for_an_entry_of_another_file_and_Fix_All_fixes_only_this_file()
        => ProjectBuilder.Create().WithAnalyzer<NullOriginRule>().WithCodeFixProvider<NullOriginFixer>()
            .WithSource("""
                class Startup
                {
                    public void ConfigureServices(IServiceCollection services)
                        => services.AddCors(options =>
                        {
                            options.AddPolicy("here", b => b.WithOrigins("https://a.contoso.com", [|"null"|]));
                            options.AddPolicy("there", b => b.{|CORS004#0:WithOrigins(CorsOrigins.Trusted)|});
                        });
                }
                """, Startup)
            .WithSource("""
                public static class CorsOrigins
                {
                    public static readonly string[] Trusted = { "https://a.contoso.com", {|+0:"null"|} };
                }
                """, Origins)
            .ShouldReportMessages(NullOrigin("\"null\""), NullOrigin("\"null\""))
            .ShouldFixCodeWith("""
                class Startup
                {
                    public void ConfigureServices(IServiceCollection services)
                        => services.AddCors(options =>
                        {
                            options.AddPolicy("here", b => b.WithOrigins("https://a.contoso.com"));
                            options.AddPolicy("there", b => b.{|CORS004#0:WithOrigins(CorsOrigins.Trusted)|});
                        });
                }
                """, Startup)
            .ShouldFixCodeWith("""
                public static class CorsOrigins
                {
                    public static readonly string[] Trusted = { "https://a.contoso.com", {|+0:"null"|} };
                }
                """, Origins)
            .ValidateAsync();

    [Fact]
    public Task No_fix_is_offered_for_an_unmatchable_entry_of_another_file()
        => ProjectBuilder.Create().WithAnalyzer<UnmatchableOriginRule>().WithCodeFixProvider<UnmatchableOriginFixer>()
            .WithSource(Policies("""options.AddPolicy("array", b => b.{|CORS006#0:WithOrigins(CorsOrigins.Array)|});"""), Startup)
            .WithSource("""
                public static class CorsOrigins
                {
                    public static readonly string[] Array = { "https://a.contoso.com", {|+0:"https://b.contoso.com/"|} };
                }
                """, Origins)
            .ShouldReportMessages(Unmatchable("\"https://b.contoso.com/\"", TrailingSlash))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
