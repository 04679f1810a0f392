using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>One marked span of a test source.</summary>
/// <param name="Id">The diagnostic id (<c>null</c> for <c>[|...|]</c>: the rule under test).</param>
/// <param name="Key">A key that ties additional locations (<c>{|+key:...|}</c>) to their diagnostic (<c>{|ID#key:...|}</c>).</param>
/// <param name="IsAdditionalLocation">True for <c>{|+key:...|}</c>.</param>
public sealed record MarkedSpan(string? Id, string? Key, bool IsAdditionalLocation, TextSpan Span);

/// <summary>
/// Test-source markup:
/// <c>[|code|]</c> a diagnostic of the rule under test;
/// <c>{|CORS002:code|}</c> a diagnostic of the named rule;
/// <c>{|CORS002#k:code|}</c> the same, with a key <c>k</c>;
/// <c>{|+k:code|}</c> an additional location of the diagnostic keyed <c>k</c>, in order.
/// Spans may nest.
/// </summary>
public static class Markup
{
    public static (string Text, IReadOnlyList<MarkedSpan> Spans) Parse(string markup)
    {
        var text = new System.Text.StringBuilder(markup.Length);
        var spans = new List<MarkedSpan>();
        var open = new Stack<(char Kind, string? Label, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            var c = markup[i];
            var next = i + 1 < markup.Length ? markup[i + 1] : '\0';
            if (c == '[' && next == '|')
            {
                open.Push(('[', null, text.Length));
                i++;
            }
            else if (c == '{' && next == '|')
            {
                var colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException($"Markup '{{|' at offset {i} has no ':' after its label.");
                }

                open.Push(('{', markup.Substring(i + 2, colon - i - 2), text.Length));
                i = colon;
            }
            else if (c == '|' && (next == ']' || next == '}') && open.Count > 0 && open.Peek().Kind == (next == ']' ? '[' : '{'))
            {
                var (_, label, start) = open.Pop();
                spans.Add(ToSpan(label, TextSpan.FromBounds(start, text.Length)));
                i++;
            }
            else
            {
                text.Append(c);
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"Markup has {open.Count} unclosed span(s).");
        }

        spans.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.Length.CompareTo(b.Span.Length));
        return (text.ToString(), spans);
    }

    private static MarkedSpan ToSpan(string? label, TextSpan span)
    {
        if (label is null)
        {
            return new MarkedSpan(null, null, false, span);
        }

        if (label.StartsWith('+'))
        {
            return new MarkedSpan(null, label[1..], true, span);
        }

        var hash = label.IndexOf('#');
        return hash < 0
            ? new MarkedSpan(label, null, false, span)
            : new MarkedSpan(label[..hash], label[(hash + 1)..], false, span);
    }
}
