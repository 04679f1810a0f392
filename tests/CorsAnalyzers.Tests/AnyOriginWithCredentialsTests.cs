using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class AnyOriginWithCredentialsTests
{
    private const string EveryOrigin = "so every site can send credentialed requests and read the responses";

    private static string Message(string anyOrigin, string credentials, string consequence = EveryOrigin)
        => $"'{anyOrigin}' allows any origin while '{credentials}' allows credentials, {consequence}";

    /// <summary>ASP.NET Core refuses a policy whose origins are exactly ["*"] with credentials: CorsPolicyBuilder.Build() throws.</summary>
    private static string AtStartUp(string method) => $"which ASP.NET Core refuses: Build() throws InvalidOperationException at start-up, when '{method}' builds the policy";

    private static string AtCall(string method) => $"which ASP.NET Core refuses: Build() throws InvalidOperationException when '{method}' builds the policy";

    private static string AtBuild(string code) => $"which ASP.NET Core refuses: '{code}' throws InvalidOperationException";

    private const string WhenBuilt = "which ASP.NET Core refuses: CorsPolicyBuilder.Build() throws InvalidOperationException";

    private const string EveryRequest = "which ASP.NET Core refuses: every request with an Origin header throws ArgumentException";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<AnyOriginWithCredentialsRule>()
        .WithSource("using Microsoft.AspNetCore.Cors.Infrastructure;\n\nclass C\n{\n" + body + "\n}\n");

    // ---------------------------------------------------------------- AllowAnyOrigin

    [Fact]
    public Task AllowAnyOrigin_and_AllowCredentials_in_AddPolicy()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:AllowAnyOrigin()|}.AllowAnyHeader().{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task AllowAnyOrigin_without_credentials_is_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
            """).ValidateAsync();

    [Fact]
    public Task Exact_origins_with_credentials_are_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://a.example").AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task AddDefaultPolicy_with_credentials_first()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddDefaultPolicy(b => b.{|+c:AllowCredentials()|}.{|CORS002#c:AllowAnyOrigin()|}));
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddDefaultPolicy"))).ValidateAsync();

    [Fact]
    public Task UseCors_with_a_builder_lambda()
        => Build("""
                void M(WebApplication app)
                    => app.UseCors(b => b.{|CORS002#c:AllowAnyOrigin()|}.{|+c:AllowCredentials()|});
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtCall("UseCors"))).ValidateAsync();

    [Fact]
    public Task RequireCors_with_a_builder_lambda()
        => Build("""
                void M(WebApplication app)
                    => app.MapGet("/", () => "x").RequireCors(b => b.{|CORS002#c:AllowAnyOrigin()|}.{|+c:AllowCredentials()|});
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtCall("RequireCors"))).ValidateAsync();

    [Fact]
    public Task RequireCors_with_exact_origins_is_fine()
        => Build("""
                void M(WebApplication app)
                    => app.MapGet("/", () => "x").RequireCors(b => b.WithOrigins("https://a.example").AllowCredentials());
            """).ValidateAsync();

    [Fact]
    public Task Multi_line_chain_reports_the_call_only()
        => Build("""
                void M(IServiceCollection services)
                {
                    services.AddCors(options =>
                    {
                        options.AddPolicy("p", policy =>
                        {
                            policy
                                .{|CORS002#c:AllowAnyOrigin()|}
                                .AllowAnyMethod()
                                .{|+c:AllowCredentials()|};
                        });
                    });
                }
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task Separate_statements_on_one_builder_parameter()
        => Build("""
                void M(IServiceCollection services)
                {
                    services.AddCors(o => o.AddPolicy("p", b =>
                    {
                        b.{|CORS002#c:AllowAnyOrigin()|};
                        b.AllowAnyHeader();
                        b.{|+c:AllowCredentials()|};
                    }));
                }
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task Two_different_builders_are_two_policies()
        => Build("""
                void M(IServiceCollection services)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("public", b => b.AllowAnyOrigin());
                        o.AddPolicy("private", b => b.WithOrigins("https://a.example").AllowCredentials());
                    });
                }
            """).ValidateAsync();

    [Fact]
    public Task Method_group_that_configures_a_builder()
        => Build("""
                void M(IServiceCollection services) => services.AddCors(o => o.AddPolicy("x", ConfigurePolicy));

                static void ConfigurePolicy(CorsPolicyBuilder b)
                {
                    b.{|CORS002#c:AllowAnyOrigin()|};
                    b.{|+c:AllowCredentials()|};
                }
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", WhenBuilt)).ValidateAsync();

    [Fact]
    public Task Method_group_without_credentials_is_fine()
        => Build("""
                void M(IServiceCollection services) => services.AddCors(o => o.AddPolicy("x", ConfigurePolicy));

                static void ConfigurePolicy(CorsPolicyBuilder b)
                {
                    b.AllowAnyOrigin();
                    b.DisallowCredentials();
                }
            """).ValidateAsync();

    [Fact]
    public Task New_builder_then_Build()
        => Build("""
                CorsPolicy M()
                {
                    var b = new CorsPolicyBuilder();
                    b.{|CORS002#c:AllowAnyOrigin()|};
                    b.{|+c:AllowCredentials()|};
                    return b.Build();
                }
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtBuild("Build()"))).ValidateAsync();

    [Fact]
    public Task New_builder_with_star_in_the_constructor()
        => Build("""
                CorsPolicy M() => {|CORS002#c:new CorsPolicyBuilder("*")|}.{|+c:AllowCredentials()|}.Build();
            """).ShouldReportMessages(Message("new CorsPolicyBuilder(\"*\")", "AllowCredentials()", AtBuild("Build()"))).ValidateAsync();

    [Fact]
    public Task New_builder_with_an_exact_origin_in_the_constructor_is_fine()
        => Build("""
                CorsPolicy M()
                {
                    var b = new CorsPolicyBuilder("https://a.example");
                    b.AllowCredentials();
                    return b.Build();
                }
            """).ValidateAsync();

    [Fact]
    public Task New_builder_local_with_star_in_the_constructor()
        => Build("""
                CorsPolicy M()
                {
                    var b = {|CORS002#c:new CorsPolicyBuilder("*")|};
                    b.{|+c:AllowCredentials()|};
                    return b.Build();
                }
            """).ShouldReportMessages(Message("new CorsPolicyBuilder(\"*\")", "AllowCredentials()", AtBuild("Build()"))).ValidateAsync();

    [Fact]
    public Task Credentials_disallowed_at_the_end_is_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.AllowAnyOrigin().AllowCredentials().DisallowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task Credentials_allowed_again_after_disallowing()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:AllowAnyOrigin()|}.DisallowCredentials().{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    // ---------------------------------------------------------------- WithOrigins("*") and order

    [Fact]
    public Task WithOrigins_star()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:WithOrigins("*")|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("WithOrigins(\"*\")", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task WithOrigins_star_and_another_origin_is_not_any_origin()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("*", "https://a.example").AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task WithOrigins_star_twice_is_not_any_origin()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("*").WithOrigins("*").AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task WithOrigins_star_array()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:WithOrigins(new[] { "*" })|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("WithOrigins(new[] { \"*\" })", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task WithOrigins_star_constant()
        => Build("""
                const string Any = "*";

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:WithOrigins(Any)|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("WithOrigins(Any)", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task WithOrigins_star_local_array()
        => Build("""
                void M(IServiceCollection services)
                {
                    string[] origins = { "*" };
                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:WithOrigins(origins)|}.{|+c:AllowCredentials()|}));
                }
            """).ShouldReportMessages(Message("WithOrigins(origins)", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task WithOrigins_local_array_of_exact_origins_is_fine()
        => Build("""
                void M(IServiceCollection services)
                {
                    string[] origins = { "https://a.example" };
                    services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(origins).AllowCredentials()));
                }
            """).ValidateAsync();

    [Fact]
    public Task WithOrigins_from_configuration_is_not_reported()
        => Build("""
                void M(IServiceCollection services, IConfiguration configuration)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins(configuration["Origins"]!.Split(',')).AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task WithOrigins_then_AllowAnyOrigin_is_any_origin()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://a.example").{|CORS002#c:AllowAnyOrigin()|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task AllowAnyOrigin_then_WithOrigins_is_not_any_origin()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.AllowAnyOrigin().WithOrigins("https://a.example").AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task WithOrigins_then_WithOrigins_star_is_not_any_origin()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://a.example").WithOrigins("*").AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task AllowAnyOrigin_is_not_undone_by_a_predicate()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:AllowAnyOrigin()|}.SetIsOriginAllowed(x => x == "https://a.example").{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    // ---------------------------------------------------------------- always-true predicates

    [Fact]
    public Task SetIsOriginAllowed_discard_lambda()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:SetIsOriginAllowed(_ => true)|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed(_ => true)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task SetIsOriginAllowed_named_parameter_lambda()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|+c:AllowCredentials()|}.{|CORS002#c:SetIsOriginAllowed((host) => true)|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed((host) => true)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task SetIsOriginAllowed_block_lambda()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:SetIsOriginAllowed(origin =>
                    {
                        return true;
                    })|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed(origin => { return true; })", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task SetIsOriginAllowed_anonymous_method()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:SetIsOriginAllowed(delegate { return true; })|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed(delegate { return true; })", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task SetIsOriginAllowed_method_group()
        => Build("""
                static bool AllowAll(string origin) { return true; }

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:SetIsOriginAllowed(AllowAll)|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed(AllowAll)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task SetIsOriginAllowed_expression_bodied_method_group()
        => Build("""
                static bool AllowAll(string origin) => true;

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:SetIsOriginAllowed(AllowAll)|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed(AllowAll)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task SetIsOriginAllowed_local_function()
        => Build("""
                void M(IServiceCollection services)
                {
                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:SetIsOriginAllowed(Any)|}.{|+c:AllowCredentials()|}));

                    static bool Any(string origin) => true;
                }
            """).ShouldReportMessages(Message("SetIsOriginAllowed(Any)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task SetIsOriginAllowed_delegate_local()
        => Build("""
                void M(IServiceCollection services)
                {
                    Func<string, bool> any = _ => true;
                    services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:SetIsOriginAllowed(any)|}.{|+c:AllowCredentials()|}));
                }
            """).ShouldReportMessages(Message("SetIsOriginAllowed(any)", "AllowCredentials()")).ValidateAsync();

    [Theory]
    [InlineData("o => o != null")]
    [InlineData("o => allowed.Contains(o)")]
    [InlineData("o => true && Check(o)")]
    [InlineData("o => { if (Check(o)) return true; return false; }")]
    [InlineData("o => throw new InvalidOperationException()")]
    [InlineData("Check")]
    [InlineData("allowed.Contains")]
    public Task Predicates_that_check_the_origin_are_fine(string predicate)
        => Build($$"""
                static readonly HashSet<string> allowed = new() { "https://a.example" };

                static bool Check(string origin) => origin == "https://a.example";

                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed({{predicate}}).AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task Always_true_predicate_without_credentials_is_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(_ => true).AllowAnyHeader()));
            """).ValidateAsync();

    [Fact]
    public Task AllowAnyOrigin_and_always_true_predicate_without_credentials_is_fine()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.AllowAnyOrigin().SetIsOriginAllowed(_ => true)));
            """).ValidateAsync();

    [Fact]
    public Task AllowAnyOrigin_and_always_true_predicate_with_credentials_reports_both()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#a:AllowAnyOrigin()|}.{|CORS002#p:SetIsOriginAllowed(_ => true)|}.{|+a:{|+p:AllowCredentials()|}|}));
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy")), Message("SetIsOriginAllowed(_ => true)", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task Always_true_predicate_runs_on_the_path_where_the_origins_are_not_star()
        => Build("""
                void M(IServiceCollection services, bool development)
                    => services.AddCors(o => o.AddPolicy("p", b =>
                    {
                        if (development)
                        {
                            b.{|CORS002#a:AllowAnyOrigin()|};
                        }

                        b.{|CORS002#p:SetIsOriginAllowed(_ => true)|}.{|+a:{|+p:AllowCredentials()|}|};
                    }));
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy")), Message("SetIsOriginAllowed(_ => true)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task Unnamed_builder_built_in_the_chain()
        => Build("""
                static readonly CorsPolicy Policy = new CorsPolicyBuilder().{|CORS002#c:AllowAnyOrigin()|}.{|+c:AllowCredentials()|}.Build();
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtBuild("Build()"))).ValidateAsync();

    [Fact]
    public Task Unnamed_builder_built_in_the_chain_without_credentials_is_fine()
        => Build("""
                static readonly CorsPolicy Policy = new CorsPolicyBuilder().AllowAnyOrigin().DisallowCredentials().Build();
            """).ValidateAsync();

    [Fact]
    public Task Always_true_predicate_after_WithOrigins_wins()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.WithOrigins("https://a.example").{|CORS002#c:SetIsOriginAllowed(_ => true)|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed(_ => true)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task WithOrigins_after_an_always_true_predicate_does_not_undo_it()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.{|CORS002#c:SetIsOriginAllowed(_ => true)|}.WithOrigins("https://a.example").{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed(_ => true)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task A_later_checking_predicate_replaces_the_always_true_one()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(_ => true).SetIsOriginAllowed(x => x == "https://a.example").AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task Wildcard_subdomains_replace_the_always_true_predicate()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowed(_ => true).WithOrigins("https://*.a.example").SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials()));
            """).ValidateAsync();

    [Fact]
    public Task An_always_true_predicate_replaces_wildcard_subdomains()
        => Build("""
                void M(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("p", b => b.SetIsOriginAllowedToAllowWildcardSubdomains().{|CORS002#c:SetIsOriginAllowed(_ => true)|}.{|+c:AllowCredentials()|}));
            """).ShouldReportMessages(Message("SetIsOriginAllowed(_ => true)", "AllowCredentials()")).ValidateAsync();

    // ---------------------------------------------------------------- branches

    [Fact]
    public Task Any_origin_in_one_branch_with_credentials_after()
        => Build("""
                void M(IServiceCollection services, bool development)
                {
                    services.AddCors(o => o.AddPolicy("p", b =>
                    {
                        if (development)
                        {
                            b.{|CORS002#c:AllowAnyOrigin()|};
                        }
                        else
                        {
                            b.WithOrigins("https://a.example");
                        }

                        b.{|+c:AllowCredentials()|};
                    }));
                }
            """).ShouldReportMessages(Message("AllowAnyOrigin()", "AllowCredentials()", AtStartUp("AddPolicy"))).ValidateAsync();

    [Fact]
    public Task Any_origin_and_credentials_in_exclusive_branches_is_fine()
        => Build("""
                void M(IServiceCollection services, bool development)
                {
                    services.AddCors(o => o.AddPolicy("p", b =>
                    {
                        if (development)
                        {
                            b.AllowAnyOrigin();
                        }
                        else
                        {
                            b.WithOrigins("https://a.example").AllowCredentials();
                        }
                    }));
                }
            """).ValidateAsync();

    [Fact]
    public Task Switch_cases_are_exclusive_but_each_may_combine_with_later_code()
        => Build("""
                void M(CorsPolicyBuilder b, int mode)
                {
                    switch (mode)
                    {
                        case 0:
                            b.WithOrigins("https://b.example");
                            break;
                        case 1:
                            b.WithOrigins("https://a.example").AllowCredentials();
                            break;
                        default:
                            b.{|CORS002#c:SetIsOriginAllowed(_ => true)|};
                            break;
                    }

                    if (mode > 5)
                    {
                        b.{|+c:AllowCredentials()|};
                    }
                }
            """).ShouldReportMessages(Message("SetIsOriginAllowed(_ => true)", "AllowCredentials()")).ValidateAsync();

    [Fact]
    public Task Credentials_removed_on_every_path_is_fine()
        => Build("""
                void M(CorsPolicyBuilder b, bool development)
                {
                    b.AllowAnyOrigin().AllowCredentials();
                    if (development)
                    {
                        b.WithOrigins("https://a.example");
                    }
                    else
                    {
                        b.DisallowCredentials();
                    }
                }
            """).ValidateAsync();

    // ---------------------------------------------------------------- hand-made CorsPolicy

    [Fact]
    public Task Hand_made_policy_with_star_and_credentials()
        => Build("""
                void M(IServiceCollection services)
                {
                    var policy = new CorsPolicy { {|+c:SupportsCredentials = true|} };
                    policy.{|CORS002#c:Origins.Add("*")|};
                    services.AddCors(o => o.AddPolicy("p", policy));
                }
            """).ShouldReportMessages(Message("Origins.Add(\"*\")", "SupportsCredentials = true", EveryRequest)).ValidateAsync();

    [Fact]
    public Task Hand_made_policy_with_credentials_set_later()
        => Build("""
                CorsPolicy M()
                {
                    var policy = new CorsPolicy();
                    policy.{|CORS002#c:IsOriginAllowed = _ => true|};
                    policy.{|+c:SupportsCredentials = true|};
                    return policy;
                }
            """).ShouldReportMessages(Message("IsOriginAllowed = _ => true", "SupportsCredentials = true")).ValidateAsync();

    [Fact]
    public Task Hand_made_policy_without_credentials_is_fine()
        => Build("""
                CorsPolicy M()
                {
                    var policy = new CorsPolicy { SupportsCredentials = false };
                    policy.Origins.Add("*");
                    return policy;
                }
            """).ValidateAsync();

    [Fact]
    public Task Hand_made_policy_with_an_exact_origin_is_fine()
        => Build("""
                CorsPolicy M()
                {
                    var policy = new CorsPolicy { SupportsCredentials = true };
                    policy.Origins.Add("https://a.example");
                    return policy;
                }
            """).ValidateAsync();

    // ---------------------------------------------------------------- top-level statements

    [Fact]
    public Task Top_level_program()
        => ProjectBuilder.Create()
            .WithAnalyzer<AnyOriginWithCredentialsRule>()
            .WithSource("""
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddCors(options => options.AddPolicy("all", policy => policy
                    .{|CORS002#c:SetIsOriginAllowed(origin => true)|}
                    .AllowAnyHeader()
                    .AllowAnyMethod()
                    .{|+c:AllowCredentials()|}));
                var app = builder.Build();
                app.UseCors("all");
                app.Run();
                """)
            .ShouldReportMessages(Message("SetIsOriginAllowed(origin => true)", "AllowCredentials()"))
            .ValidateAsync();

    // ---------------------------------------------------------------- classic frameworks

    private const string WebApiStandIn = """

        namespace System.Web.Http.Cors
        {
            [System.AttributeUsage(System.AttributeTargets.Class | System.AttributeTargets.Method)]
            public sealed class EnableCorsAttribute : System.Attribute
            {
                public EnableCorsAttribute(string origins, string headers, string methods) { }
                public bool SupportsCredentials { get; set; }
            }
        }
        """;

    private const string OwinStandIn = """

        namespace Microsoft.Owin.Cors
        {
            public class CorsOptions
            {
                public static CorsOptions AllowAll => new CorsOptions();
            }
        }

        namespace Owin
        {
            public interface IAppBuilder { }
            public static class CorsExtensions
            {
                public static IAppBuilder UseCors(this IAppBuilder app, Microsoft.Owin.Cors.CorsOptions options) => app;
            }
        }
        """;

    private static ProjectBuilder Classic(string source) => ProjectBuilder.Create()
        .WithoutAspNetCore()
        .WithAnalyzer<AnyOriginWithCredentialsRule>()
        .WithSource(source);

    [Fact]
    public Task WebApi_attribute_with_star_and_credentials()
        => Classic("""
                using System.Web.Http.Cors;

                [EnableCors({|CORS002#c:"*"|}, "*", "*", {|+c:SupportsCredentials = true|})]
                public class ValuesController { }
                """ + WebApiStandIn)
            .ShouldReportMessages(Message("\"*\"", "SupportsCredentials = true"))
            .ValidateAsync();

    [Fact]
    public Task WebApi_attribute_with_star_without_credentials_is_fine()
        => Classic("""
                using System.Web.Http.Cors;

                [EnableCors("*", "*", "*")]
                public class ValuesController { }
                """ + WebApiStandIn)
            .ValidateAsync();

    [Fact]
    public Task WebApi_attribute_with_exact_origins_and_credentials_is_fine()
        => Classic("""
                using System.Web.Http.Cors;

                [EnableCors("https://a.example", "*", "*", SupportsCredentials = true)]
                public class ValuesController { }
                """ + WebApiStandIn)
            .ValidateAsync();

    [Fact]
    public Task WebApi_attribute_object_creation()
        => Classic("""
                using System.Web.Http.Cors;

                static class WebApiConfig
                {
                    public static object Register() => new EnableCorsAttribute({|CORS002#c:"*"|}, "*", "*") { {|+c:SupportsCredentials = true|} };
                }
                """ + WebApiStandIn)
            .ShouldReportMessages(Message("\"*\"", "SupportsCredentials = true"))
            .ValidateAsync();

    [Fact]
    public Task WebApi_attribute_object_creation_without_credentials_is_fine()
        => Classic("""
                using System.Web.Http.Cors;

                static class WebApiConfig
                {
                    public static object Register() => new EnableCorsAttribute("*", "*", "*") { SupportsCredentials = false };
                }
                """ + WebApiStandIn)
            .ValidateAsync();

    [Fact]
    public Task Owin_AllowAll()
        => Classic("""
                using Microsoft.Owin.Cors;
                using Owin;

                class Startup
                {
                    public void Configuration(IAppBuilder app) => app.UseCors([|CorsOptions.AllowAll|]);
                }
                """ + OwinStandIn)
            .ShouldReportMessages(Message("CorsOptions.AllowAll", "CorsOptions.AllowAll"))
            .ValidateAsync();

    [Fact]
    public Task Owin_own_options_are_fine()
        => Classic("""
                using Microsoft.Owin.Cors;
                using Owin;

                class Startup
                {
                    public void Configuration(IAppBuilder app) => app.UseCors(new CorsOptions());
                }
                """ + OwinStandIn)
            .ValidateAsync();

    // ---------------------------------------------------------------- robustness

    [Theory]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.AllowAnyOrigin().AllowCredentials(")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.SetIsOriginAllowed().AllowCredentials()));")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.SetIsOriginAllowed(x =>).AllowCredentials()));")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(undefined).AllowCredentials()));")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.WithOrigins(\"*\",).AllowCredentials()));")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", b => b.Missing().AllowAnyOrigin().AllowCredentials()));")]
    [InlineData("var p = new CorsPolicy { SupportsCredentials = }; p.Origins.Add();")]
    [InlineData("var b = new CorsPolicyBuilder(null); b.SetIsOriginAllowed(Undefined).AllowCredentials();")]
    [InlineData("var b = new CorsPolicyBuilder(\"*\"); b.AllowCredentials(); var p = b.Build(;")]
    [InlineData("var p = new CorsPolicyBuilder().AllowAnyOrigin().AllowCredentials().Build(undefined);")]
    [InlineData("Undefined.UseCors(b => b.AllowAnyOrigin().AllowCredentials());")]
    [InlineData("services.AddCors(o => o.AddPolicy(\"p\", (CorsPolicyBuilder b) => b.AllowAnyOrigin().AllowCredentials(), extra));")]
    public async Task Half_typed_code_does_not_throw(string statement)
    {
        var run = await AnalyzerRun.RunAsync(
            new AnyOriginWithCredentialsRule(),
            "using Microsoft.AspNetCore.Cors.Infrastructure;\nclass C { void M(IServiceCollection services) { " + statement + " } }",
            aspNetCore: true);
        Assert.Empty(run.Exceptions);

        // The policy steps were looked at: the rule's step handler runs inside the package's one operation action.
        Assert.Equal(1, run.Telemetry.OperationActionsCount);
    }

    [Fact]
    public async Task Registers_nothing_without_cors_types()
    {
        var telemetry = (await AnalyzerRun.RunAsync(new AnyOriginWithCredentialsRule(), "class C { void M() { } }", aspNetCore: false)).Telemetry;
        Assert.Equal(1, telemetry.CompilationStartActionsCount);

        // Only the header-write action: HttpListener and HttpHeaders are part of every .NET project.
        Assert.Equal(1, telemetry.OperationActionsCount);
        Assert.Equal(0, telemetry.OperationBlockStartActionsCount);
        Assert.Equal(0, telemetry.OperationBlockActionsCount);
    }

    [Fact]
    public async Task Registers_actions_with_aspnetcore()
    {
        var telemetry = (await AnalyzerRun.RunAsync(new AnyOriginWithCredentialsRule(), "class C { void M() { } }", aspNetCore: true)).Telemetry;

        // Header writes, policy steps and the OWIN/Web API shapes share one operation action; a policy is judged at its
        // steps, so nothing runs per method body.
        Assert.Equal(1, telemetry.OperationActionsCount);
        Assert.Equal(0, telemetry.OperationBlockStartActionsCount);
        Assert.Equal(1, telemetry.AdditionalFileActionsCount);
    }

    // ---------------------------------------------------------------- Hand-written headers

    private static ProjectBuilder BuildHandWritten(string source) => ProjectBuilder.Create()
        .WithAnalyzer<AnyOriginWithCredentialsRule>()
        .WithSource(source);

    [Theory]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Origin\"] = {|CORS002#c:\"*\"|};", "context.Response.Headers[\"Access-Control-Allow-Origin\"] = \"*\"")]
    [InlineData("context.Response.Headers.AccessControlAllowOrigin = {|CORS002#c:\"*\"|};", "context.Response.Headers.AccessControlAllowOrigin = \"*\"")]
    [InlineData("context.Response.Headers.Append(HeaderNames.AccessControlAllowOrigin, {|CORS002#c:\"*\"|});", "context.Response.Headers.Append(HeaderNames.AccessControlAllowOrigin, \"*\")")]
    [InlineData("context.Response.Headers.Add(\"access-control-allow-origin\", {|CORS002#c:new StringValues(\"*\")|});", "context.Response.Headers.Add(\"access-control-allow-origin\", new StringValues(\"*\"))")]
    [InlineData("context.Response.Headers.TryAdd(CorsConstants.AccessControlAllowOrigin, {|CORS002#c:CorsConstants.AnyOrigin|});", "context.Response.Headers.TryAdd(CorsConstants.AccessControlAllowOrigin, CorsConstants.AnyOrigin)")]
    public Task Hand_written_star_with_credentials(string write, string code)
        => BuildHandWritten($$"""
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.Extensions.Primitives;
            using Microsoft.Net.Http.Headers;

            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    {{write}}
                    {|+c:context.Response.Headers["Access-Control-Allow-Credentials"] = "true"|};
                }
            }
            """).ShouldReportMessages(Message(code, "context.Response.Headers[\"Access-Control-Allow-Credentials\"] = \"true\"")).ValidateAsync();

    [Theory]
    [InlineData("context.Response.Headers.AccessControlAllowCredentials = \"TRUE\"")]
    [InlineData("context.Response.Headers.Append(\"Access-Control-Allow-Credentials\", \"True\")")]
    [InlineData("context.Response.Headers.Add(new KeyValuePair<string, StringValues>(HeaderNames.AccessControlAllowCredentials, \"true\"))")]
    public Task Hand_written_credentials_in_any_form_and_casing(string credentials)
        => BuildHandWritten($$"""
            using Microsoft.Extensions.Primitives;
            using Microsoft.Net.Http.Headers;

            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    {|+c:{{credentials}}|};
                    context.Response.Headers.AccessControlAllowOrigin = {|CORS002#c:"*"|};
                }
            }
            """).ShouldReportMessages(Message("context.Response.Headers.AccessControlAllowOrigin = \"*\"", credentials)).ValidateAsync();

    [Theory]
    [InlineData("context.Response.Headers[\"Access-Control-Allow-Credentials\"] = \"false\";")]
    [InlineData("")]
    public Task Hand_written_star_without_credentials_is_fine(string credentials)
        => BuildHandWritten($$"""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = "*";
                    {{credentials}}
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Hand_written_exact_origin_with_credentials_is_fine()
        => BuildHandWritten("""
            class CorsMiddleware
            {
                public void Invoke(HttpContext context)
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = "https://app.example";
                    context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Hand_written_writes_in_different_functions_are_not_paired()
        => BuildHandWritten("""
            class CorsMiddleware
            {
                public void Public(HttpContext context) => context.Response.Headers["Access-Control-Allow-Origin"] = "*";

                public void Private(HttpContext context)
                {
                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                        return Task.CompletedTask;
                    });
                    context.Response.Headers["Access-Control-Allow-Origin"] = "https://app.example";
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Hand_written_inside_one_lambda()
        => BuildHandWritten("""
            var app = WebApplication.Create();
            app.Use(async (context, next) =>
            {
                context.Response.Headers.AccessControlAllowOrigin = {|CORS002#c:"*"|};
                {|+c:context.Response.Headers.AccessControlAllowCredentials = "true"|};
                await next(context);
            });
            app.Run();
            """).ShouldReportMessages(Message("context.Response.Headers.AccessControlAllowOrigin = \"*\"", "context.Response.Headers.AccessControlAllowCredentials = \"true\"")).ValidateAsync();

    [Fact]
    public Task Hand_written_HttpListener_and_HttpHeaders()
        => BuildHandWritten("""
            using System.Net;
            using System.Net.Http;

            class Handler
            {
                public void Handle(HttpListenerContext context)
                {
                    context.Response.AddHeader("Access-Control-Allow-Origin", {|CORS002#a:"*"|});
                    {|+a:context.Response.AppendHeader("Access-Control-Allow-Credentials", "true")|};
                }

                public void Build(HttpResponseMessage message)
                {
                    message.Headers.TryAddWithoutValidation("Access-Control-Allow-Origin", {|CORS002#b:"*"|});
                    {|+b:message.Headers.Add("Access-Control-Allow-Credentials", "true")|};
                }
            }
            """).ShouldReportMessages(
                Message("context.Response.AddHeader(\"Access-Control-Allow-Origin\", \"*\")", "context.Response.AppendHeader(\"Access-Control-Allow-Credentials\", \"true\")"),
                Message("message.Headers.TryAddWithoutValidation(\"Access-Control-Allow-Origin\", \"*\")", "message.Headers.Add(\"Access-Control-Allow-Credentials\", \"true\")"))
            .ValidateAsync();
}
