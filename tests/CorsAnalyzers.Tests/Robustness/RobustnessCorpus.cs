using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>One C# source the robustness tests start from, named so that a failure points back to it.</summary>
public sealed record CorpusSource(string Name, string Text);

/// <summary>
/// The C# sources the robustness tests mutate: every source embedded as a raw string literal in the rule tests
/// (markup stripped), every .cs file of the sample projects under tests/samples, and the built-in seeds.
/// </summary>
public static partial class RobustnessCorpus
{
    private static readonly Lazy<ImmutableArray<CorpusSource>> s_all = new(Load);

    /// <summary>The whole corpus, ordered by name, loaded once per test run.</summary>
    public static ImmutableArray<CorpusSource> All => s_all.Value;

    /// <summary>The folder that holds CorsAnalyzers.sln.</summary>
    public static string RepositoryRoot => RepositoryPaths.Root;

    /// <summary>
    /// Removes the test markup <c>[|code|]</c>, <c>{|CORS002:code|}</c>, keyed <c>{|CORS002#k:code|}</c> and <c>{|+k:code|}</c>, keeping the code inside.
    /// </summary>
    public static string StripMarkup(string text)
    {
        text = NamedSpanStart().Replace(text, string.Empty);
        return text.Replace("[|", string.Empty, StringComparison.Ordinal)
            .Replace("|]", string.Empty, StringComparison.Ordinal)
            .Replace("|}", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Whether a raw string literal's contents look like a C# source rather than a message or a file of another kind.</summary>
    public static bool LooksLikeCSharp(string text)
        => text.Contains("class ", StringComparison.Ordinal)
        || text.Contains("using ", StringComparison.Ordinal)
        || text.Contains("app.", StringComparison.Ordinal)
        || text.Contains("builder.", StringComparison.Ordinal);

    /// <summary>The contents of the non-interpolated raw string literals of a C# file that look like C# sources, markup stripped.</summary>
    public static IEnumerable<string> EmbeddedSources(string testFileText)
    {
        var root = CSharpSyntaxTree.ParseText(testFileText, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
            {
                var value = token.ValueText;
                if (LooksLikeCSharp(value))
                {
                    yield return StripMarkup(value);
                }
            }
        }
    }

    private static ImmutableArray<CorpusSource> Load()
    {
        var root = RepositoryRoot;
        var sources = new List<CorpusSource>();

        var testsDir = Path.Combine(root, "tests", "CorsAnalyzers.Tests");
        foreach (var file in EnumerateCSharpFiles(testsDir, "Robustness", "Harness"))
        {
            var index = 0;
            foreach (var embedded in EmbeddedSources(File.ReadAllText(file)))
            {
                sources.Add(new CorpusSource($"{Relative(root, file)}#{index++}", embedded));
            }
        }

        var samplesDir = Path.Combine(root, "tests", "samples");
        if (Directory.Exists(samplesDir))
        {
            foreach (var file in EnumerateCSharpFiles(samplesDir))
            {
                sources.Add(new CorpusSource(Relative(root, file), File.ReadAllText(file)));
            }
        }

        foreach (var (name, text) in SeedSources.All)
        {
            sources.Add(new CorpusSource("seed:" + name, text));
        }

        return sources.OrderBy(s => s.Name, StringComparer.Ordinal).ToImmutableArray();
    }

    private static IEnumerable<string> EnumerateCSharpFiles(string dir, params string[] excludedTopFolders)
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
            {
                var parts = Path.GetRelativePath(dir, f).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                return !parts.Any(p => p is "bin" or "obj") && !(parts.Length > 1 && excludedTopFolders.Contains(parts[0]));
            })
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    [GeneratedRegex(@"\{\|[A-Za-z0-9_+#]+:")]
    private static partial Regex NamedSpanStart();
}
