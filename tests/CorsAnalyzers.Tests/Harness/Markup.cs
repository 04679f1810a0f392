using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>A diagnostic the markup expects: its id (<c>null</c>: the rule under test), the location marker its span became,
/// those of its additional locations, and the key <c>k</c> of <c>{|CORS002#k:...|}</c> that ties them.</summary>
public sealed record MarkedDiagnostic(string? Id, string Path, TextSpan Span, int Marker, List<int> AdditionalMarkers, string? Key);

/// <summary>
/// Our markup in the library's terms. The library reads <c>[|code|]</c>, <c>{|CORS002:code|}</c> and <c>{|#0:code|}</c> but
/// gives a marked diagnostic no message and no additional location; so each of ours becomes a location marker <c>{|#n:code|}</c>
/// for an expected result with its message, and <c>{|CORS002#k:code|}</c> with <c>{|+k:other|}</c> (its additional locations,
/// in order) one result. A test's own <c>{|#0:code|}</c> is left for its own results (<see cref="ProjectBuilder.ShouldReport"/>).
/// </summary>
public static class Markup
{
    /// <summary>Our markers are numbered from here, clear of a test's own.</summary>
    public const int FirstMarker = 1000;

    public static (List<(string Path, string LibraryMarkup, string Text)> Files, List<MarkedDiagnostic> Diagnostics) Rewrite(IEnumerable<(string Path, string Markup)> sources, ref int nextMarker)
    {
        var (files, diagnostics, additional) = (new List<(string, string, string)>(), new List<MarkedDiagnostic>(), new List<(string Key, int Marker)>());
        foreach (var (path, markup) in sources)
        {
            var (library, text, open) = (new StringBuilder(markup.Length), new StringBuilder(markup.Length), new Stack<(char Kind, string? Label, int Start, int Marker)>());
            for (var i = 0; i < markup.Length; i++)
            {
                var (c, next) = (markup[i], i + 1 < markup.Length ? markup[i + 1] : '\0');
                if ((c == '[' || c == '{') && next == '|')
                {
                    var colon = c == '[' ? i + 1 : markup.IndexOf(':', i + 2) is >= 0 and var at ? at : throw new FormatException($"Markup '{{|' at offset {i} has no ':' after its label.");
                    var label = c == '[' ? null : markup[(i + 2)..colon];
                    var marker = label?.StartsWith('#') == true ? -1 : nextMarker++;
                    library.Append(marker < 0 ? $"{{|{label}:" : $"{{|#{marker}:");
                    open.Push((c, label, text.Length, marker));
                    i = colon;
                }
                else if (c == '|' && (next == ']' || next == '}') && open.Count > 0 && open.Peek().Kind == (next == ']' ? '[' : '{'))
                {
                    var (_, label, start, marker) = open.Pop();
                    library.Append("|}");
                    i++;
                    var hash = label?.IndexOf('#') ?? -1;
                    if (marker >= 0 && label?.StartsWith('+') == true)
                    {
                        additional.Add((label[1..], marker));
                    }
                    else if (marker >= 0)
                    {
                        diagnostics.Add(new(hash < 0 ? label : label![..hash], path, TextSpan.FromBounds(start, text.Length), marker, new(), hash < 0 ? null : label![(hash + 1)..]));
                    }
                }
                else
                {
                    library.Append(c);
                    text.Append(c);
                }
            }

            files.Add(open.Count == 0 ? (path, library.ToString(), text.ToString()) : throw new FormatException($"Markup of '{path}' has {open.Count} unclosed span(s)."));
        }

        foreach (var (key, marker) in additional)
        {
            (diagnostics.FirstOrDefault(d => d.Key == key) ?? throw new FormatException($"Markup has additional locations for the unknown key '{key}'.")).AdditionalMarkers.Add(marker);
        }

        return (files, diagnostics);
    }
}
