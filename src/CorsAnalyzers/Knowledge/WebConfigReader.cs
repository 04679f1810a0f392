using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// Reads the IIS custom headers of a web.config (<c>&lt;system.webServer&gt;&lt;httpProtocol&gt;&lt;customHeaders&gt;&lt;add name=".." value=".." /&gt;</c>)
/// with a small scanner of our own: each header becomes a value keyed by its name, at the <c>value</c> attribute's text.
/// It never throws; a broken file gives the headers read before the break.
/// </summary>
internal static class WebConfigReader
{
    public static ImmutableArray<ConfiguredValue> ReadCustomHeaders(ConfigurationFile file, string text)
    {
        var values = ImmutableArray.CreateBuilder<ConfiguredValue>();
        var position = 0;
        while (true)
        {
            var open = IndexOfElement(text, "customHeaders", position);
            if (open < 0)
            {
                break;
            }

            var openEnd = text.IndexOf('>', open);
            if (openEnd < 0)
            {
                break;
            }

            var close = text.IndexOf("</customHeaders", openEnd, StringComparison.OrdinalIgnoreCase);
            var end = close < 0 ? text.Length : close;
            if (text[openEnd - 1] != '/')
            {
                ReadAdds(file, text, openEnd + 1, end, values);
            }

            position = end;
        }

        return values.ToImmutable();
    }

    private static void ReadAdds(ConfigurationFile file, string text, int start, int end, ImmutableArray<ConfiguredValue>.Builder values)
    {
        var position = start;
        while (position < end)
        {
            var comment = text.IndexOf("<!--", position, end - position, StringComparison.Ordinal);
            var add = IndexOfElement(text, "add", position);
            if (add < 0 || add >= end)
            {
                return;
            }

            if (comment >= 0 && comment < add)
            {
                var commentEnd = text.IndexOf("-->", comment + 4, StringComparison.Ordinal);
                if (commentEnd < 0)
                {
                    return;
                }

                position = commentEnd + 3;
                continue;
            }

            var tagEnd = text.IndexOf('>', add);
            if (tagEnd < 0 || tagEnd > end)
            {
                return;
            }

            var attributes = Attributes(text, add + 4, tagEnd);
            if (attributes.TryGetValue("name", out var name) && attributes.TryGetValue("value", out var value))
            {
                var decoded = Decode(text.Substring(value.Start, value.Length));
                var contentStart = decoded.Length == value.Length ? value.Start : -1;
                values.Add(new ConfiguredValue(file, Decode(text.Substring(name.Start, name.Length)).Trim(), decoded, value, contentStart));
            }

            position = tagEnd + 1;
        }
    }

    /// <summary>The start of <c>&lt;name</c> followed by whitespace, '/' or '>' at or after <paramref name="from"/>, or -1.</summary>
    private static int IndexOfElement(string text, string name, int from)
    {
        while (from < text.Length)
        {
            var index = text.IndexOf("<" + name, from, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return -1;
            }

            var after = index + 1 + name.Length;
            if (after < text.Length && (char.IsWhiteSpace(text[after]) || text[after] is '/' or '>'))
            {
                return index;
            }

            from = after;
        }

        return -1;
    }

    private static Dictionary<string, TextSpan> Attributes(string text, int start, int end)
    {
        var attributes = new Dictionary<string, TextSpan>(StringComparer.OrdinalIgnoreCase);
        var position = start;
        while (position < end)
        {
            while (position < end && (char.IsWhiteSpace(text[position]) || text[position] == '/'))
            {
                position++;
            }

            var nameStart = position;
            while (position < end && text[position] != '=' && !char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            var name = text.Substring(nameStart, position - nameStart);
            while (position < end && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= end || text[position] != '=')
            {
                break;
            }

            position++;
            while (position < end && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= end || text[position] is not ('"' or '\''))
            {
                break;
            }

            var quote = text[position++];
            var valueEnd = text.IndexOf(quote, position);
            if (valueEnd < 0 || valueEnd > end)
            {
                break;
            }

            attributes[name] = TextSpan.FromBounds(position, valueEnd);
            position = valueEnd + 1;
        }

        return attributes;
    }

    private static string Decode(string value)
        => value.IndexOf('&') < 0
            ? value
            : value.Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
}
