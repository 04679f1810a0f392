using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class NullOriginTests
{
    private static string Message(string code)
        => $"'{code}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<NullOriginRule>()
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
    public Task WithOrigins_array_field_is_reported_at_each_policy_that_reads_it()
        => Build("""
                static readonly string[] Origins = { "https://a.example", {|+0:{|+1:"null"|}|} };

                void M(IServiceCollection services)
                    => services.AddCors(o =>
                    {
                        o.AddPolicy("a", b => b.{|CORS004#0:WithOrigins(Origins)|});
                        o.AddPolicy("b", b => b.{|CORS004#1:WithOrigins(Origins)|}.AllowCredentials());
                    });
            """).ShouldReportMessages(Message("\"null\""), Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Entry_in_the_initializer_that_builds_the_policy_is_reported_where_it_is()
        => Build("""
                static readonly string[] NotOrigins = { "https://a.example", "null" };

                static readonly CorsPolicy Policy = new CorsPolicyBuilder().WithOrigins(new[] { "https://b.example", [|"null"|] }).Build();
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task WithOrigins_array_local()
        => Build("""
                void M(IServiceCollection services)
                {
                    string[] origins = new string[] { {|+0:"null"|} };
                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS004#0:WithOrigins(origins)|}));
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
                        origins.Add({|+0:"null"|});
                    }

                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS004#0:WithOrigins(origins.ToArray())|}));
                }
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task List_local_initialized_with_null()
        => Build("""
                void M(IServiceCollection services)
                {
                    var origins = new List<string> { "https://a.example", {|+0:"null"|} };
                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS004#0:WithOrigins(origins.ToArray())|}));
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
                    return origin.Equals({|+0:"null"|}) || origin == "https://a.example";
                }

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS004#0:SetIsOriginAllowed(IsAllowed)|}));
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
                static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://a.example", {|+0:"null"|} };

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS004#0:SetIsOriginAllowed(origin => Allowed.Contains(origin))|}));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Allowlist_array_checked_with_Enumerable_Contains()
        => Build("""
                void M(IServiceCollection services)
                {
                    var allowed = new[] { "https://a.example", {|+0:"null"|} };
                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS004#0:SetIsOriginAllowed(origin => allowed.Contains(origin))|}));
                }
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Allowlist_set_passed_as_Contains_method_group()
        => Build("""
                static readonly HashSet<string> Allowed = new() { {|+0:"null"|} };

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS004#0:SetIsOriginAllowed(Allowed.Contains)|}));
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

    // ---------------------------------------------------------------- origins the policy's own predicate replaces

    [Fact]
    public Task Null_entry_of_a_list_that_the_policys_own_predicate_replaces_is_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://a.example", "null").SetIsOriginAllowed(origin => origin == "https://a.example")));
            """).ValidateAsync();

    [Fact]
    public Task Null_entry_added_after_the_predicate_is_still_unread_because_WithOrigins_keeps_the_predicate()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(origin => origin == "https://a.example").WithOrigins("null")));
            """).ValidateAsync();

    [Fact]
    public Task Null_entry_read_again_by_wildcard_subdomains_after_the_predicate()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://*.a.example", [|"null"|])
                        .SetIsOriginAllowed(origin => origin == "https://a.example")
                        .SetIsOriginAllowedToAllowWildcardSubdomains()));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Null_entry_with_a_predicate_set_on_one_branch_only()
        => Build("""
                void M(IServiceCollection services, bool strict)
                    => services.AddCors(o => o.AddPolicy("p", b =>
                    {
                        b.WithOrigins([|"null"|]);
                        if (strict)
                        {
                            b.SetIsOriginAllowed(origin => origin == "https://a.example");
                        }
                    }));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task A_predicate_that_accepts_null_is_reported_and_the_list_it_replaces_is_not()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("null").SetIsOriginAllowed(origin => origin == [|"null"|] || origin == "https://a.example")));
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Hand_made_policy_whose_IsOriginAllowed_replaces_its_null_entry_is_fine()
        => Build("""
                CorsPolicy M()
                {
                    var policy = new CorsPolicy();
                    policy.Origins.Add("null");
                    policy.IsOriginAllowed = origin => origin == "https://a.example";
                    return policy;
                }
            """).ValidateAsync();

    // ---------------------------------------------------------------- robustness

    [Theory]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(\"null\"")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(\"null\",).SetIsOriginAllowed()));")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.SetIsOriginAllowed(x => x == )));")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.SetIsOriginAllowed(x => undefined.Contains(x))));")]
    [InlineData("var list = new List<string> { \"null\", }; list.Add(); services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(list.ToArray(")]
    [InlineData("var p = new CorsPolicy(); p.Origins.Add(); p.Origins.Add(null); p.IsOriginAllowed = ;")]
    [InlineData("var b = new CorsPolicyBuilder(Undefined); b.WithOrigins(Undefined2);")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.SetIsOriginAllowed(x => x ==).WithOrigins(\"null\"")]
    [InlineData("var b = new CorsPolicyBuilder(\"null\"); if (undefined) b.SetIsOriginAllowed(; b.SetIsOriginAllowedToAllowWildcardSubdomains(")]
    public async Task Half_typed_code_does_not_throw(string statement)
    {
        var run = await AnalyzerRun.RunAsync(
            new NullOriginRule(),
            "using Microsoft.AspNetCore.Cors.Infrastructure;\nclass C { void M(IServiceCollection services) { " + statement + " } }",
            aspNetCore: true);
        Assert.Empty(run.Exceptions);
        Assert.True(run.Telemetry.OperationActionsCount > 0);
    }

    [Fact]
    public async Task Registers_nothing_without_aspnetcore()
    {
        var telemetry = (await AnalyzerRun.RunAsync(new NullOriginRule(), "class C { string M() => \"null\"; }", aspNetCore: false)).Telemetry;
        Assert.Equal(1, telemetry.CompilationStartActionsCount);

        // Only the header-write action: HttpListener and HttpHeaders are part of every .NET project.
        Assert.Equal(1, telemetry.OperationActionsCount);
        Assert.Equal(0, telemetry.OperationBlockStartActionsCount);
    }

    [Fact]
    public Task Without_aspnetcore_nothing_is_reported()
        => ProjectBuilder.Create()
            .WithAnalyzer<NullOriginRule>()
            .WithoutAspNetCore()
            .WithSource("class C { string[] Origins() => new[] { \"null\" }; }")
            .ValidateAsync();

    // ---------------------------------------------------------------- Hand-written headers

    private static ProjectBuilder Middleware(string body) => ProjectBuilder.Create()
        .WithAnalyzer<NullOriginRule>()
        .WithSource("""
            class CorsMiddleware
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example" };

                public void Invoke(HttpContext context)
                {
                    var origin = context.Request.Headers.Origin.ToString();
            """ + body + """

                }
            }
            """);

    [Theory]
    [InlineData("if (Allowed.Contains(origin) || origin == {|+0:\"null\"|})", "\"null\"")]
    [InlineData("if ({|+0:\"null\"|} == origin || Allowed.Contains(origin))", "\"null\"")]
    [InlineData("if (string.Equals(origin, {|+0:\"null\"|}, StringComparison.Ordinal) || Allowed.Contains(origin))", "\"null\"")]
    [InlineData("if (origin.Equals({|+0:\"null\"|}) || Allowed.Contains(origin))", "\"null\"")]
    [InlineData("if (origin is \"https://app.example\" or {|+0:\"null\"|})", "\"null\"")]
    [InlineData("if (!(origin != {|+0:\"null\"|} && !Allowed.Contains(origin)))", "\"null\"")]
    public Task Equality_test_that_lets_null_through_to_the_echo(string condition, string code)
        => Middleware($$"""
                    {{condition}}
                    {
                        context.Response.Headers.AccessControlAllowOrigin = {|CORS004#0:origin|};
                        context.Response.Headers.Vary = "Origin";
                    }
            """).ShouldReportMessages(Message(code)).ValidateAsync();

    [Theory]
    [InlineData("if (origin == \"null\") { return; }")]
    [InlineData("if (origin is \"null\" || !Allowed.Contains(origin)) { return; }")]
    [InlineData("if (string.Equals(origin, \"null\", StringComparison.Ordinal)) { throw new InvalidOperationException(); }")]
    [InlineData("if (origin != \"null\" && Allowed.Contains(origin)) { } else { return; }")]
    public Task Equality_test_that_rejects_null_is_fine(string guard)
        => Middleware($$"""
                    {{guard}}
                    if (Allowed.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }
            """).ValidateAsync();

    [Fact]
    public Task Equality_test_that_guards_no_origin_echo_is_fine()
        => Middleware("""
                    if (origin == "null")
                    {
                        context.Response.StatusCode = 403;
                    }
            """).ValidateAsync();

    [Fact]
    public Task Switch_case_null()
        => Middleware("""
                    switch (origin)
                    {
                        case "https://app.example":
                        case {|+0:"null"|}:
                            context.Response.Headers.AccessControlAllowOrigin = {|CORS004#0:origin|};
                            context.Response.Headers.Vary = "Origin";
                            break;
                    }
            """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Switch_case_null_that_rejects_is_fine()
        => Middleware("""
                    switch (origin)
                    {
                        case "null":
                            return;
                        case "https://app.example":
                            context.Response.Headers.AccessControlAllowOrigin = origin;
                            context.Response.Headers.Vary = "Origin";
                            break;
                    }
            """).ValidateAsync();

    [Theory]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = [|\"null\"|];", "\"null\"")]
    [InlineData("context.Response.Headers.Append(HeaderNames.AccessControlAllowOrigin, [|\"null\"|]);", "\"null\"")]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = Allowed.Contains(origin) ? origin : [|\"null\"|];", "\"null\"")]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = (Allowed.Contains(origin) ? origin : null) ?? [|\"null\"|];", "\"null\"")]
    public Task Null_written_as_the_allowed_origin(string write, string code)
        => ProjectBuilder.Create()
            .WithAnalyzer<NullOriginRule>()
            .WithSource($$"""
                using Microsoft.Net.Http.Headers;

                class CorsMiddleware
                {
                    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example" };

                    public void Invoke(HttpContext context)
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        {{write}}
                        context.Response.Headers.Vary = "Origin";
                    }
                }
                """).ShouldReportMessages(Message(code)).ValidateAsync();

    [Theory]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = \"https://null.example\";")]
    [InlineData("context.Response.Headers[\"X-Origin-Kind\"] = \"null\";")]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = Allowed.Contains(origin) ? origin : \"\";")]
    public Task Other_values_and_other_headers_are_fine(string write)
        => ProjectBuilder.Create()
            .WithAnalyzer<NullOriginRule>()
            .WithSource($$"""
                class CorsMiddleware
                {
                    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example" };

                    public void Invoke(HttpContext context)
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        {{write}}
                        context.Response.Headers.Vary = "Origin";
                    }
                }
                """).ValidateAsync();

    [Fact]
    public Task Null_in_an_allowlist_the_origin_is_looked_up_in()
        => ProjectBuilder.Create()
            .WithAnalyzer<NullOriginRule>()
            .WithSource("""
                class CorsMiddleware
                {
                    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example", {|+0:"null"|} };
                    private static readonly string[] Blocked = { "null" };

                    public void Invoke(HttpContext context)
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        if (Blocked.Contains(origin))
                        {
                            return;
                        }

                        var allowed = new List<string> { "https://admin.example", {|+1:"null"|} };
                        var ok = allowed.Contains(origin);
                        if (Allowed.Contains(origin) || ok)
                        {
                            context.Response.Headers.AccessControlAllowOrigin = {|CORS004#0:{|CORS004#1:origin|}|};
                            context.Response.Headers.Vary = "Origin";
                        }
                    }
                }
                """).ShouldReportMessages(Message("\"null\""), Message("\"null\"")).ValidateAsync();

    [Fact]
    public Task Null_accepted_by_a_validator_of_ours()
        => ProjectBuilder.Create()
            .WithAnalyzer<NullOriginRule>()
            .WithSource("""
                class CorsMiddleware
                {
                    private static bool IsAllowed(string candidate) => candidate == "https://app.example" || candidate == {|+0:"null"|};

                    private static bool IsDenied(string candidate) => candidate == "null";

                    public void Invoke(HttpContext context)
                    {
                        string origin = context.Request.Headers["Origin"]!;
                        if (IsDenied(origin))
                        {
                            return;
                        }

                        if (IsAllowed(origin))
                        {
                            context.Response.Headers["Access-Control-Allow-Origin"] = {|CORS004#0:origin|};
                            context.Response.Headers["Vary"] = "Origin";
                        }
                    }
                }
                """).ShouldReportMessages(Message("\"null\"")).ValidateAsync();
}
