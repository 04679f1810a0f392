using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>A mutated source: the same (text, seed) always gives the same variant.</summary>
public sealed record MutationVariant(CorpusSource Source, int Seed, string Text, string Description, bool WithAspNetCore)
{
    /// <summary>How to rebuild this variant in a regression test.</summary>
    public string Reproduction => Seed == 0
        ? $"the unmutated corpus source '{Source.Name}'{(WithAspNetCore ? "" : " compiled without ASP.NET Core references")}"
        : $"Mutator.Mutate(RobustnessCorpus.All.Single(s => s.Name == \"{Source.Name}\").Text, seed: {Seed}) [{Description}]{(WithAspNetCore ? "" : ", compiled without ASP.NET Core references")}";
}

/// <summary>
/// Deterministic mutations of C# sources that imitate half-typed code: cuts, deleted tokens and lines,
/// duplicated lines, swapped tokens and string literals replaced by hostile values.
/// </summary>
public static class Mutator
{
    /// <summary>The C# text of the string-like values a literal is replaced with.</summary>
    public static IReadOnlyList<string> HostileLiterals { get; } =
    [
        "\"*\"",
        "\"null\"",
        "\"\"",
        "\"https://" + new string('a', 10_000) + ".example\"",
        "\"https://ünïcödé.example\"",
        "\"a\\\"b\\nc\\r\\n\\\"\\\\\"",
        "@\"he said \"\"hi\"\"\r\nbye\"",
        "\"\"\"\n    raw \" text\n    \"\"\"",
        "$\"https://{1}.example\"",
        "\"https://contoso.com/\"",
        "\"HTTPS://CONTOSO.COM:443\"",
        "\" https://a.example, https://b.example \"",
        "\"\\0\\uFFFF\\uD800\"",
        "null",
        "default",
        "(string)null!",
    ];

    /// <summary>The variant of <paramref name="text"/> for <paramref name="seed"/>, and a short description of what was done.</summary>
    public static (string Text, string Description) Mutate(string text, int seed)
    {
        var random = new Random(seed);
        var steps = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        var descriptions = new List<string>();
        for (var i = 0; i < steps && text.Length > 0; i++)
        {
            (text, var what) = MutateOnce(text, random);
            descriptions.Add(what);
        }

        return (text, string.Join("; ", descriptions));
    }

    /// <summary>A stable (process-independent) hash, so that seeds derived from names survive runs.</summary>
    public static int StableHash(string value)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in value)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    private static (string, string) MutateOnce(string text, Random random)
    {
        switch (random.Next(12))
        {
            case 0:
            case 1:
            {
                var at = random.Next(text.Length);
                return (text[..at], $"cut at {at}");
            }

            case 2:
            case 3:
            {
                var tokens = Tokens(text);
                if (tokens.Count == 0)
                {
                    goto case 0;
                }

                var first = random.Next(tokens.Count);
                var count = Math.Min(random.Next(1, 4), tokens.Count - first);
                var span = TextSpan.FromBounds(tokens[first].Span.Start, tokens[first + count - 1].Span.End);
                return (Replace(text, span, string.Empty), $"delete {count} token(s) '{Short(text.Substring(span.Start, span.Length))}' at {span.Start}");
            }

            case 4:
            case 5:
            {
                var lines = SplitLines(text);
                var first = random.Next(lines.Count);
                var count = Math.Min(random.Next(1, 4), lines.Count - first);
                lines.RemoveRange(first, count);
                return (string.Concat(lines), $"delete {count} line(s) from line {first + 1}");
            }

            case 6:
            {
                var lines = SplitLines(text);
                var first = random.Next(lines.Count);
                var count = Math.Min(random.Next(1, 4), lines.Count - first);
                var copy = lines.GetRange(first, count);
                if (!copy[^1].EndsWith('\n'))
                {
                    copy[^1] += "\n";
                }

                lines.InsertRange(first, copy);
                return (string.Concat(lines), $"duplicate {count} line(s) from line {first + 1}");
            }

            case 7:
            {
                var tokens = Tokens(text);
                if (tokens.Count < 2)
                {
                    goto case 0;
                }

                var target = tokens[random.Next(tokens.Count)];
                var donor = tokens[random.Next(tokens.Count)];
                return (Replace(text, target.Span, donor.Text), $"replace token '{Short(target.Text)}' at {target.SpanStart} by '{Short(donor.Text)}'");
            }

            default:
            {
                var literals = Tokens(text).Where(IsStringLike).ToList();
                if (literals.Count == 0)
                {
                    goto case 7;
                }

                var target = literals[random.Next(literals.Count)];
                var value = HostileLiterals[random.Next(HostileLiterals.Count)];
                return (Replace(text, target.Span, value), $"replace literal '{Short(target.Text)}' at {target.SpanStart} by '{Short(value)}'");
            }
        }
    }

    private static bool IsStringLike(SyntaxToken token)
        => token.IsKind(SyntaxKind.StringLiteralToken)
        || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
        || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
        || token.IsKind(SyntaxKind.CharacterLiteralToken);

    private static List<SyntaxToken> Tokens(string text)
        => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot()
            .DescendantTokens().Where(t => t.Span.Length > 0).ToList();

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static string Replace(string text, TextSpan span, string replacement)
        => new StringBuilder(text.Length + replacement.Length).Append(text, 0, span.Start).Append(replacement).Append(text, span.End, text.Length - span.End).ToString();

    private static string Short(string value)
    {
        var flat = value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return flat.Length <= 40 ? flat : flat[..37] + "...";
    }
}
