using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// Finds the uses of a name in a file by searching its source text (a vectorized ordinal search) and looking only at the
/// tokens found there, instead of walking every node of the file. A file says a method's or an API's name a handful of
/// times at most, so asking "where is <c>IsAllowed</c> used?" costs a text search, not a tree walk, and allocates
/// nothing when the answer is "nowhere". (A name spelled with a Unicode escape is not found; nothing real writes one.)
/// </summary>
internal static class NameSearch
{
    private const int TextChunk = 4096;

    [ThreadStatic]
    private static char[]? t_buffer;

    /// <summary>The identifier names (not declarations) spelled <paramref name="name"/> in <paramref name="root"/>, in text order; null when there are none.</summary>
    public static List<IdentifierNameSyntax>? IdentifierNames(SyntaxNode root, string name)
    {
        List<IdentifierNameSyntax>? found = null;
        if (!root.SyntaxTree.TryGetText(out var text))
        {
            foreach (var node in root.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                {
                    (found ??= new List<IdentifierNameSyntax>()).Add(identifier);
                }
            }

            return found;
        }

        var lastToken = -1;
        var buffer = t_buffer ??= new char[TextChunk];
        var end = root.FullSpan.End;
        var length = name.Length;
        if (length == 0 || length > TextChunk / 2)
        {
            return null;
        }

        for (var start = root.FullSpan.Start; start < end;)
        {
            var count = Math.Min(buffer.Length, end - start);
            text.CopyTo(start, buffer, 0, count);
            var chunk = new ReadOnlySpan<char>(buffer, 0, count);
            for (var offset = 0; offset < count;)
            {
                var at = chunk.Slice(offset).IndexOf(name.AsSpan());
                if (at < 0)
                {
                    break;
                }

                var position = start + offset + at;
                var token = root.FindToken(position);
                if (token.SpanStart != lastToken && token.Span.Contains(position)
                    && token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name
                    && token.Parent is IdentifierNameSyntax identifier)
                {
                    (found ??= new List<IdentifierNameSyntax>()).Add(identifier);
                    lastToken = token.SpanStart;
                }

                offset += at + 1;
            }

            if (start + count >= end)
            {
                break;
            }

            // The next chunk starts early enough to see a name cut by this one's end.
            start += count - (length - 1);
        }

        return found;
    }

    /// <summary>Whether <paramref name="word"/> occurs anywhere in the source text of <paramref name="tree"/> (names, strings, comments alike): a cheap first test.</summary>
    public static bool TextContains(SyntaxTree tree, string word)
    {
        if (!tree.TryGetText(out var text))
        {
            return true;
        }

        var buffer = t_buffer ??= new char[TextChunk];
        var end = text.Length;
        for (var start = 0; start < end;)
        {
            var count = Math.Min(buffer.Length, end - start);
            text.CopyTo(start, buffer, 0, count);
            if (new ReadOnlySpan<char>(buffer, 0, count).IndexOf(word.AsSpan()) >= 0)
            {
                return true;
            }

            if (start + count >= end)
            {
                break;
            }

            start += count - (word.Length - 1);
        }

        return false;
    }
}
