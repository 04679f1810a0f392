using System.Text;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>Says where two texts part, for the dotnet format test's failure message.</summary>
public static class TextDiff
{
    public static string Describe(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first])
        {
            first++;
        }

        var builder = new StringBuilder();
        builder.AppendLine($"First difference at line {first + 1}:");
        builder.AppendLine($"  expected: {(first < e.Length ? Visible(e[first]) : "(end of text)")}");
        builder.AppendLine($"  actual:   {(first < a.Length ? Visible(a[first]) : "(end of text)")}");
        builder.AppendLine("Actual text:");
        for (var i = 0; i < a.Length; i++)
        {
            builder.Append(i == first ? ">" : " ").Append($"{i + 1,4} | ").AppendLine(a[i]);
        }

        return builder.ToString();
    }

    private static string Visible(string line) => "\"" + line.Replace("\t", "\\t", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "\"";
}
