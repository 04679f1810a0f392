using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class UnmatchableOriginTests
{
    private const string OriginHasNoTrailingSlash = "an Origin header never ends with '/'";
    private const string OriginHasNoPath = "an Origin header has no path, query or fragment";
    private const string OriginHasNoDefaultPort = "an Origin header leaves out the scheme's default port";
    private const string OriginHasNoWhitespace = "an Origin header has no surrounding whitespace";
    private const string OriginHasScheme = "an Origin header starts with its scheme, such as https://";
    private const string JoinedList = "it joins several origins into one string, and an Origin header holds exactly one";
    private const string WildcardNeedsSubdomains = "'*' is a wildcard only after SetIsOriginAllowedToAllowWildcardSubdomains(), otherwise it is compared as the character '*'";
    private const string StarBesideOthers = "'*' is any origin only as the whole list; beside other entries it is compared as the character '*'";
    private const string WildcardOnlyFirstLabel = "'*' is a wildcard only as the first label of the host, as in https://*.contoso.com";

    private static string Message(string code, string reason) => $"'{code}' never equals a browser's Origin header: {reason}";

    private static string Use(string origin) => $"; use \"{origin}\"";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<UnmatchableOriginRule>()
        .WithSource("using Microsoft.AspNetCore.Cors.Infrastructure;\n\nclass C\n{\n" + body + "\n}\n");

    private static ProjectBuilder Policy(string withOrigins)
        => Build($$"""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{{withOrigins}}));
            """);

    // ---------------------------------------------------------------- each form of mistake, and its twin

    [Fact]
    public Task Trailing_slash()
        => Policy("""WithOrigins([|"https://app.contoso.com/"|])""")
            .ShouldReportMessages(Message("\"https://app.contoso.com/\"", OriginHasNoTrailingSlash + Use("https://app.contoso.com")))
            .ValidateAsync();

    [Fact]
    public Task Without_trailing_slash_is_fine()
        => Policy("""WithOrigins("https://app.contoso.com")""").ValidateAsync();

    [Fact]
    public Task Path()
        => Policy("""WithOrigins([|"https://app.contoso.com/spa/index.html"|])""")
            .ShouldReportMessages(Message("\"https://app.contoso.com/spa/index.html\"", OriginHasNoPath + Use("https://app.contoso.com")))
            .ValidateAsync();

    [Fact]
    public Task Query_and_fragment()
        => Policy("""WithOrigins([|"https://a.contoso.com?x=1"|], [|"https://b.contoso.com#top"|])""")
            .ShouldReportMessages(
                Message("\"https://a.contoso.com?x=1\"", OriginHasNoPath + Use("https://a.contoso.com")),
                Message("\"https://b.contoso.com#top\"", OriginHasNoPath + Use("https://b.contoso.com")))
            .ValidateAsync();

    [Fact]
    public Task Default_port_of_https_and_http()
        => Policy("""WithOrigins([|"https://app.contoso.com:443"|], [|"http://localhost:80"|])""")
            .ShouldReportMessages(
                Message("\"https://app.contoso.com:443\"", OriginHasNoDefaultPort + Use("https://app.contoso.com")),
                Message("\"http://localhost:80\"", OriginHasNoDefaultPort + Use("http://localhost")))
            .ValidateAsync();

    [Fact]
    public Task Other_ports_are_other_origins_not_mistakes()
        => Policy("""WithOrigins("https://localhost:5001", "http://localhost:443", "https://app.contoso.com:80", "http://[::1]:5000", "http://[::1]")""").ValidateAsync();

    [Fact]
    public Task Surrounding_whitespace()
        => Policy("""WithOrigins([|" https://app.contoso.com"|], [|"https://admin.contoso.com\n"|])""")
            .ShouldReportMessages(
                Message("\" https://app.contoso.com\"", OriginHasNoWhitespace + Use("https://app.contoso.com")),
                Message("\"https://admin.contoso.com\\n\"", OriginHasNoWhitespace + Use("https://admin.contoso.com")))
            .ValidateAsync();

    [Fact]
    public Task Upper_case_is_fine_because_WithOrigins_lowercases()
        => Policy("""WithOrigins("HTTPS://App.Contoso.COM", "https://xn--bcher-kva.example")""").ValidateAsync();

    [Fact]
    public Task Comma_and_semicolon_joined_lists()
        => Policy("""WithOrigins([|"https://a.contoso.com,https://b.contoso.com"|], [|"https://c.contoso.com; https://d.contoso.com/"|])""")
            .ShouldReportMessages(
                Message("\"https://a.contoso.com,https://b.contoso.com\"", JoinedList + "; list each origin as its own entry"),
                Message("\"https://c.contoso.com; https://d.contoso.com/\"", JoinedList + "; list each origin as its own entry"))
            .ValidateAsync();

    [Fact]
    public Task Separate_entries_are_fine()
        => Policy("""WithOrigins("https://a.contoso.com", "https://b.contoso.com")""").ValidateAsync();

    [Fact]
    public Task A_stray_separator_is_one_origin()
        => Policy("""WithOrigins([|"https://a.contoso.com,"|])""")
            .ShouldReportMessages(Message("\"https://a.contoso.com,\"", JoinedList + Use("https://a.contoso.com")))
            .ValidateAsync();

    [Fact]
    public Task A_joined_list_with_a_part_without_scheme_has_no_suggestion()
        => Policy("""WithOrigins([|"https://a.contoso.com,b.contoso.com"|])""")
            .ShouldReportMessages(Message("\"https://a.contoso.com,b.contoso.com\"", JoinedList))
            .ValidateAsync();

    [Fact]
    public Task No_scheme()
        => Policy("""WithOrigins([|"app.contoso.com"|], [|"localhost:5001"|])""")
            .ShouldReportMessages(Message("\"app.contoso.com\"", OriginHasScheme), Message("\"localhost:5001\"", OriginHasScheme))
            .ValidateAsync();

    [Fact]
    public Task Other_schemes_are_origins_too()
        => Policy("""WithOrigins("chrome-extension://abcdefghijklmnop", "capacitor://localhost")""").ValidateAsync();

    [Fact]
    public Task Any_origin_and_null_are_left_to_other_rules()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("any", b => b.WithOrigins("*"));
                        o.AddPolicy("null", b => b.WithOrigins("null", "NULL"));
                        o.AddPolicy("empty", b => b.WithOrigins(""));
                    });
            """).ValidateAsync();

    [Fact]
    public Task Wildcard_without_SetIsOriginAllowedToAllowWildcardSubdomains()
        => Policy("""WithOrigins([|"https://*.contoso.com"|])""")
            .ShouldReportMessages(Message("\"https://*.contoso.com\"", WildcardNeedsSubdomains))
            .ValidateAsync();

    [Fact]
    public Task Wildcard_with_SetIsOriginAllowedToAllowWildcardSubdomains_is_fine()
        => Policy("""WithOrigins("https://*.contoso.com").SetIsOriginAllowedToAllowWildcardSubdomains()""").ValidateAsync();

    [Fact]
    public Task Wildcard_enabled_in_another_statement_on_the_same_builder_is_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b =>
                    {
                        b.WithOrigins("https://*.contoso.com");
                        b.SetIsOriginAllowedToAllowWildcardSubdomains();
                    }));
            """).ValidateAsync();

    [Fact]
    public Task Wildcard_enabled_on_another_policy_does_not_count()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins([|"https://*.contoso.com"|]));
                        o.AddPolicy("b", b => b.WithOrigins("https://*.fabrikam.com").SetIsOriginAllowedToAllowWildcardSubdomains());
                    });
            """).ShouldReportMessages(Message("\"https://*.contoso.com\"", WildcardNeedsSubdomains)).ValidateAsync();

    [Fact]
    public Task Wildcard_anywhere_but_the_first_label_even_with_subdomains()
        => Policy("""WithOrigins([|"https://app.*.com"|], [|"https://*contoso.com"|]).SetIsOriginAllowedToAllowWildcardSubdomains()""")
            .ShouldReportMessages(Message("\"https://app.*.com\"", WildcardOnlyFirstLabel), Message("\"https://*contoso.com\"", WildcardOnlyFirstLabel))
            .ValidateAsync();

    [Fact]
    public Task Wildcard_with_trailing_slash_and_subdomains_on()
        => Policy("""WithOrigins([|"https://*.contoso.com/"|]).SetIsOriginAllowedToAllowWildcardSubdomains()""")
            .ShouldReportMessages(Message("\"https://*.contoso.com/\"", OriginHasNoTrailingSlash + Use("https://*.contoso.com")))
            .ValidateAsync();

    [Fact]
    public Task Wildcard_on_a_builder_passed_in_is_not_judged()
        => Build("""
                static void Configure(CorsPolicyBuilder b) => b.WithOrigins("https://*.contoso.com");
            """).ValidateAsync();

    [Fact]
    public Task Other_mistakes_on_a_builder_passed_in_are_reported()
        => Build("""
                static void Configure(CorsPolicyBuilder b) => b.WithOrigins([|"https://app.contoso.com/"|]);
            """).ShouldReportMessages(Message("\"https://app.contoso.com/\"", OriginHasNoTrailingSlash + Use("https://app.contoso.com"))).ValidateAsync();

    [Fact]
    public Task A_policy_with_its_own_predicate_is_not_judged()
        => Policy("""WithOrigins("https://app.contoso.com/").SetIsOriginAllowed(o => o.StartsWith("https://"))""").ValidateAsync();

    [Fact]
    public Task A_policy_whose_predicate_wildcard_subdomains_replace_is_judged()
        => Policy("""WithOrigins([|"https://app.contoso.com/"|]).SetIsOriginAllowed(o => o.StartsWith("https://")).SetIsOriginAllowedToAllowWildcardSubdomains()""")
            .ShouldReportMessages(Message("\"https://app.contoso.com/\"", OriginHasNoTrailingSlash + Use("https://app.contoso.com")))
            .ValidateAsync();

    // ---------------------------------------------------------------- "*" beside other entries

    [Fact]
    public Task Star_beside_another_origin_never_matches()
        => Policy("""WithOrigins([|"*"|], "https://a.example")""")
            .ShouldReportMessages(Message("\"*\"", StarBesideOthers))
            .ValidateAsync();

    [Fact]
    public Task Lone_star_is_any_origin_not_an_unmatchable_entry()
        => Policy("""WithOrigins("*")""").ValidateAsync();

    [Fact]
    public Task Star_beside_a_value_not_known_in_an_array_never_matches()
        => Build("""
                void M(IServiceCollection services, string configured)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(new[] { configured, [|"*"|] })));
            """).ShouldReportMessages(Message("\"*\"", StarBesideOthers)).ValidateAsync();

    [Fact]
    public Task Star_that_is_the_whole_list_on_one_branch_is_not_judged()
        => Build("""
                void M(IServiceCollection services, bool useAny)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(useAny ? new[] { "*" } : new[] { "https://a.example" })));
            """).ValidateAsync();

    [Fact]
    public Task Star_beside_another_origin_under_the_policys_own_predicate_is_not_judged()
        => Policy("""WithOrigins("*", "https://a.example").SetIsOriginAllowed(o => o == "https://a.example")""").ValidateAsync();

    [Fact]
    public Task Star_beside_another_origin_in_a_local_list()
        => Build("""
                void M(IServiceCollection services)
                {
                    var origins = new List<string> { "https://a.example", {|+0:"*"|} };
                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS006#0:WithOrigins(origins.ToArray())|}));
                }
            """).ShouldReportMessages(Message("\"*\"", StarBesideOthers)).ValidateAsync();

    [Theory]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(\"*\", ")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(new[] { \"*\", undefined }).SetIsOriginAllowed(")]
    [InlineData("var l = new List<string> { \"*\", }; services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(l.ToArray(")]
    [InlineData("var p = new CorsPolicy(); p.Origins.Add(\"*\", ); p.IsOriginAllowed = ;")]
    public async Task Half_typed_star_lists_do_not_throw(string statement)
    {
        var run = await AnalyzerRun.RunAsync(
            new UnmatchableOriginRule(),
            "using Microsoft.AspNetCore.Cors.Infrastructure;\nclass C { void M(IServiceCollection services) { " + statement + " } }",
            aspNetCore: true);
        Assert.Empty(run.Exceptions);
    }

    // ---------------------------------------------------------------- where the entries come from

    [Fact]
    public Task Constant_is_reported_where_it_is_passed()
        => Build("""
                const string Frontend = "https://app.contoso.com/";

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins([|Frontend|])));
            """).ShouldReportMessages(Message("Frontend", OriginHasNoTrailingSlash + Use("https://app.contoso.com"))).ValidateAsync();

    [Fact]
    public Task Array_field_shared_by_two_policies_is_reported_at_each_policy_that_reads_it()
        => Build("""
                static readonly string[] Origins = { "https://a.contoso.com", {|+0:{|+1:"https://b.contoso.com/"|}|} };

                void M(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.{|CORS006#0:WithOrigins(Origins)|});
                        o.AddPolicy("b", b => b.{|CORS006#1:WithOrigins(Origins)|}.AllowCredentials());
                    });
            """).ShouldReportMessages(
                Message("\"https://b.contoso.com/\"", OriginHasNoTrailingSlash + Use("https://b.contoso.com")),
                Message("\"https://b.contoso.com/\"", OriginHasNoTrailingSlash + Use("https://b.contoso.com")))
            .ValidateAsync();

    [Fact]
    public Task List_local_filled_with_Add()
        => Build("""
                void M(IServiceCollection services)
                {
                    var origins = new List<string> { "https://a.contoso.com" };
                    origins.Add({|+0:"https://b.contoso.com:443"|});
                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS006#0:WithOrigins(origins.ToArray())|}));
                }
            """).ShouldReportMessages(Message("\"https://b.contoso.com:443\"", OriginHasNoDefaultPort + Use("https://b.contoso.com"))).ValidateAsync();

    [Fact]
    public Task CorsPolicyBuilder_constructor_and_Origins_Add()
        => Build("""
                CorsPolicy A() => new CorsPolicyBuilder([|"https://a.contoso.com/"|]).Build();

                CorsPolicy B()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add([|"b.contoso.com"|]);
                    return policy;
                }
            """).ShouldReportMessages(
                Message("\"https://a.contoso.com/\"", OriginHasNoTrailingSlash + Use("https://a.contoso.com")),
                Message("\"b.contoso.com\"", OriginHasScheme))
            .ValidateAsync();

    [Fact]
    public Task CorsPolicyBuilder_constructor_and_Origins_Add_with_exact_origins_are_fine()
        => Build("""
                CorsPolicy A() => new CorsPolicyBuilder("https://a.contoso.com").Build();

                CorsPolicy B()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add("https://b.contoso.com");
                    return policy;
                }
            """).ValidateAsync();

    [Fact]
    public Task Strings_that_are_not_origin_entries_are_fine()
        => Build("""
                static readonly string[] Links = { "https://docs.contoso.com/", "contoso.com" };

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://app.contoso.com").WithHeaders("X-Path/Thing")));
            """).ValidateAsync();

    [Fact]
    public Task Origins_that_are_not_constants_are_not_judged()
        => Build("""
                void M(IServiceCollection services, IConfiguration configuration)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins(configuration["Cors:Origin"]!));
                        o.AddPolicy("b", b => b.WithOrigins(configuration.GetSection("Cors:Origins").Get<string[]>()!));
                    });
            """).ValidateAsync();

    // ---------------------------------------------------------------- hand-written exact checks before an Access-Control-Allow-Origin write

    [Fact]
    public Task Hand_written_allowlist_and_equality_before_echoing_the_origin()
        => Build("""
                static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.contoso.com", {|+0:"https://b.contoso.com/"|} };

                void M(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin) || origin == {|+1:"https://c.contoso.com:443"|})
                    {
                        context.Response.Headers.AccessControlAllowOrigin = {|CORS006#0:{|CORS006#1:origin|}|};
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            """).ShouldReportMessages(
                Message("\"https://c.contoso.com:443\"", OriginHasNoDefaultPort + Use("https://c.contoso.com")),
                Message("\"https://b.contoso.com/\"", OriginHasNoTrailingSlash + Use("https://b.contoso.com")))
            .ValidateAsync();

    [Fact]
    public Task Hand_written_checks_with_exact_origins_are_fine()
        => Build("""
                static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.contoso.com", "https://b.contoso.com" };

                void M(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Allowed.Contains(origin) || origin == "https://c.contoso.com")
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            """).ValidateAsync();

    [Fact]
    public Task Hand_written_wildcard_is_compared_as_a_character()
        => Build("""
                void M(HttpContext context)
                {
                    string? origin = context.Request.Headers.Origin;
                    if (origin is {|+0:"https://*.contoso.com"|})
                    {
                        context.Response.Headers.AccessControlAllowOrigin = {|CORS006#0:origin|};
                        context.Response.Headers.Vary = "Origin";
                    }
                }
            """).ShouldReportMessages(Message("\"https://*.contoso.com\"", WildcardNeedsSubdomains)).ValidateAsync();

    [Fact]
    public Task Strings_that_guard_no_origin_echo_are_fine()
        => Build("""
                void M(HttpContext context)
                {
                    string? origin = context.Request.Headers.Origin;
                    if (context.Request.Path == "/api/v1/")
                    {
                        context.Response.Headers.AccessControlAllowOrigin = "https://a.contoso.com";
                    }

                    if (origin == "https://b.contoso.com/")
                    {
                        context.Response.Headers["X-Debug"] = "b";
                    }
                }
            """).ValidateAsync();
}
