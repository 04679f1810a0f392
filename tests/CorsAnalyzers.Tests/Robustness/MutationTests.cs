using Xunit.Abstractions;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>
/// Half-typed and hostile variants of every known source: no analyzer may throw, no fix may throw or leave code
/// that does not parse, and no fix may add compiler errors to code that compiled.
/// CORS_MUTATION_VARIANTS=50000 (and CORS_MUTATION_SEED=n) for a longer local run.
/// </summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Analyzers_and_fixers_survive_mutated_sources()
    {
        var analyzers = AnalyzerCatalog.CreateAnalyzers();
        var fixers = AnalyzerCatalog.CreateFixers();
        output.WriteLine($"analyzers: {string.Join(", ", AnalyzerCatalog.AnalyzerTypes.Select(t => t.Name))}");
        output.WriteLine($"fixers: {string.Join(", ", AnalyzerCatalog.FixerTypes.Select(t => t.Name))}");
        output.WriteLine($"corpus: {RobustnessCorpus.All.Length} sources, run seed {MutationRunner.RunSeed}");
        if (analyzers.IsEmpty)
        {
            // Nothing to run yet: the checker itself is exercised by CheckerSelfTests with analyzers of its own.
            output.WriteLine("no analyzer in the CorsAnalyzers assembly yet");
            return;
        }

        var checker = new RobustnessChecker(analyzers, fixers);
        var variants = MutationRunner.Variants(RobustnessCorpus.All, MutationRunner.VariantCount, MutationRunner.RunSeed);
        var result = await MutationRunner.RunAsync(checker, variants);
        output.WriteLine(result.Summary);

        Assert.True(result.Failures.Count == 0, result.Report());
        Assert.Equal(Math.Max(MutationRunner.VariantCount, RobustnessCorpus.All.Length), result.Variants);
    }
}
