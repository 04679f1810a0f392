using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests.CrossFile;

/// <summary>
/// Origin predicates and validators declared in another file than their use (issue 23, part A): each finding is reported
/// at the use, in the file being analysed (where the IDE shows it live), with the helper's code as additional location;
/// the helper's own file reports nothing for a use it does not hold. Each shape beside its near-twin that stays silent.
/// </summary>
public sealed class PredicatesElsewhereTests
{
    private const string Rules = "/0/OriginRules.cs";
    private const string Startup = "/0/Startup.cs";

    private static string Weak(string code, string slipThrough) => $"'{code}' also accepts {slipThrough}";

    private static string Reflected(string code) => $"'{code}' echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed";

    private static string AnyOrigin(string anyOrigin, string credentials)
        => $"'{anyOrigin}' allows any origin while '{credentials}' allows credentials, so every site can send credentialed requests and read the responses";

    private static string NullOrigin(string code) => $"'{code}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file";

    private static ProjectBuilder Build<TRule>(string rules, string startup) where TRule : new()
        => ProjectBuilder.Create().WithAnalyzer<TRule>().WithSource(rules, Rules).WithSource(startup, Startup);

    private static string Policy(string predicate) => $$"""
        class Startup
        {
            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options => options.AddPolicy("web", policy => policy
                    .SetIsOriginAllowed({{predicate}})
                    .AllowCredentials()));
        }
        """;

    /// <summary>Middleware that echoes the Origin when <paramref name="condition"/> holds.</summary>
    private static string Echo(string condition, string fields = "", string constructor = "") => $$"""
        class CorsMiddleware
        {
            {{fields}}
            {{constructor}}
            public void Invoke(HttpContext context)
            {
                var origin = context.Request.Headers.Origin.ToString();
                if ({{condition}})
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin;
                    context.Response.Headers.Vary = "Origin";
                }
            }
        }
        """;

    // ------------------------------------------------------------------ CORS003: weak matches

    [Fact]
    public Task A_method_group_of_another_file_is_reported_at_the_group()
        => Build<OriginSubstringMatchRule>("""
            public static class OriginRules
            {
                public static bool IsTrusted(string origin) => {|+a:origin.EndsWith("contoso.com")|};
            }
            """, Policy("{|CORS003#a:OriginRules.IsTrusted|}"))
            .ShouldReportMessages(Weak("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ValidateAsync();

    [Fact]
    public Task A_method_group_of_another_file_that_checks_exactly_is_silent()
        => Build<OriginSubstringMatchRule>("""
            public static class OriginRules
            {
                private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.contoso.com" };

                public static bool IsTrusted(string origin) => Allowed.Contains(origin) || origin == "https://contoso.com";
            }
            """, Policy("OriginRules.IsTrusted"))
            .ValidateAsync();

    [Fact]
    public Task A_lambda_calling_a_predicate_of_another_file_is_reported_at_the_call()
        => Build<OriginSubstringMatchRule>("""
            public static class OriginRules
            {
                public static bool IsTrusted(string origin)
                {
                    if (string.IsNullOrEmpty(origin))
                    {
                        return false;
                    }

                    var host = new Uri(origin).Host;
                    return {|+a:host.EndsWith("contoso.com")|};
                }
            }
            """, Policy("o => {|CORS003#a:OriginRules.IsTrusted(o)|}"))
            .ShouldReportMessages(Weak("host.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ValidateAsync();

    [Fact]
    public Task A_lambda_calling_a_predicate_of_another_file_that_compares_the_host_exactly_is_silent()
        => Build<OriginSubstringMatchRule>("""
            public static class OriginRules
            {
                public static bool IsTrusted(string origin)
                {
                    if (string.IsNullOrEmpty(origin))
                    {
                        return false;
                    }

                    var host = new Uri(origin).Host;
                    return host == "contoso.com" || host.EndsWith(".contoso.com");
                }
            }
            """, Policy("o => OriginRules.IsTrusted(o)"))
            .ValidateAsync();

    [Fact]
    public Task A_predicate_that_maps_the_host_through_IdnMapping_is_read()
        => Build<OriginSubstringMatchRule>("""
            using System.Globalization;

            public static class OriginRules
            {
                private static readonly IdnMapping Idn = new();

                public static bool IsTrusted(string origin) => {|+a:Idn.GetAscii(new Uri(origin).Host).Contains("contoso")|};

                public static bool IsExact(string origin) => Idn.GetAscii(new Uri(origin).Host) == "app.contoso.com";
            }
            """, Policy("{|CORS003#a:OriginRules.IsTrusted|}").Replace("class Startup", "class Startup2") + Policy("OriginRules.IsExact"))
            .ShouldReportMessages(Weak("Idn.GetAscii(new Uri(origin).Host).Contains(\"contoso\")", "https://contoso.evil.net"))
            .ValidateAsync();

    [Fact]
    public Task A_validator_of_another_file_guarding_an_echo_is_reported_at_the_call_and_not_as_CORS001()
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithAnalyzer<OriginReflectionRule>()
            .WithSource("""
                public static class OriginValidator
                {
                    public static bool IsAllowed(string origin) => {|+a:origin.StartsWith("https://app.contoso.com")|};
                }
                """, Rules)
            .WithSource(Echo("{|CORS003#a:OriginValidator.IsAllowed(origin)|}"), Startup)
            .ShouldReportMessages(Weak("origin.StartsWith(\"https://app.contoso.com\")", "https://app.contoso.com.evil.net"))
            .ValidateAsync();

    [Fact]
    public Task A_validator_of_another_file_that_only_tests_presence_leaves_the_echo_unchecked()
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithAnalyzer<OriginReflectionRule>()
            .WithSource("""
                public static class OriginValidator
                {
                    public static bool IsAllowed(string origin) => !string.IsNullOrWhiteSpace(origin);
                }
                """, Rules)
            .WithSource(Echo("OriginValidator.IsAllowed(origin)").Replace("AccessControlAllowOrigin = origin", "AccessControlAllowOrigin = {|CORS001:origin|}"), Startup)
            .ShouldReportMessages(Reflected("origin"))
            .ValidateAsync();

    [Fact]
    public Task A_validator_of_another_file_that_checks_exactly_is_silent_for_both_rules()
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithAnalyzer<OriginReflectionRule>()
            .WithSource("""
                public static class OriginValidator
                {
                    private static readonly string[] Allowed = { "https://app.contoso.com" };

                    public static bool IsAllowed(string origin) => Array.IndexOf(Allowed, origin) >= 0;
                }
                """, Rules)
            .WithSource(Echo("OriginValidator.IsAllowed(origin)"), Startup)
            .ValidateAsync();

    private const string InjectedValidator = """
        public interface IOriginValidator
        {
            bool IsAllowed(string origin);
        }

        public sealed class OriginValidator : IOriginValidator
        {
            public bool IsAllowed(string origin) => {|+a:origin.Contains("contoso.com")|};
        }
        """;

    private const string ValidatorField = "private readonly IOriginValidator _validator;";
    private const string ValidatorConstructor = "public CorsMiddleware(IOriginValidator validator) => _validator = validator;";

    [Fact]
    public Task An_injected_validator_with_one_implementation_is_read_through_its_interface()
        => Build<OriginSubstringMatchRule>(InjectedValidator, Echo("{|CORS003#a:_validator.IsAllowed(origin)|}", ValidatorField, ValidatorConstructor))
            .ShouldReportMessages(Weak("origin.Contains(\"contoso.com\")", "https://contoso.com.evil.net"))
            .ValidateAsync();

    /// <summary>With two implementations, which one is injected is configuration the analyzer does not follow: unknown, silent.</summary>
    [Fact]
    public Task An_injected_validator_with_two_implementations_is_not_guessed()
        => Build<OriginSubstringMatchRule>(InjectedValidator.Replace("{|+a:", "").Replace("|}", "") + """

            public sealed class StrictOriginValidator : IOriginValidator
            {
                public bool IsAllowed(string origin) => origin == "https://app.contoso.com";
            }
            """, Echo("_validator.IsAllowed(origin)", ValidatorField, ValidatorConstructor))
            .ValidateAsync();

    [Fact]
    public Task A_method_group_of_an_injected_validator_is_read()
        => Build<OriginSubstringMatchRule>(InjectedValidator, """
            class Startup
            {
                public void ConfigureServices(IServiceCollection services, IOriginValidator validator)
                    => services.AddCors(options => options.AddPolicy("web", policy => policy.SetIsOriginAllowed({|CORS003#a:validator.IsAllowed|})));
            }
            """)
            .ShouldReportMessages(Weak("origin.Contains(\"contoso.com\")", "https://contoso.com.evil.net"))
            .ValidateAsync();

    [Fact]
    public Task A_static_regex_field_of_another_file_is_read()
        => Build<OriginSubstringMatchRule>("""
            using System.Text.RegularExpressions;

            public static class OriginPatterns
            {
                public static readonly Regex Loose = new Regex(@"contoso\.com");
                public static readonly Regex Anchored = new Regex(@"^https://app\.contoso\.com$");
            }
            """, """
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("loose", policy => policy.SetIsOriginAllowed(origin => [|OriginPatterns.Loose.IsMatch(origin)|]));
                        options.AddPolicy("anchored", policy => policy.SetIsOriginAllowed(origin => OriginPatterns.Anchored.IsMatch(origin)));
                    });
            }
            """)
            .ShouldReportMessages(Weak("OriginPatterns.Loose.IsMatch(origin)", "https://contoso.com.evil.net"))
            .ValidateAsync();

    [Fact]
    public Task A_generated_regex_of_another_file_is_read()
        => Build<OriginSubstringMatchRule>("""
            using System.Text.RegularExpressions;

            public static partial class OriginPatterns
            {
                [GeneratedRegex(@"contoso\.com$")]
                public static partial Regex Partner();

                [GeneratedRegex(@"^https://app\.contoso\.com$")]
                public static partial Regex App();
            }
            """, """
            class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddCors(options =>
                    {
                        options.AddPolicy("partner", policy => policy.SetIsOriginAllowed(origin => [|OriginPatterns.Partner().IsMatch(origin)|]));
                        options.AddPolicy("app", policy => policy.SetIsOriginAllowed(origin => OriginPatterns.App().IsMatch(origin)));
                    });
            }
            """).AllowCompilerErrors() // the test compilation has no regex source generator to implement the partial methods
            .ShouldReportMessages(Weak("OriginPatterns.Partner().IsMatch(origin)", "https://evilcontoso.com"))
            .ValidateAsync();

    [Fact]
    public Task A_predicate_handing_its_origin_to_a_helper_of_a_third_file_is_followed()
        => Build<OriginSubstringMatchRule>("""
            public static class OriginRules
            {
                public static bool IsTrusted(string origin) => origin == "https://app.contoso.com" || HostRules.IsPartner(origin);
            }
            """, Policy("{|CORS003#a:OriginRules.IsTrusted|}"))
            .WithSource("""
                public static class HostRules
                {
                    public static bool IsPartner(string origin) => {|+a:origin.EndsWith("fabrikam.com")|};
                }
                """, "/0/HostRules.cs")
            .ShouldReportMessages(Weak("origin.EndsWith(\"fabrikam.com\")", "https://evilfabrikam.com"))
            .ValidateAsync();

    [Fact]
    public Task Predicates_that_call_each_other_end()
        => Build<OriginSubstringMatchRule>("""
            public static class OriginRules
            {
                public static bool IsTrusted(string origin) => origin == "https://app.contoso.com" || IsPartner(origin);

                public static bool IsPartner(string origin) => origin == "https://fabrikam.com" || IsTrusted(origin);
            }
            """, Policy("OriginRules.IsTrusted"))
            .ValidateAsync();

    /// <summary>The predicate's own file holds a use too: reported there at the match; the other file's use at its own place.</summary>
    [Fact]
    public Task A_predicate_used_in_its_own_file_and_in_another_is_reported_once_in_each()
        => Build<OriginSubstringMatchRule>("""
            public static class OriginRules
            {
                public static bool IsTrusted(string origin) => {|#0:origin.EndsWith("contoso.com")|};

                public static void Configure(IServiceCollection services)
                    => services.AddCors(options => options.AddPolicy("own", policy => policy.SetIsOriginAllowed(IsTrusted)));
            }
            """, Policy("{|#1:OriginRules.IsTrusted|}"))
            .ShouldReport(
                ProjectBuilder.Diagnostic("CORS003").WithLocation(0).WithMessage(Weak("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com")),
                ProjectBuilder.Diagnostic("CORS003").WithLocation(1).WithLocation(0).WithMessage(Weak("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com")))
            .ValidateAsync();

    [Fact]
    public Task An_abstract_validator_with_one_override_is_read_through_its_base()
        => Build<OriginSubstringMatchRule>("""
            public abstract class OriginPolicy
            {
                public abstract bool IsAllowed(string origin);
            }

            public sealed class PartnerOriginPolicy : OriginPolicy
            {
                public override bool IsAllowed(string origin) => {|+a:origin.EndsWith("fabrikam.com")|};
            }
            """, Echo("{|CORS003#a:_policy.IsAllowed(origin)|}", "private readonly OriginPolicy _policy;", "public CorsMiddleware(OriginPolicy policy) => _policy = policy;"))
            .ShouldReportMessages(Weak("origin.EndsWith(\"fabrikam.com\")", "https://evilfabrikam.com"))
            .ValidateAsync();

    [Fact]
    public Task An_abstract_validator_with_two_overrides_is_not_guessed()
        => Build<OriginSubstringMatchRule>("""
            public abstract class OriginPolicy
            {
                public abstract bool IsAllowed(string origin);
            }

            public sealed class PartnerOriginPolicy : OriginPolicy
            {
                public override bool IsAllowed(string origin) => origin.EndsWith("fabrikam.com");
            }

            public sealed class StrictOriginPolicy : OriginPolicy
            {
                public override bool IsAllowed(string origin) => origin == "https://app.contoso.com";
            }
            """, Echo("_policy.IsAllowed(origin)", "private readonly OriginPolicy _policy;", "public CorsMiddleware(OriginPolicy policy) => _policy = policy;"))
            .ValidateAsync();

    /// <summary>Half-typed code in either file: nothing thrown, nothing reported until it parses.</summary>
    [Theory]
    [InlineData("public static bool IsTrusted(string origin) => origin.EndsWith(\"contoso", "OriginRules.IsTrusted")]
    [InlineData("public static bool IsTrusted(string origin) => origin.EndsWith(", "OriginRules.IsTrusted")]
    [InlineData("public static bool IsTrusted(string origin) =>", "OriginRules.IsTrusted")]
    [InlineData("public static bool IsTrusted(string origin) => origin.EndsWith(\"contoso.com\");", "OriginRules.IsTrusted(")]
    [InlineData("public static bool IsTrusted(string origin) => origin.EndsWith(\"contoso.com\");", "OriginRules.")]
    [InlineData("public static bool IsTrusted(string origin, string other) => origin.EndsWith(\"contoso.com\");", "o => OriginRules.IsTrusted(o)")]
    public Task Half_typed_helpers_and_uses_are_not_judged(string member, string predicate)
        => Build<OriginSubstringMatchRule>("public static class OriginRules\n{\n    " + member + "\n}\n", Policy(predicate))
            .AllowCompilerErrors()
            .ValidateAsync();

    // ------------------------------------------------------------------ CORS001 and CORS003: one finding for an unanchored Regex.Match

    [Fact]
    public Task An_echo_behind_an_unanchored_Match_Success_is_CORS003_only()
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithAnalyzer<OriginReflectionRule>()
            .WithSource("using System.Text.RegularExpressions;\n" + Echo("{|CORS003:Regex.Match(origin, \"contoso\")|}.Success"))
            .ShouldReportMessages(Weak("Regex.Match(origin, \"contoso\")", "https://contoso.evil.net"))
            .ValidateAsync();

    [Fact]
    public Task An_echo_behind_an_anchored_Match_Success_is_silent()
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithAnalyzer<OriginReflectionRule>()
            .WithSource("using System.Text.RegularExpressions;\n" + Echo("Regex.Match(origin, @\"^https://app\\.contoso\\.com$\").Success"))
            .ValidateAsync();

    [Fact]
    public Task A_validator_of_another_file_returning_Match_Success_is_one_finding()
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithAnalyzer<OriginReflectionRule>()
            .WithSource("""
                using System.Text.RegularExpressions;

                public static class OriginValidator
                {
                    public static bool IsAllowed(string origin) => {|+a:Regex.Match(origin, "contoso")|}.Success;
                }
                """, Rules)
            .WithSource(Echo("{|CORS003#a:OriginValidator.IsAllowed(origin)|}"), Startup)
            .ShouldReportMessages(Weak("Regex.Match(origin, \"contoso\")", "https://contoso.evil.net"))
            .ValidateAsync();

    // ------------------------------------------------------------------ CORS002: always true

    private const string AlwaysTrueStartup = """
        class Startup
        {
            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options => options.AddPolicy("web", policy => policy
                    .{|CORS002#a:SetIsOriginAllowed(OriginRules.AllowAll)|}
                    .{|+a:AllowCredentials()|}));
        }
        """;

    /// <summary>Reported at the step (live in the editor), with the credentials and the predicate's name in its file as additional locations.</summary>
    [Fact]
    public Task An_always_true_method_group_of_another_file_with_credentials()
        => ProjectBuilder.Create().WithAnalyzer<AnyOriginWithCredentialsRule>()
            .WithSource(AlwaysTrueStartup, Startup)
            .WithSource("""
                public static class OriginRules
                {
                    public static bool {|+a:AllowAll|}(string origin) => true;
                }
                """, Rules)
            .ShouldReportMessages(AnyOrigin("SetIsOriginAllowed(OriginRules.AllowAll)", "AllowCredentials()"))
            .ValidateAsync();

    [Fact]
    public Task A_method_group_of_another_file_that_looks_the_origin_up_is_not_always_true()
        => ProjectBuilder.Create().WithAnalyzer<AnyOriginWithCredentialsRule>()
            .WithSource(AlwaysTrueStartup.Replace("{|CORS002#a:", "").Replace("{|+a:", "").Replace("|}", ""), Startup)
            .WithSource("""
                public static class OriginRules
                {
                    private static readonly HashSet<string> Allowed = new() { "https://app.contoso.com" };

                    public static bool AllowAll(string origin) => Allowed.Contains(origin);
                }
                """, Rules)
            .ValidateAsync();

    [Fact]
    public Task A_lambda_handing_the_origin_to_an_always_true_method_of_another_file()
        => ProjectBuilder.Create().WithAnalyzer<AnyOriginWithCredentialsRule>()
            .WithSource(AlwaysTrueStartup.Replace("SetIsOriginAllowed(OriginRules.AllowAll)", "SetIsOriginAllowed(o => OriginRules.AllowAll(o))"), Startup)
            .WithSource("""
                public static class OriginRules
                {
                    public static bool AllowAll(string origin) => true;
                }
                """, Rules)
            .ShouldReportMessages(AnyOrigin("SetIsOriginAllowed(o => OriginRules.AllowAll(o))", "AllowCredentials()"))
            .ValidateAsync();

    [Fact]
    public Task A_lambda_handing_the_origin_to_a_checking_method_of_another_file_is_not_always_true()
        => ProjectBuilder.Create().WithAnalyzer<AnyOriginWithCredentialsRule>()
            .WithSource(Clean(AlwaysTrueStartup.Replace("SetIsOriginAllowed(OriginRules.AllowAll)", "SetIsOriginAllowed(o => OriginRules.AllowAll(o))")), Startup)
            .WithSource("""
                public static class OriginRules
                {
                    public static bool AllowAll(string origin) => origin == "https://app.contoso.com";
                }
                """, Rules)
            .ValidateAsync();

    private static string Clean(string markup) => System.Text.RegularExpressions.Regex.Replace(markup, @"\{\|[^:|]*:|\|\}", "");

    // ------------------------------------------------------------------ CORS004: accepts "null"

    [Fact]
    public Task A_method_group_of_another_file_that_accepts_null()
        => Build<NullOriginRule>("""
            public static class OriginRules
            {
                private static readonly HashSet<string> Allowed = new() { "https://app.contoso.com" };

                public static bool IsTrusted(string origin) => origin == {|+a:"null"|} || Allowed.Contains(origin);
            }
            """, Policy("OriginRules.IsTrusted").Replace(".SetIsOriginAllowed(OriginRules.IsTrusted)", ".{|CORS004#a:SetIsOriginAllowed(OriginRules.IsTrusted)|}"))
            .ShouldReportMessages(NullOrigin("\"null\""))
            .ValidateAsync();

    [Fact]
    public Task A_method_group_of_another_file_that_rejects_null_is_silent()
        => Build<NullOriginRule>("""
            public static class OriginRules
            {
                private static readonly HashSet<string> Allowed = new() { "https://app.contoso.com" };

                public static bool IsTrusted(string origin) => origin != "null" && Allowed.Contains(origin);
            }
            """, Policy("OriginRules.IsTrusted"))
            .ValidateAsync();

    [Fact]
    public Task A_lambda_calling_a_predicate_of_another_file_that_accepts_null()
        => Build<NullOriginRule>("""
            public static class OriginRules
            {
                public static bool IsTrusted(string origin) => origin is "https://app.contoso.com" or {|+a:"null"|};

                public static bool IsExact(string origin) => origin is "https://app.contoso.com";
            }
            """, Policy("o => OriginRules.IsTrusted(o)").Replace(".SetIsOriginAllowed(o => OriginRules.IsTrusted(o))", ".{|CORS004#a:SetIsOriginAllowed(o => OriginRules.IsTrusted(o))|}")
                + Policy("o => OriginRules.IsExact(o)").Replace("class Startup", "class Startup2"))
            .ShouldReportMessages(NullOrigin("\"null\""))
            .ValidateAsync();

    [Fact]
    public Task A_validator_of_another_file_that_accepts_null_before_an_echo()
        => Build<NullOriginRule>("""
            public static class OriginValidator
            {
                public static bool IsAllowed(string origin) => origin is "https://app.contoso.com" or {|+a:"null"|};
            }
            """, Echo("OriginValidator.IsAllowed(origin)").Replace("AccessControlAllowOrigin = origin", "AccessControlAllowOrigin = {|CORS004#a:origin|}"))
            .ShouldReportMessages(NullOrigin("\"null\""))
            .ValidateAsync();

    [Fact]
    public Task A_validator_of_another_file_that_accepts_one_origin_is_silent()
        => Build<NullOriginRule>("""
            public static class OriginValidator
            {
                public static bool IsAllowed(string origin) => origin is "https://app.contoso.com";
            }
            """, Echo("OriginValidator.IsAllowed(origin)"))
            .ValidateAsync();

    // ------------------------------------------------------------------ fixes across files

    /// <summary>The CORS003 fixes rewrite the match, which is in the other file: not offered, one by one or in Fix All.</summary>
    [Fact]
    public Task No_CORS003_fix_is_offered_for_a_match_in_another_file()
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithCodeFixProvider<CorsAnalyzers.CodeFixes.Rules.OriginSubstringMatchFixer>()
            .WithSource(Policy("{|CORS003#a:OriginRules.IsTrusted|}"), Startup)
            .WithSource("""
                public static class OriginRules
                {
                    public static bool IsTrusted(string origin) => {|+a:origin.EndsWith("contoso.com")|};
                }
                """, Rules)
            .ShouldReportMessages(Weak("origin.EndsWith(\"contoso.com\")", "https://evilcontoso.com"))
            .ShouldNotOfferFix()
            .ValidateAsync();

    /// <summary>The CORS002 allowlist fix edits the step, in the file being analysed: offered, and the result compiles.</summary>
    [Fact]
    public Task The_CORS002_allowlist_fix_replaces_a_method_group_of_another_file()
        => ProjectBuilder.Create().WithAnalyzer<AnyOriginWithCredentialsRule>().WithCodeFixProvider<CorsAnalyzers.CodeFixes.Rules.AnyOriginWithCredentialsFixer>()
            .WithSource(AlwaysTrueStartup, Startup)
            .WithSource("""
                public static class OriginRules
                {
                    public static bool {|+a:AllowAll|}(string origin) => true;
                }
                """, Rules)
            .ShouldReportMessages(AnyOrigin("SetIsOriginAllowed(OriginRules.AllowAll)", "AllowCredentials()"))
            .WithCodeFixEquivalenceKey("CORS002.Allowlist")
            .ShouldFixCodeWith("""
                class Startup
                {
                    // List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.
                    private static readonly HashSet<string> AllowedCorsOriginsForWeb = new HashSet<string>(StringComparer.Ordinal);

                    public void ConfigureServices(IServiceCollection services)
                        => services.AddCors(options => options.AddPolicy("web", policy => policy
                            .SetIsOriginAllowed(AllowedCorsOriginsForWeb.Contains)
                            .AllowCredentials()));
                }
                """, Startup)
            .ShouldFixCodeWith("""
                public static class OriginRules
                {
                    public static bool AllowAll(string origin) => true;
                }
                """, Rules)
            .ValidateAsync();
}
