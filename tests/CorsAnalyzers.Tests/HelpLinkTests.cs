using System.Xml.Linq;
using CorsAnalyzers.Tests.EndToEnd;
using CorsAnalyzers.Tests.Harness;
using CorsAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.Tests;

/// <summary>
/// The help links of the rules come from one place, the RepositoryUrl property of Directory.Build.props: the analyzer
/// project turns it into a constant at build time, so a fork (its own RepositoryUrl) or a release (its own tag, with
/// RulesDocsRef) links to its own rules-docs pages.
/// </summary>
public sealed class HelpLinkTests
{
    private static readonly string AnalyzerProjectFile = Path.Combine(RepositoryPaths.AnalyzerProject, "CorsAnalyzers.csproj");

    /// <summary>The RepositoryUrl property as Directory.Build.props at the repository root sets it.</summary>
    internal static string RepositoryUrl
    {
        get
        {
            var properties = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")).Descendants().Where(e => e.Name.LocalName == "RepositoryUrl").ToList();
            Assert.True(properties.Count == 1, $"Directory.Build.props should set RepositoryUrl once; it sets it {properties.Count} time(s).");
            return properties[0].Value.Trim();
        }
    }

    /// <summary>The page of a rule in the repository's default branch, as a built package links to it.</summary>
    internal static string ExpectedHelpLink(string id) => $"{RepositoryUrl.TrimEnd('/')}/blob/main/rules-docs/{id}.md";

    [Fact]
    public void Every_help_link_is_the_rules_docs_page_under_the_RepositoryUrl_of_Directory_Build_props()
    {
        var descriptors = AnalyzerCatalog.CreateAnalyzers().SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).Select(g => g.First()).ToList();
        Assert.NotEmpty(descriptors);
        foreach (var descriptor in descriptors)
        {
            Assert.Equal(ExpectedHelpLink(descriptor.Id), descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.RulesDocs, descriptor.Id + ".md")), $"{descriptor.HelpLinkUri} names a page that rules-docs/ does not have.");
        }
    }

    [Fact]
    public void No_source_file_writes_the_repository_address_itself()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"));
        var offenders = sources.Where(f => File.ReadAllText(f).Contains(RepositoryUrl, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(offenders.Count == 0, "The repository address belongs in Directory.Build.props only, not in: " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("https://github.com/someone/CorsAnalyzers", null, "https://github.com/someone/CorsAnalyzers/blob/main/rules-docs/")]
    [InlineData("https://github.com/someone/CorsAnalyzers.git", null, "https://github.com/someone/CorsAnalyzers/blob/main/rules-docs/")]
    [InlineData("https://github.com/someone/CorsAnalyzers/", "v0.2.0", "https://github.com/someone/CorsAnalyzers/blob/v0.2.0/rules-docs/")]
    public async Task A_fork_or_a_release_gets_help_links_to_its_own_pages(string repositoryUrl, string? rulesDocsRef, string expected)
    {
        var work = Directory.CreateTempSubdirectory("corsanalyzers-helplink-").FullName;
        try
        {
            var generated = Path.Combine(work, "RepositoryInfo.g.cs");
            var run = await GenerateAsync(work, repositoryUrl, rulesDocsRef, generated);
            Assert.True(run.ExitCode == 0, run.Describe());

            var constant = CSharpSyntaxTree.ParseText(File.ReadAllText(generated)).GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Single(v => v.Identifier.ValueText == "RulesDocsUrl");
            var value = Assert.IsType<LiteralExpressionSyntax>(constant.Initializer!.Value);
            Assert.Equal(expected, value.Token.ValueText);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Theory]
    [InlineData("git@github.com:someone/CorsAnalyzers.git")]
    [InlineData("")]
    [InlineData("https://github.com/some one/\"CorsAnalyzers\"")]
    public async Task A_repository_url_that_cannot_make_help_links_fails_the_build(string repositoryUrl)
    {
        var work = Directory.CreateTempSubdirectory("corsanalyzers-helplink-").FullName;
        try
        {
            var generated = Path.Combine(work, "RepositoryInfo.g.cs");
            var run = await GenerateAsync(work, repositoryUrl, null, generated);
            Assert.True(run.ExitCode != 0, run.Describe());
            Assert.Contains("RepositoryUrl must be an https address", run.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(generated), "No constant should be written for an address that cannot make help links.");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs only the target that writes the constant, into a file of the test's own (no compile, no shared obj/ file touched).</summary>
    private static Task<DotNetRun> GenerateAsync(string work, string repositoryUrl, string? rulesDocsRef, string generated)
    {
        var arguments = new List<string>
        {
            "msbuild", AnalyzerProjectFile, "-nologo", "-v:minimal", "-tl:off", "--disable-build-servers",
            "-t:GenerateRulesDocsConstant",
            "-p:RepositoryUrl=" + repositoryUrl.Replace("\"", "%22", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal),
            "-p:RulesDocsConstantFile=" + generated,
        };
        if (rulesDocsRef is not null)
        {
            arguments.Add("-p:RulesDocsRef=" + rulesDocsRef);
        }

        return DotNetCli.RunAsync(work, arguments);
    }
}
