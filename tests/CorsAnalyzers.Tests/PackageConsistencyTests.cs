using System.Reflection;
using System.Text.RegularExpressions;
using CorsAnalyzers.Tests.Harness;
using CorsAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CorsAnalyzers.Tests;

/// <summary>Meta-tests: the package's promises about its descriptors, pages, release tracking, README and fixers.</summary>
public sealed class PackageConsistencyTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> s_descriptors = AnalyzerCatalog.CreateAnalyzers()
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    private static readonly IReadOnlyList<CodeFixProvider> s_fixers = AnalyzerCatalog.CreateFixers();

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in s_descriptors)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void Every_rule_of_the_package_has_an_analyzer()
    {
        var expected = typeof(CorsAnalyzers.RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expected, s_descriptors.Select(d => d.Id));
    }

    /// <summary>The rules whose finding is a suggestion (Info), not a hole: a preflight cache browsers cut (CORS011).</summary>
    private static readonly string[] s_suggestions = { CorsAnalyzers.RuleIds.LongPreflightCache };

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_is_a_security_warning_with_a_help_link_to_its_page(string id)
    {
        var descriptor = s_descriptors.Single(d => d.Id == id);
        Assert.Equal("Security", descriptor.Category);
        Assert.Equal(s_suggestions.Contains(id) ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(HelpLinkTests.ExpectedHelpLink(id), descriptor.HelpLinkUri);

        var page = Path.Combine(RepositoryPaths.RulesDocs, id + ".md");
        Assert.True(File.Exists(page), $"rules-docs/{id}.md is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Cause", "## Why it matters", "## Noncompliant code", "## Compliant code", "## How to fix", "## Configuration", "## How to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_page_in_rules_docs_belongs_to_a_rule()
    {
        var pages = Directory.GetFiles(RepositoryPaths.RulesDocs, "*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(s_descriptors.Select(d => d.Id), pages);
    }

    [Fact]
    public void Every_rule_is_tracked_in_the_release_files()
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryPaths.AnalyzerProject, "AnalyzerReleases.Shipped.md"));
        var unshipped = File.ReadAllText(Path.Combine(RepositoryPaths.AnalyzerProject, "AnalyzerReleases.Unshipped.md"));
        var rows = Regex.Matches(shipped + "\n" + unshipped, @"^(CORS\d{3})\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (Category: m.Groups[2].Value, Severity: m.Groups[3].Value));
        Assert.Equal(s_descriptors.Select(d => d.Id), rows.Keys.OrderBy(x => x, StringComparer.Ordinal));
        foreach (var descriptor in s_descriptors)
        {
            Assert.Equal((descriptor.Category, descriptor.DefaultSeverity.ToString()), rows[descriptor.Id]);
        }
    }

    [Fact]
    public void Readme_rules_table_lists_exactly_the_descriptors()
    {
        var readme = File.ReadAllText(RepositoryPaths.Readme);
        var rows = Regex.Matches(readme, @"^\|\s*\[(CORS\d{3})\]\(rules-docs/(CORS\d{3})\.md\)\s*\|\s*([^|]+?)\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|", RegexOptions.Multiline)
            .Select(m => (Id: m.Groups[1].Value, Link: m.Groups[2].Value, Title: m.Groups[3].Value, Severity: m.Groups[4].Value, Fix: m.Groups[5].Value))
            .ToList();
        var expected = s_descriptors.Select(d => (d.Id, d.Id, d.Title.ToString(), d.DefaultSeverity.ToString(), HasFix(d.Id) ? "Yes" : "No")).ToList();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Every_fixer_is_exported_shared_supports_fix_all_and_fixes_only_our_rules()
    {
        Assert.NotEmpty(s_fixers);
        var ids = s_descriptors.Select(d => d.Id).ToHashSet();
        foreach (var fixer in s_fixers)
        {
            var type = fixer.GetType();
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(type.Name, export!.Name);
            Assert.Contains(LanguageNames.CSharp, export.Languages);
            Assert.NotNull(type.GetCustomAttribute<System.Composition.SharedAttribute>());
            Assert.True(type.IsSealed, $"{type.Name} should be sealed");
            Assert.NotNull(fixer.GetFixAllProvider());
            Assert.NotEmpty(fixer.FixableDiagnosticIds);
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, ids));
        }
    }

    /// <summary>One fixer base: Fix All and dotnet format's missing equivalence key are handled in one place for every fixer.</summary>
    [Fact]
    public void Every_fixer_derives_from_the_one_fixer_base()
        => Assert.All(s_fixers, fixer => Assert.IsAssignableFrom<CorsCodeFixProvider>(fixer));

    private static bool HasFix(string id) => s_fixers.Any(f => f.FixableDiagnosticIds.Contains(id));

    /// <summary>
    /// A compilation with none of the HTTP or CORS types (only System.Runtime) pays nothing: no rule registers any action
    /// beyond its compilation-start check.
    /// </summary>
    [Fact]
    public async Task No_rule_registers_actions_without_any_http_or_cors_types()
    {
        var systemRuntime = ReferenceAssemblies.NetCore.Where(r => Path.GetFileName(r.Display) == "System.Runtime.dll").ToList();
        Assert.Single(systemRuntime);
        foreach (var analyzer in AnalyzerCatalog.CreateAnalyzers().AddRange(new CorsAnalyzer().Rules.Select(r => new CorsAnalyzer(r))))
        {
            var run = await AnalyzerRun.RunAsync(analyzer, "class C { string M(string s) => s.EndsWith(\"x\") ? \"null\" : \"*\"; }", systemRuntime);
            var t = run.Telemetry;
            Assert.Empty(run.Exceptions);
            Assert.Equal(1, t.CompilationStartActionsCount);
            var registered = t.OperationActionsCount + t.OperationBlockStartActionsCount + t.OperationBlockActionsCount + t.OperationBlockEndActionsCount
                + t.SyntaxNodeActionsCount + t.SymbolActionsCount + t.SymbolStartActionsCount + t.SemanticModelActionsCount + t.SyntaxTreeActionsCount
                + t.CodeBlockStartActionsCount + t.CodeBlockActionsCount + t.CompilationEndActionsCount;
            Assert.True(registered == 0, $"{string.Join("+", analyzer.SupportedDiagnostics.Select(d => d.Id))} registered {registered} action(s) in a compilation without HTTP or CORS types");
        }
    }
}
