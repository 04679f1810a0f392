using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// OriginFlow's first look at a file: where its text spells "origin", found in one scan, and which of those spellings
/// are mentions of the request's Origin (<see cref="MayReadOrigin"/>, <see cref="MayMentionOrigin"/>).
/// </summary>
internal sealed partial class OriginFlow
{
    /// <summary>A name with the word origin in it (Origin, origins, GetOrigin, OriginHeader), not original or originate.</summary>
    private static bool NamesOrigin(string name)
    {
        for (var index = name.IndexOf("origin", StringComparison.OrdinalIgnoreCase); index >= 0; index = name.IndexOf("origin", index + 1, StringComparison.OrdinalIgnoreCase))
        {
            var next = index + 6;
            if (next == name.Length || !char.IsLower(name[next]) || name[next] == 's')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where a file's text spells "origin" (any case), in order, and for each, once asked, whether it is a mention: a name
    /// that says origin or the header name as a string (<see cref="IsMention"/>), not a comment, "original" or
    /// "same-origin". Most files never spell it and share one empty instance; a spelling is judged (a token look-up) only
    /// when a body that holds it is asked about, so a file pays for the spellings in the bodies that match strings, not for
    /// every one. (An identifier spelled with a Unicode escape such as <c>\u006Frigin</c> is not seen; nothing real writes one.)
    /// </summary>
    private sealed class Spellings
    {
        private const byte Unknown = 0;
        private const byte Mention = 1;
        private const byte NoMention = 2;

        private static readonly Spellings s_none = new(Array.Empty<int>());

        private readonly int[] _positions;

        /// <summary>Per spelling: <see cref="Unknown"/> until judged (threads that judge the same one write the same answer).</summary>
        private readonly byte[] _verdicts;

        private Spellings(int[] positions)
        {
            _positions = positions;
            _verdicts = positions.Length == 0 ? Array.Empty<byte>() : new byte[positions.Length];
        }

        /// <summary>Some spelling inside <paramref name="node"/> (the whole of <paramref name="tree"/> when null) is a mention.</summary>
        public bool AnyMentionIn(SyntaxTree tree, SyntaxNode? node)
        {
            if (_positions.Length == 0)
            {
                return false;
            }

            var index = 0;
            var end = int.MaxValue;
            if (node is not null)
            {
                var span = node.Span;
                index = Array.BinarySearch(_positions, span.Start);
                index = index < 0 ? ~index : index;
                end = span.End;
            }

            for (; index < _positions.Length && _positions[index] + OriginLength <= end; index++)
            {
                var verdict = _verdicts[index];
                if (verdict == Unknown)
                {
                    var position = _positions[index];
                    verdict = IsMention((node ?? tree.GetRoot()).FindToken(position), position) ? Mention : NoMention;
                    _verdicts[index] = verdict;
                }

                if (verdict == Mention)
                {
                    return true;
                }
            }

            return false;
        }

        public static Spellings Find(SyntaxTree tree)
        {
            var root = tree.GetRoot();
            if (!tree.TryGetText(out var text))
            {
                return ByTokens(root);
            }

            List<int>? found = null;
            var buffer = t_textBuffer ??= new char[TextChunk];
            var end = root.FullSpan.End;
            for (var start = 0; start < end;)
            {
                var count = Math.Min(buffer.Length, end - start);
                text.CopyTo(start, buffer, 0, count);
                var chunk = new ReadOnlySpan<char>(buffer, 0, count);

                // "rigin" and "RIGIN" are rare in code and found by a vectorized search, where 'o' is everywhere: Origin, origin
                // and ORIGIN are found, a mixed spelling such as OrIgIn is not.
                foreach (var tail in s_originTails)
                {
                    for (var offset = 0; offset < count;)
                    {
                        var at = chunk.Slice(offset).IndexOf(tail.AsSpan());
                        if (at < 0)
                        {
                            break;
                        }

                        // A word cut by the chunk's end is seen whole, once, at the start of the next chunk.
                        var word = offset + at - 1;
                        if (word >= 0 && word + OriginLength <= count && IsOriginWord(chunk.Slice(word, OriginLength)))
                        {
                            (found ??= new List<int>()).Add(start + word);
                        }

                        offset += at + 1;
                    }
                }

                if (start + count >= end)
                {
                    break;
                }

                // The next chunk starts early enough to see a word cut by this one's end.
                start += count - (OriginLength - 1);
            }

            if (found is null)
            {
                return s_none;
            }

            found.Sort();
            return new Spellings(found.ToArray());
        }

        /// <summary>The same search token by token, for a tree that holds no text (built from nodes, not parsed).</summary>
        private static Spellings ByTokens(SyntaxNode root)
        {
            List<int>? found = null;
            foreach (var token in root.DescendantTokens())
            {
                if (IsMention(token, token.SpanStart))
                {
                    (found ??= new List<int>()).Add(token.SpanStart);
                }
            }

            return found is null ? s_none : new Spellings(found.ToArray());
        }
    }

    private const int OriginLength = 6; // "origin"

    private static readonly string[] s_originTails = { "rigin", "RIGIN" };

    private const int TextChunk = 4096;

    [ThreadStatic]
    private static char[]? t_textBuffer;

    /// <summary>"origin" in any case.</summary>
    private static bool IsOriginWord(ReadOnlySpan<char> word)
        => (word[0] | 0x20) == 'o' && (word[1] | 0x20) == 'r' && (word[2] | 0x20) == 'i' && (word[3] | 0x20) == 'g' && (word[4] | 0x20) == 'i' && (word[5] | 0x20) == 'n';

    /// <summary>
    /// The token at <paramref name="position"/> is a name that says origin (Origin, origin, GetOrigin, OriginHeader), or the
    /// header name itself as a string ("Origin"; not "same-origin" or "strict-origin-when-cross-origin", which are
    /// Referrer-Policy values). A comment is neither.
    /// </summary>
    private static bool IsMention(SyntaxToken token, int position)
        => token.Span.Contains(position)
           && token.Kind() switch
           {
               SyntaxKind.IdentifierToken => NamesOrigin(token.ValueText),
               SyntaxKind.StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.Utf8StringLiteralToken
                   => HttpHeaderName.Is(token.ValueText, HttpHeaderName.Origin) || IsServerVariable(token.ValueText),
               _ => false,
           };
}
