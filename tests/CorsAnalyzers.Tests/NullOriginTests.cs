using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class NullOriginTests
{
    private static string Message(string code)
        => $"'{code}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<NullOriginAnalyzer>()
        .WithSource("using Microsoft.AspNetCore.Cors.Infrastructure;\n\nclass C\n{\n" + body + "\n}\n");

    // ---------------------------------------------------------------- WithOrigins

    [Fact]
    public Task WithOrigins_literal()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://a.example", [|"null"|])));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task WithOrigins_exact_origins_are_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://a.example", "https://null.example")));
            """).ValidateAsync();

    [Fact]
    public Task WithOrigins_any_casing_because_WithOrigins_lowercases()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins([|"NULL"|])));
            """).ShouldReportMessages(Message("\"NULL\"")).ValidateAsync();

    [Fact]
    public Task WithOrigins_constant_is_reported_where_it_is_passed()
        => Build("""
                const string Sandboxed = "null";

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins([|Sandboxed|])));
            """).ShouldReportMessages(Message("Sandboxed")).ValidateAsync();

    [Fact]
    public Task WithOrigins_array_creation()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(new[] { "https://a.example", [|"null"|] })));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task WithOrigins_array_field_is_reported_once_for_two_policies()
        => Build("""
                static readonly string[] Origins = { "https://a.example", [|"null"|] };

                void M(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.WithOrigins(Origins));
                        o.AddPolicy("b", b => b.WithOrigins(Origins).AllowCredentials());
                    });
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task WithOrigins_array_local()
        => Build("""
                void M(IServiceCollection services)
                {
                    string[] origins = new string[] { [|"null"|] };
                    services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(origins)));
                }
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task List_local_filled_with_Add()
        => Build("""
                void M(IServiceCollection services, bool development)
                {
                    var origins = new List<string> { "https://a.example" };
                    if (development)
                    {
                        origins.Add([|"null"|]);
                    }

                    services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(origins.ToArray())));
                }
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task List_local_initialized_with_null()
        => Build("""
                void M(IServiceCollection services)
                {
                    var origins = new List<string> { "https://a.example", [|"null"|] };
                    services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(origins.ToArray())));
                }
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task List_local_without_null_is_fine()
        => Build("""
                void M(IServiceCollection services)
                {
                    var origins = new List<string> { "https://a.example" };
                    origins.Add("https://b.example");
                    services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(origins.ToArray())));
                }
            """).ValidateAsync();

    [Fact]
    public Task A_null_string_outside_any_policy_is_fine()
        => Build("""
                static readonly string[] Words = { "null", "undefined" };

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://a.example").WithHeaders("null")));
            """).ValidateAsync();

    // ---------------------------------------------------------------- builder constructor and hand-made policy

    [Fact]
    public Task Builder_constructor()
        => Build("""
                CorsPolicy M() => new CorsPolicyBuilder([|"null"|]).Build();
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Builder_constructor_with_exact_origin_is_fine()
        => Build("""
                CorsPolicy M() => new CorsPolicyBuilder("https://a.example").Build();
            """).ValidateAsync();

    [Fact]
    public Task Policy_Origins_Add()
        => Build("""
                CorsPolicy M()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add([|"null"|]);
                    return policy;
                }
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Policy_Headers_Add_is_fine()
        => Build("""
                CorsPolicy M()
                {
                    var policy = new CorsPolicy();
                    policy.Headers.Add("null");
                    return policy;
                }
            """).ValidateAsync();

    // ---------------------------------------------------------------- predicates

    [Fact]
    public Task Predicate_equality_test()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => origin == [|"null"|] || origin == "https://a.example")));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Predicate_that_rejects_null_is_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => origin != "null" && origin == "https://a.example")));
            """).ValidateAsync();

    [Fact]
    public Task Predicate_equality_with_other_casing_never_matches()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => origin == "NULL")));
            """).ValidateAsync();

    [Fact]
    public Task Predicate_string_Equals_ignoring_case()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => string.Equals(origin, [|"Null"|], StringComparison.OrdinalIgnoreCase))));
            """).ShouldReportMessages(Message("\"Null\"")).ValidateAsync();

    [Fact]
    public Task Predicate_constant_pattern()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => origin is "https://a.example" or [|"null"|])));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Predicate_method_group()
        => Build("""
                static bool IsAllowed(string origin)
                {
                    return origin.Equals([|"null"|]) || origin == "https://a.example";
                }

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(IsAllowed)));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Predicate_comparing_something_else_to_null_is_fine()
        => Build("""
                static string Mode = "x";

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => Mode == "null" && origin == "https://a.example")));
            """).ValidateAsync();

    [Fact]
    public Task Allowlist_set_checked_with_Contains_in_a_predicate()
        => Build("""
                static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.example", [|"null"|] };

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => Allowed.Contains(origin))));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Allowlist_array_checked_with_Enumerable_Contains()
        => Build("""
                void M(IServiceCollection services)
                {
                    var allowed = new[] { "https://a.example", [|"null"|] };
                    services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => allowed.Contains(origin))));
                }
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Allowlist_set_passed_as_Contains_method_group()
        => Build("""
                static readonly HashSet<string> Allowed = new() { [|"null"|] };

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(Allowed.Contains)));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Set_with_null_that_is_not_an_origin_allowlist_is_fine()
        => Build("""
                static readonly HashSet<string> Keywords = new() { "null" };
                static readonly HashSet<string> Allowed = new() { "https://a.example" };

                bool IsKeyword(string s) => Keywords.Contains(s);

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => Allowed.Contains(origin))));
            """).ValidateAsync();

    [Fact]
    public Task Policy_IsOriginAllowed_assignment()
        => Build("""
                CorsPolicy M() => new CorsPolicy { IsOriginAllowed = o => o == [|"null"|] };
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    // ---------------------------------------------------------------- robustness

    [Theory]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(\"null\"")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(\"null\",).SetIsOriginAllowed()));")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.SetIsOriginAllowed(x => x == )));")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.SetIsOriginAllowed(x => undefined.Contains(x))));")]
    [InlineData("var list = new List<string> { \"null\", }; list.Add(); services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(list.ToArray(")]
    [InlineData("var p = new CorsPolicy(); p.Origins.Add(); p.Origins.Add(null); p.IsOriginAllowed = ;")]
    [InlineData("var b = new CorsPolicyBuilder(Undefined); b.WithOrigins(Undefined2);")]
    public async Task Half_typed_code_does_not_throw(string statement)
    {
        var run = await AnalyzerRun.RunAsync(
            new NullOriginAnalyzer(),
            "using Microsoft.AspNetCore.Cors.Infrastructure;\nclass C { void M(IServiceCollection services) { " + statement + " } }",
            aspNetCore: true);
        Assert.Empty(run.Exceptions);
        Assert.True(run.Telemetry.OperationActionsCount > 0);
    }

    [Fact]
    public async Task Registers_nothing_without_aspnetcore()
    {
        var telemetry = (await AnalyzerRun.RunAsync(new NullOriginAnalyzer(), "class C { string M() => \"null\"; }", aspNetCore: false)).Telemetry;
        Assert.Equal(1, telemetry.CompilationStartActionsCount);
        Assert.Equal(0, telemetry.OperationActionsCount);
        Assert.Equal(0, telemetry.OperationBlockStartActionsCount);
    }

    [Fact]
    public Task Without_aspnetcore_nothing_is_reported()
        => ProjectBuilder.Create()
            .WithAnalyzer<NullOriginAnalyzer>()
            .WithoutAspNetCore()
            .WithSource("class C { string[] Origins() => new[] { \"null\" }; }")
            .ValidateAsync();
}
