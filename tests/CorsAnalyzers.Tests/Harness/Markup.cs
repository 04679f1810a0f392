using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>A diagnostic the markup expects: its id (<c>null</c>: the rule under test), the library location marker
/// its span became, and the markers of its additional locations.</summary>
public sealed record MarkedDiagnostic(string? Id, string Path, TextSpan Span, int Marker, List<int> AdditionalMarkers)
{
    /// <summary>The key <c>k</c> of <c>{|CORS002#k:...|}</c> that ties additional locations to this diagnostic.</summary>
    public string? Key { get; init; }
}

/// <summary>
/// Our markup in the library's terms. The library reads <c>[|code|]</c>, <c>{|CORS002:code|}</c> and <c>{|#0:code|}</c>
/// itself but gives markup diagnostics no message and no additional locations; so each of ours becomes a numbered
/// location marker <c>{|#n:code|}</c> that an explicit DiagnosticResult (with its message) points to. Keyed
/// <c>{|CORS002#k:code|}</c> with <c>{|+k:other|}</c> (an additional location, in order) become one result with two
/// locations. The test's own <c>{|#0:...|}</c> markers are left for <see cref="ProjectBuilder.ShouldReport"/>.
/// </summary>
public static class Markup
{
    /// <summary>Numbers of the markers we make start here, clear of a test's own <c>{|#0:|}</c>.</summary>
    public const int FirstMarker = 1000;

    public static (string LibraryMarkup, string Text, List<MarkedDiagnostic> Diagnostics, List<(string Key, int Marker)> Additional) Rewrite(string path, string markup, ref int nextMarker)
    {
        var library = new StringBuilder(markup.Length);
        var text = new StringBuilder(markup.Length);
        var diagnostics = new List<MarkedDiagnostic>();
        var additional = new List<(string Key, int Marker)>();
        var open = new Stack<(char Kind, string? Label, int Start, int Marker)>();
        for (var i = 0; i < markup.Length; i++)
        {
            var (c, next) = (markup[i], i + 1 < markup.Length ? markup[i + 1] : '\0');
            if ((c == '[' || c == '{') && next == '|')
            {
                var colon = c == '{' ? markup.IndexOf(':', i + 2) : i + 1;
                var label = c == '{' ? markup[(i + 2)..(colon < 0 ? throw new FormatException($"Markup '{{|' at offset {i} has no ':' after its label.") : colon)] : null;
                var own = label is not null && label.StartsWith('#');
                var marker = own ? -1 : nextMarker++;
                library.Append(own ? $"{{|{label}:" : $"{{|#{marker}:");
                open.Push((c, label, text.Length, marker));
                i = colon;
            }
            else if (c == '|' && (next == ']' || next == '}') && open.Count > 0 && open.Peek().Kind == (next == ']' ? '[' : '{'))
            {
                var (_, label, start, marker) = open.Pop();
                library.Append("|}");
                i++;
                if (marker < 0)
                {
                    continue;
                }

                if (label is not null && label.StartsWith('+'))
                {
                    additional.Add((label[1..], marker));
                    continue;
                }

                var hash = label?.IndexOf('#') ?? -1;
                diagnostics.Add(new MarkedDiagnostic(hash < 0 ? label : label![..hash], path, TextSpan.FromBounds(start, text.Length), marker, new()) { Key = hash < 0 ? null : label![(hash + 1)..] });
            }
            else
            {
                library.Append(c);
                text.Append(c);
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"Markup has {open.Count} unclosed span(s).");
        }

        return (library.ToString(), text.ToString(), diagnostics, additional);
    }
}
