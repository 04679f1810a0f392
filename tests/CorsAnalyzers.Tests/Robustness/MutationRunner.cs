using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>The totals of a mutation run and the failures it found, grouped so that one bug is shown once.</summary>
public sealed record MutationRunResult(int Variants, int Diagnostics, int FixesApplied, int CleanVariants, TimeSpan Elapsed, IReadOnlyList<RobustnessFailure> Failures)
{
    public string Summary => $"{Variants} variants in {Elapsed.TotalSeconds:0.0} s: {Diagnostics} diagnostics of ours, {FixesApplied} fixes applied, {CleanVariants} fixed variants compiled without errors (fix soundness checked), {Failures.Count} failures";

    /// <summary>One example per distinct failure (on an unmutated source if any, else the shortest input), most frequent first.</summary>
    public string Report(int maxGroups = 10)
    {
        var report = new StringBuilder().AppendLine(Summary);
        var groups = Failures.GroupBy(f => f.GroupKey).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var group in groups.Take(maxGroups))
        {
            report.AppendLine().AppendLine($"=== seen on {group.Count()} input(s) ===");
            report.Append(group.OrderBy(f => f.Variant.Seed == 0 ? 0 : 1).ThenBy(f => f.Variant.Text.Length).ThenBy(f => f.Variant.Seed).First());
        }

        if (groups.Count > maxGroups)
        {
            report.AppendLine($"... and {groups.Count - maxGroups} more distinct failures");
        }

        return report.ToString();
    }
}

/// <summary>Makes the deterministic variants of a corpus and checks them in parallel.</summary>
public static class MutationRunner
{
    /// <summary>The seed of the run: CORS_MUTATION_SEED, else a fixed value so that CI always checks the same variants.</summary>
    public static int RunSeed => int.TryParse(Environment.GetEnvironmentVariable("CORS_MUTATION_SEED"), out var seed) ? seed : 20_260_611;

    /// <summary>How many variants to check: CORS_MUTATION_VARIANTS, else 2,000 (CI).</summary>
    public static int VariantCount => int.TryParse(Environment.GetEnvironmentVariable("CORS_MUTATION_VARIANTS"), out var count) && count > 0 ? count : 2_000;

    /// <summary>
    /// Every corpus source unmutated, then mutated variants spread evenly over the sources until
    /// <paramref name="total"/> is reached. Every eighth mutated variant is compiled without the ASP.NET Core references.
    /// </summary>
    public static IEnumerable<MutationVariant> Variants(IReadOnlyList<CorpusSource> corpus, int total, int runSeed)
    {
        foreach (var source in corpus)
        {
            yield return new MutationVariant(source, 0, source.Text, "unmutated", WithAspNetCore: true);
        }

        var produced = corpus.Count;
        for (var round = 1; produced < total && corpus.Count > 0; round++)
        {
            foreach (var source in corpus)
            {
                if (produced >= total)
                {
                    yield break;
                }

                var seed = Mutator.StableHash($"{runSeed}:{source.Name}:{round}");
                seed = seed == 0 ? 1 : seed;
                var (text, description) = Mutator.Mutate(source.Text, seed);
                yield return new MutationVariant(source, seed, text, description, WithAspNetCore: round % 8 != 0);
                produced++;
            }
        }
    }

    public static async Task<MutationRunResult> RunAsync(RobustnessChecker checker, IEnumerable<MutationVariant> variants, int? parallelism = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var failures = new ConcurrentBag<RobustnessFailure>();
        int count = 0, diagnostics = 0, fixes = 0, clean = 0;
        await Parallel.ForEachAsync(
            variants,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount },
            async (variant, _) =>
            {
                var outcome = await checker.CheckAsync(variant).ConfigureAwait(false);
                Interlocked.Increment(ref count);
                Interlocked.Add(ref diagnostics, outcome.Diagnostics);
                Interlocked.Add(ref fixes, outcome.FixesApplied);
                if (outcome.CompiledCleanly == true)
                {
                    Interlocked.Increment(ref clean);
                }

                foreach (var failure in outcome.Failures)
                {
                    failures.Add(failure);
                }
            }).ConfigureAwait(false);

        return new MutationRunResult(count, diagnostics, fixes, clean, stopwatch.Elapsed, failures.ToImmutableArray());
    }
}
