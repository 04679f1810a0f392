using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Knowledge;

// OriginPatterns' reader of .NET regular expressions: a pattern as alternatives of flat atoms. Pure text work, no Roslyn.
internal sealed partial class OriginPatterns
{
    private enum AtomKind
    {
        Literal,

        /// <summary>An unescaped '.' matching one character.</summary>
        AnyChar,

        /// <summary>A repeated class: <c>.*</c>, <c>[a-z0-9-]+</c>, <c>\w+</c>.</summary>
        Wild,
        Start,
        End,
    }

    private readonly record struct Atom(AtomKind Kind, char Char, bool AllowsDot)
    {
        public static Atom Literal(char c) => new(AtomKind.Literal, c, false);
    }

    /// <summary>
    /// Reads a .NET regular expression into its alternatives, each a flat list of atoms: alternations and optional
    /// groups are expanded (up to <see cref="MaxVariants"/>), repeated classes become wildcards. Null for anything else
    /// (lookarounds, back references, conditionals, too many alternatives).
    /// </summary>
    private sealed class RegexReader
    {
        private readonly string _pattern;
        private int _position;

        /// <summary>The largest count of a literal character that is spelled out; above it the repetition is a wildcard.</summary>
        private const int MaxRepeat = 64;

        private RegexReader(string pattern) => _pattern = pattern;

        public static List<List<Atom>>? Read(string pattern)
        {
            var reader = new RegexReader(pattern);
            var result = reader.Alternation();
            return result is not null && reader._position == pattern.Length ? result : null;
        }

        private List<List<Atom>>? Alternation()
        {
            var all = new List<List<Atom>>();
            while (true)
            {
                var sequence = Sequence();
                if (sequence is null)
                {
                    return null;
                }

                all.AddRange(sequence);
                if (all.Count > MaxVariants)
                {
                    return null;
                }

                if (_position < _pattern.Length && _pattern[_position] == '|')
                {
                    _position++;
                    continue;
                }

                return all;
            }
        }

        private List<List<Atom>>? Sequence()
        {
            var variants = new List<List<Atom>> { new() };
            while (_position < _pattern.Length && _pattern[_position] is not ('|' or ')'))
            {
                var element = Element();
                if (element is null)
                {
                    return null;
                }

                var product = new List<List<Atom>>();
                foreach (var head in variants)
                {
                    foreach (var tail in element)
                    {
                        var combined = new List<Atom>(head);
                        combined.AddRange(tail);
                        product.Add(combined);
                    }
                }

                if (product.Count > MaxVariants)
                {
                    return null;
                }

                variants = product;
            }

            return variants;
        }

        /// <summary>One element with its quantifier, as its alternatives.</summary>
        private List<List<Atom>>? Element()
        {
            var c = _pattern[_position++];
            List<List<Atom>>? alternatives;
            switch (c)
            {
                case '^':
                    return One(new Atom(AtomKind.Start, '\0', false));
                case '$':
                    return One(new Atom(AtomKind.End, '\0', false));
                case '(':
                    if (_position < _pattern.Length && _pattern[_position] == '?')
                    {
                        if (!SkipGroupPrefix(out var optionsOnly))
                        {
                            return null;
                        }

                        if (optionsOnly)
                        {
                            return One();
                        }
                    }

                    alternatives = Alternation();
                    if (alternatives is null || _position >= _pattern.Length || _pattern[_position] != ')')
                    {
                        return null;
                    }

                    _position++;
                    break;
                case '[':
                    var allowsDot = ReadClass(out var first);
                    if (allowsDot is null)
                    {
                        return null;
                    }

                    return Quantified(Atom.Literal(first), new Atom(AtomKind.Wild, '\0', allowsDot.Value));
                case '\\':
                    if (_position >= _pattern.Length)
                    {
                        return null;
                    }

                    var escaped = _pattern[_position++];
                    switch (escaped)
                    {
                        case 'A':
                            return One(new Atom(AtomKind.Start, '\0', false));
                        case 'z' or 'Z':
                            return One(new Atom(AtomKind.End, '\0', false));
                        case 'b' or 'B' or 'G':
                            return One();
                        case 'd':
                            return Quantified(Atom.Literal('1'), new Atom(AtomKind.Wild, '\0', false));
                        case 'w':
                            return Quantified(Atom.Literal('a'), new Atom(AtomKind.Wild, '\0', false));
                        case 'S' or 'W' or 'D' or 's':
                            return Quantified(Atom.Literal('a'), new Atom(AtomKind.Wild, '\0', true));
                        case >= '0' and <= '9' or 'k' or 'p' or 'P' or 'u' or 'x' or 'c':
                            return null;
                        default:
                            return Quantified(Atom.Literal(escaped), new Atom(AtomKind.Wild, '\0', escaped == '.'), literal: true);
                    }

                case '.':
                    return Quantified(new Atom(AtomKind.AnyChar, '.', true), new Atom(AtomKind.Wild, '\0', true));
                case '*' or '+' or '?' or '{':
                    return null;
                default:
                    return Quantified(Atom.Literal(c), new Atom(AtomKind.Wild, '\0', c == '.'), literal: true);
            }

            // A group: optional or repeated groups also stand for their absence.
            var (min, _) = Quantifier();
            if (min < 0)
            {
                return null;
            }

            if (min == 0)
            {
                alternatives.Add(new List<Atom>());
            }

            return alternatives;
        }

        private static List<List<Atom>> One(params Atom[] atoms) => new() { new List<Atom>(atoms) };

        /// <summary>
        /// Applies the quantifier after a single-character element: once, optional, or a wildcard. A
        /// <paramref name="literal"/> character under a bounded count (<c>a{2}</c>, <c>x{1,3}</c>) is spelled out, one
        /// alternative per count, while the count stays small; classes and dots under a count stay wildcards.
        /// </summary>
        private List<List<Atom>>? Quantified(Atom once, Atom wild, bool literal = false)
        {
            var (min, max) = Quantifier();
            if (min < 0)
            {
                return null;
            }

            if (literal && max != 1 && max <= MaxRepeat && max - min < MaxVariants)
            {
                var counts = new List<List<Atom>>();
                for (var count = min; count <= max; count++)
                {
                    var repeated = new List<Atom>(count);
                    for (var i = 0; i < count; i++)
                    {
                        repeated.Add(once);
                    }

                    counts.Add(repeated);
                }

                return counts;
            }

            if (max > 1)
            {
                return One(wild);
            }

            return min == 0 ? new List<List<Atom>> { new() { once }, new() } : One(once);
        }

        /// <summary>(min, max) of the quantifier at the position; (1, 1) for none, max = int.MaxValue for unbounded, (-1, -1) when unreadable.</summary>
        private (int Min, int Max) Quantifier()
        {
            if (_position >= _pattern.Length)
            {
                return (1, 1);
            }

            (int, int) result;
            switch (_pattern[_position])
            {
                case '?':
                    result = (0, 1);
                    _position++;
                    break;
                case '*':
                    result = (0, int.MaxValue);
                    _position++;
                    break;
                case '+':
                    result = (1, int.MaxValue);
                    _position++;
                    break;
                case '{':
                    var close = _pattern.IndexOf('}', _position);
                    if (close < 0)
                    {
                        return (-1, -1);
                    }

                    var parts = _pattern.Substring(_position + 1, close - _position - 1).Split(',');
                    if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min))
                    {
                        return (-1, -1);
                    }

                    var max = parts.Length == 1 ? min
                        : parts[1].Length == 0 ? int.MaxValue
                        : int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : -1;
                    if (max < min)
                    {
                        return (-1, -1);
                    }

                    result = (min, max);
                    _position = close + 1;
                    break;
                default:
                    return (1, 1);
            }

            if (_position < _pattern.Length && _pattern[_position] == '?')
            {
                _position++; // lazy
            }

            return result;
        }

        /// <summary>After "(?": non-capturing and named groups go on; inline options "(?i)" are skipped whole; anything else is unreadable.</summary>
        private bool SkipGroupPrefix(out bool optionsOnly)
        {
            optionsOnly = false;
            _position++;
            if (_position >= _pattern.Length)
            {
                return false;
            }

            var c = _pattern[_position];
            if (c == ':')
            {
                _position++;
                return true;
            }

            if (c is '<' or '\'' && _position + 1 < _pattern.Length && _pattern[_position + 1] is not ('=' or '!'))
            {
                var close = _pattern.IndexOf(c == '<' ? '>' : '\'', _position + 1);
                if (close < 0)
                {
                    return false;
                }

                _position = close + 1;
                return true;
            }

            var options = _position;
            while (options < _pattern.Length && _pattern[options] is 'i' or 'm' or 's' or 'n' or 'x' or '-')
            {
                options++;
            }

            if (options > _position && options < _pattern.Length && _pattern[options] is ')' or ':')
            {
                optionsOnly = _pattern[options] == ')';
                _position = options + 1;
                return true;
            }

            return false;
        }

        /// <summary>Reads a character class after '['; true when it can match a dot; <paramref name="first"/> is a character it matches.</summary>
        private bool? ReadClass(out char first)
        {
            first = 'a';
            var negated = _position < _pattern.Length && _pattern[_position] == '^';
            if (negated)
            {
                _position++;
            }

            var allowsDot = negated;
            var any = false;
            while (_position < _pattern.Length && (_pattern[_position] != ']' || !any))
            {
                var c = _pattern[_position++];
                if (c == '\\' && _position < _pattern.Length)
                {
                    c = _pattern[_position++];
                    allowsDot |= c is 'S' or 'W' or 'D' or 's';
                }

                if (!any && !negated)
                {
                    first = c is 'w' or 'd' ? (c == 'w' ? 'a' : '1') : c;
                }

                allowsDot |= c == '.';
                any = true;
            }

            if (_position >= _pattern.Length)
            {
                return null;
            }

            _position++;
            return negated ? true : allowsDot;
        }
    }
}
