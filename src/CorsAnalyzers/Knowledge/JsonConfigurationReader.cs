using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// A JSON reader that flattens a document the way Microsoft.Extensions.Configuration.Json does: comments skipped,
/// trailing commas allowed, objects become <c>A:B</c> keys and arrays <c>A:0</c>, <c>A:1</c>; numbers and booleans keep
/// their text. Ours, so that the analyzer assembly needs no package. It never throws: at the first error it stops and
/// keeps the values read so far (a half-typed file in the editor is normal).
/// </summary>
internal static class JsonConfigurationReader
{
    private const int MaxDepth = 64;

    public static ImmutableArray<ConfiguredValue> Read(ConfigurationFile file, string text)
    {
        var reader = new Reader(file, text);
        try
        {
            reader.SkipTrivia();
            if (reader.Peek() == '{')
            {
                reader.ReadObject(string.Empty, 0);
            }
        }
        catch (FormatException)
        {
            // Keep what was read before the error.
        }

        return reader.Values.ToImmutable();
    }

    private sealed class Reader
    {
        private readonly ConfigurationFile _file;
        private readonly string _text;
        private int _position;

        public Reader(ConfigurationFile file, string text)
        {
            _file = file;
            _text = text;
        }

        public ImmutableArray<ConfiguredValue>.Builder Values { get; } = ImmutableArray.CreateBuilder<ConfiguredValue>();

        public char Peek() => _position < _text.Length ? _text[_position] : '\0';

        public void ReadObject(string prefix, int depth)
        {
            Expect('{');
            var any = false;
            while (true)
            {
                SkipTrivia();
                if (Peek() == '}')
                {
                    _position++;
                    break;
                }

                var (name, _, _) = ReadString();
                SkipTrivia();
                Expect(':');
                ReadValue(prefix.Length == 0 ? name : prefix + ":" + name, depth + 1);
                any = true;
                if (!SkipComma('}'))
                {
                    break;
                }
            }

            if (!any && prefix.Length > 0)
            {
                Values.Add(new ConfiguredValue(_file, prefix, null, new TextSpan(_position - 1, 1), -1));
            }
        }

        private void ReadArray(string prefix, int depth)
        {
            Expect('[');
            var index = 0;
            while (true)
            {
                SkipTrivia();
                if (Peek() == ']')
                {
                    _position++;
                    break;
                }

                ReadValue(prefix + ":" + index.ToString(CultureInfo.InvariantCulture), depth + 1);
                index++;
                if (!SkipComma(']'))
                {
                    break;
                }
            }
        }

        /// <summary>After a member or element: true when another may follow (a comma was read), false when the closer was read.</summary>
        private bool SkipComma(char closer)
        {
            SkipTrivia();
            var c = Peek();
            if (c == ',')
            {
                _position++;
                return true;
            }

            if (c == closer)
            {
                _position++;
                return false;
            }

            throw new FormatException();
        }

        private void ReadValue(string key, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException();
            }

            SkipTrivia();
            var start = _position;
            switch (Peek())
            {
                case '{':
                    ReadObject(key, depth);
                    return;
                case '[':
                    ReadArray(key, depth);
                    return;
                case '"':
                    var (value, contentStart, hasEscapes) = ReadString();
                    Values.Add(new ConfiguredValue(_file, key, value, TextSpan.FromBounds(start, _position), hasEscapes ? -1 : contentStart));
                    return;
                default:
                    while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '-' or '+' or '.'))
                    {
                        _position++;
                    }

                    if (_position == start)
                    {
                        throw new FormatException();
                    }

                    var literal = _text.Substring(start, _position - start);
                    Values.Add(new ConfiguredValue(_file, key, literal == "null" ? null : literal, TextSpan.FromBounds(start, _position), literal == "null" ? -1 : start));
                    return;
            }
        }

        private (string Value, int ContentStart, bool HasEscapes) ReadString()
        {
            Expect('"');
            var contentStart = _position;
            StringBuilder? builder = null;
            while (_position < _text.Length)
            {
                var c = _text[_position++];
                if (c == '"')
                {
                    return builder is null
                        ? (_text.Substring(contentStart, _position - 1 - contentStart), contentStart, false)
                        : (builder.ToString(), contentStart, true);
                }

                if (c is '\n' or '\r')
                {
                    throw new FormatException();
                }

                if (c != '\\')
                {
                    builder?.Append(c);
                    continue;
                }

                builder ??= new StringBuilder(_text, contentStart, _position - 1 - contentStart, 64);
                var escape = _position < _text.Length ? _text[_position++] : throw new FormatException();
                switch (escape)
                {
                    case '"' or '\\' or '/':
                        builder.Append(escape);
                        break;
                    case 'b':
                        builder.Append('\b');
                        break;
                    case 'f':
                        builder.Append('\f');
                        break;
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 'r':
                        builder.Append('\r');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    case 'u' when _position + 4 <= _text.Length
                                  && int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw new FormatException();
                }
            }

            throw new FormatException();
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException();
            }

            _position++;
        }

        /// <summary>Whitespace, <c>// line</c> and <c>/* block */</c> comments.</summary>
        public void SkipTrivia()
        {
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (char.IsWhiteSpace(c) || c == '\uFEFF')
                {
                    _position++;
                }
                else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
                {
                    var end = _text.IndexOf('\n', _position);
                    _position = end < 0 ? _text.Length : end + 1;
                }
                else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
                {
                    var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                    _position = end < 0 ? throw new FormatException() : end + 2;
                }
                else
                {
                    return;
                }
            }
        }
    }
}
