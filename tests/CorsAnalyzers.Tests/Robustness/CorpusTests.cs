using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>The inputs of the robustness tests are what they claim to be.</summary>
public sealed class CorpusTests
{
    [Fact]
    public async Task Every_seed_compiles_without_errors_so_fix_soundness_is_checked_on_it()
    {
        foreach (var (name, text) in SeedSources.All)
        {
            using var workspace = new AdhocWorkspace();
            var document = RobustnessChecker.CreateDocument(workspace, text, withGlobalUsings: false, withAspNetCore: true);
            var errors = (await document.Project.GetCompilationAsync())!
                .GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            Assert.True(errors.Count == 0, $"{name}:\n{string.Join("\n", errors)}");
        }
    }

    [Fact]
    public void Corpus_holds_the_seeds_and_the_sources_of_the_rule_tests_without_markup()
    {
        var corpus = RobustnessCorpus.All;

        Assert.Equal(SeedSources.All.Count(), corpus.Count(s => s.Name.StartsWith("seed:", StringComparison.Ordinal)));
        Assert.Equal(corpus.Length, corpus.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(corpus, s => s.Name.Contains("/Robustness/", StringComparison.Ordinal) || s.Name.Contains("/Harness/", StringComparison.Ordinal));
        Assert.DoesNotContain(corpus, s => s.Text.Contains("[|", StringComparison.Ordinal) || s.Text.Contains("{|CORS", StringComparison.Ordinal));
    }

    [Fact]
    public void Sources_embedded_in_a_test_file_are_found_and_their_markup_stripped()
    {
        const string testFile = """"
            public class SomeRuleTests
            {
                private const string Message = """not a source""";

                public void Test()
                {
                    var source = """
                        using Microsoft.AspNetCore.Builder;
                        class C { void M(WebApplication app) => app.UseCors(p => [|p.AllowAnyOrigin()|].{|CORS002:AllowCredentials()|}); }
                        """;
                    var interpolated = $"""class {source}""";
                }
            }
            """";

        var source = Assert.Single(RobustnessCorpus.EmbeddedSources(testFile));

        Assert.Equal(
            "using Microsoft.AspNetCore.Builder;\nclass C { void M(WebApplication app) => app.UseCors(p => p.AllowAnyOrigin().AllowCredentials()); }",
            source.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Variants_are_the_same_on_every_run_and_spread_over_the_corpus()
    {
        var corpus = SeedSources.All.Select(s => new CorpusSource(s.Name, s.Text)).ToList();

        var first = MutationRunner.Variants(corpus, 100, runSeed: 3).ToList();
        var second = MutationRunner.Variants(corpus, 100, runSeed: 3).ToList();
        var otherSeed = MutationRunner.Variants(corpus, 100, runSeed: 4).ToList();

        Assert.Equal(100, first.Count);
        Assert.Equal(first.Select(v => v.Text), second.Select(v => v.Text));
        Assert.NotEqual(first.Select(v => v.Text), otherSeed.Select(v => v.Text));
        Assert.All(corpus, s => Assert.InRange(first.Count(v => v.Source == s), 100 / corpus.Count, (100 / corpus.Count) + 1));
        Assert.All(first.Where(v => v.Seed != 0), v => Assert.NotEqual(v.Source.Text, v.Text));
        Assert.Contains(first, v => !v.WithAspNetCore);
    }
}
