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
/// The <c>add</c>, <c>remove</c> and <c>clear</c> elements apply in order, as IIS applies them, so only the headers still in
/// effect at the end of each <c>customHeaders</c> element are given (a <c>remove</c> or <c>clear</c> reaches only the adds
/// before it in the same element). It never throws; a broken file gives the headers read before the break.
/// </summary>
internal static class WebConfigReader
{
    public static ImmutableArray<ConfiguredValue> ReadCustomHeaders(ConfigurationFile file, string text)
    {
        var values = ImmutableArray.CreateBuilder<ConfiguredValue>();
        var inEffect = new List<ConfiguredValue>();
        var position = 0;
        while (true)
        {
            var open = IndexOfElement(text, "customHeaders", position);
            if (open < 0)
            {
                break;
            }

            var openEnd = TagEnd(text, open + 1, text.Length);
            if (openEnd < 0)
            {
                break;
            }

            var close = text.IndexOf("</customHeaders", openEnd, StringComparison.OrdinalIgnoreCase);
            var end = close < 0 ? text.Length : close;
            if (text[openEnd - 1] != '/')
            {
                inEffect.Clear();
                ReadEntries(file, text, openEnd + 1, end, inEffect);
                values.AddRange(inEffect);
            }

            position = end;
        }

        return values.ToImmutable();
    }

    /// <summary>
    /// Applies the <c>add</c>, <c>remove</c> and <c>clear</c> elements of one <c>customHeaders</c> in order, as IIS does:
    /// <paramref name="inEffect"/> ends with the headers still added (header names compare case-insensitively), in file order.
    /// </summary>
    private static void ReadEntries(ConfigurationFile file, string text, int start, int end, List<ConfiguredValue> inEffect)
    {
        var position = start;
        while (position < end)
        {
            var tag = text.IndexOf('<', position, end - position);
            if (tag < 0)
            {
                return;
            }

            if (string.CompareOrdinal(text, tag, "<!--", 0, 4) == 0)
            {
                var commentEnd = text.IndexOf("-->", tag + 4, StringComparison.Ordinal);
                if (commentEnd < 0)
                {
                    return;
                }

                position = commentEnd + 3;
                continue;
            }

            var kind = IsElement(text, tag, "add") ? "add" : IsElement(text, tag, "remove") ? "remove" : IsElement(text, tag, "clear") ? "clear" : null;
            if (kind is null)
            {
                position = tag + 1;
                continue;
            }

            var tagEnd = TagEnd(text, tag + 1 + kind.Length, end);
            if (tagEnd < 0)
            {
                return;
            }

            var attributes = Attributes(text, tag + 1 + kind.Length, tagEnd);
            if (kind == "clear")
            {
                inEffect.Clear();
            }
            else if (attributes.TryGetValue("name", out var name))
            {
                var headerName = Decode(text.Substring(name.Start, name.Length)).Trim();
                if (kind == "remove")
                {
                    inEffect.RemoveAll(v => string.Equals(v.Key, headerName, StringComparison.OrdinalIgnoreCase));
                }
                else if (attributes.TryGetValue("value", out var value))
                {
                    var decoded = Decode(text.Substring(value.Start, value.Length));
                    var contentStart = decoded.Length == value.Length ? value.Start : -1;
                    inEffect.Add(new ConfiguredValue(file, headerName, decoded, value, contentStart));
                }
            }

            position = tagEnd + 1;
        }
    }

    /// <summary>
    /// Every attribute named one of <paramref name="names"/> (case-insensitive), on any element of the file, comments
    /// skipped: each a value keyed by the attribute's name, at its text (WCF's <c>crossDomainScriptAccessEnabled="true"</c>
    /// on a binding or a standard endpoint, for example). A broken file gives those read before the break.
    /// </summary>
    public static ImmutableArray<ConfiguredValue> ReadAttributes(ConfigurationFile file, string text, params string[] names)
    {
        var values = ImmutableArray.CreateBuilder<ConfiguredValue>();
        var position = 0;
        while (position < text.Length)
        {
            var tag = text.IndexOf('<', position);
            if (tag < 0)
            {
                break;
            }

            if (string.CompareOrdinal(text, tag, "<!--", 0, 4) == 0)
            {
                var commentEnd = text.IndexOf("-->", tag + 4, StringComparison.Ordinal);
                if (commentEnd < 0)
                {
                    break;
                }

                position = commentEnd + 3;
                continue;
            }

            var tagEnd = TagEnd(text, tag + 1, text.Length);
            if (tagEnd < 0)
            {
                break;
            }

            var nameEnd = tag + 1;
            while (nameEnd < tagEnd && !char.IsWhiteSpace(text[nameEnd]) && text[nameEnd] != '/')
            {
                nameEnd++;
            }

            foreach (var attribute in Attributes(text, nameEnd, tagEnd))
            {
                foreach (var name in names)
                {
                    if (string.Equals(attribute.Key, name, StringComparison.OrdinalIgnoreCase))
                    {
                        var raw = text.Substring(attribute.Value.Start, attribute.Value.Length);
                        var decoded = Decode(raw);
                        values.Add(new ConfiguredValue(file, attribute.Key, decoded, attribute.Value, decoded.Length == raw.Length ? attribute.Value.Start : -1));
                    }
                }
            }

            position = tagEnd + 1;
        }

        return values.ToImmutable();
    }

    /// <summary>Whether <c>&lt;name</c> followed by whitespace, '/' or '>' starts at <paramref name="index"/>.</summary>
    private static bool IsElement(string text, int index, string name)
    {
        var after = index + 1 + name.Length;
        return after < text.Length
            && string.Compare(text, index + 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (char.IsWhiteSpace(text[after]) || text[after] is '/' or '>');
    }

    /// <summary>The '>' that ends a tag, skipping quoted attribute values (which may hold a '>'), before <paramref name="end"/>; or -1.</summary>
    private static int TagEnd(string text, int from, int end)
    {
        var quote = '\0';
        for (var i = from; i < end; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }

        return -1;
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
