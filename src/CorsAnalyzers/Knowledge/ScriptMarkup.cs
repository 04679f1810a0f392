using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>What kind of text a script file is, by its extension.</summary>
internal enum ScriptFileKind
{
    /// <summary>Not a file the postMessage rules read.</summary>
    None,

    /// <summary>A <c>.js</c> file: JavaScript from start to end.</summary>
    JavaScript,

    /// <summary>An <c>.html</c> file: JavaScript inside its <c>&lt;script&gt;</c> elements.</summary>
    Html,

    /// <summary>A <c>.cshtml</c> or <c>.razor</c> file: <c>&lt;script&gt;</c> elements, with Razor inside them.</summary>
    Razor,
}

/// <summary>One piece of JavaScript in a file: where it is, and whether the page loads it as a module.</summary>
internal readonly struct ScriptRange
{
    public ScriptRange(int start, int length, bool isModule)
    {
        Start = start;
        Length = length;
        IsModule = isModule;
    }

    public int Start { get; }

    public int Length { get; }

    public bool IsModule { get; }
}

/// <summary>
/// The JavaScript of a page (pure text work, no parsing): the inline <c>&lt;script&gt;</c> elements of HTML, Razor views
/// and Razor components, and, inside them, the Razor a server renders before the browser sees the script. Razor is
/// replaced character for character, so every offset in the result is the offset in the file: an expression
/// (<c>@Model.Token</c>, <c>@Json.Serialize(Model)</c>, <c>@(a + b)</c>) by an identifier of underscores of its length, a
/// value the server fills in; a code block (<c>@{ }</c>), a control block (<c>@if (...) { } else { }</c>, <c>@foreach</c>...)
/// and a Razor comment by spaces (their line breaks kept), since what they render cannot be known.
/// </summary>
internal static class ScriptMarkup
{
    private static readonly string[] s_controlKeywords = { "if", "for", "foreach", "while", "switch", "using", "lock", "try", "do", "code", "functions", "section" };

    public static ScriptFileKind KindOf(string path)
    {
        if (path.EndsWith(".js", StringComparison.OrdinalIgnoreCase))
        {
            return IsBundleName(path) ? ScriptFileKind.None : ScriptFileKind.JavaScript;
        }

        if (path.EndsWith(".cshtml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".razor", StringComparison.OrdinalIgnoreCase))
        {
            return ScriptFileKind.Razor;
        }

        return path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase)
            ? ScriptFileKind.Html
            : ScriptFileKind.None;
    }

    /// <summary>A name that says minified or bundled output (<c>app.min.js</c>, <c>main.bundle.js</c>, <c>12.chunk.js</c>): not the user's code.</summary>
    public static bool IsBundleName(string path)
        => path.EndsWith(".min.js", StringComparison.OrdinalIgnoreCase)
           || path.EndsWith(".bundle.js", StringComparison.OrdinalIgnoreCase)
           || path.EndsWith(".chunk.js", StringComparison.OrdinalIgnoreCase);

    /// <summary>The longest line a person writes; minified code puts thousands of characters on one.</summary>
    public const int LongestWrittenLine = 1000;

    /// <summary>Larger than any hand-written script: a bundle, whatever its lines look like.</summary>
    public const int LargestWrittenScript = 1024 * 1024;

    /// <summary>
    /// Whether <paramref name="length"/> characters of <paramref name="text"/> from <paramref name="start"/> look minified or
    /// bundled: over <see cref="LargestWrittenScript"/>, or a line over <see cref="LongestWrittenLine"/>. One pass over the
    /// characters, no allocation: it runs before any parsing.
    /// </summary>
    public static bool LooksMinified(string text, int start, int length)
    {
        if (length > LargestWrittenScript)
        {
            return true;
        }

        var lineStart = start;
        var end = start + length;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c == '\n' || c == '\r')
            {
                lineStart = i + 1;
            }
            else if (i - lineStart >= LongestWrittenLine)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The text to parse (the file's own text for JavaScript and HTML; with Razor neutralised for Razor files, same length),
    /// the script ranges in it, and the spans Razor expressions held (values a server fills in).
    /// </summary>
    public static string Read(string text, ScriptFileKind kind, List<ScriptRange> scripts, List<TextSpan> razorExpressions)
    {
        switch (kind)
        {
            case ScriptFileKind.JavaScript:
                scripts.Add(new ScriptRange(0, text.Length, isModule: false));
                return text;
            case ScriptFileKind.Html:
            case ScriptFileKind.Razor:
                char[]? neutral = null;
                FindScripts(text, kind == ScriptFileKind.Razor, scripts);
                if (kind == ScriptFileKind.Razor)
                {
                    foreach (var script in scripts)
                    {
                        NeutraliseRazor(text, script.Start, script.Start + script.Length, ref neutral, razorExpressions);
                    }
                }

                return neutral is null ? text : new string(neutral);
            default:
                return text;
        }
    }

    /// <summary>The inline scripts of a page: <c>&lt;script&gt;</c> elements without <c>src</c>, of a JavaScript type.</summary>
    private static void FindScripts(string text, bool razor, List<ScriptRange> scripts)
    {
        var i = 0;
        while (i < text.Length)
        {
            var lt = text.IndexOf('<', i);
            var at = razor ? text.IndexOf("@*", i, StringComparison.Ordinal) : -1;
            if (at >= 0 && (lt < 0 || at < lt))
            {
                // A Razor comment hides what is inside it, scripts included.
                i = SkipPast(text, at + 2, "*@");
                continue;
            }

            if (lt < 0)
            {
                return;
            }

            if (string.CompareOrdinal(text, lt, "<!--", 0, 4) == 0)
            {
                i = SkipPast(text, lt + 4, "-->");
                continue;
            }

            if (!IsScriptTag(text, lt))
            {
                i = lt + 1;
                continue;
            }

            var tagEnd = EndOfTag(text, lt + 7);
            if (tagEnd < 0)
            {
                return;
            }

            var contentStart = tagEnd + 1;
            var close = text.IndexOf("</script", contentStart, StringComparison.OrdinalIgnoreCase);
            var contentEnd = close < 0 ? text.Length : close;
            var selfClosed = text[tagEnd - 1] == '/';
            if (!selfClosed && IsInlineJavaScript(text, lt + 7, tagEnd, out var isModule) && contentEnd > contentStart)
            {
                scripts.Add(new ScriptRange(contentStart, contentEnd - contentStart, isModule));
            }

            i = close < 0 ? text.Length : close + 8;
        }
    }

    private static bool IsScriptTag(string text, int lt)
        => lt + 7 < text.Length
           && string.Compare(text, lt + 1, "script", 0, 6, StringComparison.OrdinalIgnoreCase) == 0
           && (char.IsWhiteSpace(text[lt + 7]) || text[lt + 7] == '>' || text[lt + 7] == '/');

    /// <summary>The index of the tag's closing <c>&gt;</c> (quoted attribute values may hold one), or -1.</summary>
    private static int EndOfTag(string text, int from)
    {
        char quote = '\0';
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c == '"' || c == '\'')
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

    /// <summary>No <c>src</c>, and a <c>type</c> the browser runs as a classic script or a module (JSON, templates and import maps are not run).</summary>
    private static bool IsInlineJavaScript(string text, int from, int to, out bool isModule)
    {
        isModule = false;
        var i = from;
        while (i < to)
        {
            while (i < to && (char.IsWhiteSpace(text[i]) || text[i] == '/'))
            {
                i++;
            }

            var nameStart = i;
            while (i < to && !char.IsWhiteSpace(text[i]) && text[i] != '=' && text[i] != '/')
            {
                i++;
            }

            var name = text.Substring(nameStart, i - nameStart);
            while (i < to && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var value = string.Empty;
            if (i < to && text[i] == '=')
            {
                i++;
                while (i < to && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i < to && (text[i] == '"' || text[i] == '\''))
                {
                    var quote = text[i];
                    var close = text.IndexOf(quote, i + 1);
                    close = close < 0 || close > to ? to : close;
                    value = text.Substring(i + 1, close - i - 1);
                    i = close + 1;
                }
                else
                {
                    var valueStart = i;
                    while (i < to && !char.IsWhiteSpace(text[i]))
                    {
                        i++;
                    }

                    value = text.Substring(valueStart, i - valueStart);
                }
            }

            if (name.Equals("src", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (name.Equals("type", StringComparison.OrdinalIgnoreCase))
            {
                var type = value.Trim();
                if (type.Equals("module", StringComparison.OrdinalIgnoreCase))
                {
                    isModule = true;
                }
                else if (type.Length != 0
                         && !type.Equals("text/javascript", StringComparison.OrdinalIgnoreCase)
                         && !type.Equals("application/javascript", StringComparison.OrdinalIgnoreCase)
                         && !type.Equals("text/ecmascript", StringComparison.OrdinalIgnoreCase)
                         && !type.Equals("application/ecmascript", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            if (i == nameStart)
            {
                i++;
            }
        }

        return true;
    }

    private static int SkipPast(string text, int from, string end)
    {
        var index = text.IndexOf(end, from, StringComparison.Ordinal);
        return index < 0 ? text.Length : index + end.Length;
    }

    /// <summary>Replaces the Razor between <paramref name="start"/> and <paramref name="end"/> (see the class summary).</summary>
    private static void NeutraliseRazor(string text, int start, int end, ref char[]? neutral, List<TextSpan> razorExpressions)
    {
        var i = start;
        while (i < end)
        {
            var at = text.IndexOf('@', i, end - i);
            if (at < 0 || at + 1 >= end)
            {
                return;
            }

            var next = text[at + 1];
            if (next == '@')
            {
                // "@@" renders "@".
                Fill(text, ref neutral, at, at + 2, ' ');
                i = at + 2;
                continue;
            }

            if (at > start && char.IsLetterOrDigit(text[at - 1]))
            {
                // An e-mail address (user@example.com): Razor leaves it as text.
                i = at + 1;
                continue;
            }

            int stop;
            if (next == '*')
            {
                stop = Math.Min(SkipPast(text, at + 2, "*@"), end);
                Fill(text, ref neutral, at, stop, ' ');
            }
            else if (next == '{')
            {
                stop = Math.Min(SkipBalanced(text, at + 1, end), end);
                Fill(text, ref neutral, at, stop, ' ');
            }
            else if (next == '(')
            {
                stop = Math.Min(SkipBalanced(text, at + 1, end), end);
                Expression(text, ref neutral, at, stop, razorExpressions);
            }
            else if (IsIdentifierStart(next))
            {
                var word = ReadIdentifier(text, at + 1, end);
                var keyword = text.Substring(at + 1, word - at - 1);
                if (Array.IndexOf(s_controlKeywords, keyword) >= 0)
                {
                    stop = SkipControlBlock(text, word, end);
                    Fill(text, ref neutral, at, stop, ' ');
                }
                else
                {
                    var exprStart = keyword == "await" ? SkipSpaces(text, word, end) : at + 1;
                    stop = ImplicitExpressionEnd(text, exprStart, end);
                    Expression(text, ref neutral, at, stop, razorExpressions);
                }
            }
            else
            {
                i = at + 1;
                continue;
            }

            i = Math.Max(stop, at + 1);
        }
    }

    private static void Expression(string text, ref char[]? neutral, int start, int end, List<TextSpan> razorExpressions)
    {
        Fill(text, ref neutral, start, end, '_');
        razorExpressions.Add(TextSpan.FromBounds(start, end));
    }

    /// <summary>Replaces every character but line breaks (which keep lines and columns where they are).</summary>
    private static void Fill(string text, ref char[]? neutral, int start, int end, char with)
    {
        neutral ??= text.ToCharArray();
        for (var i = start; i < end; i++)
        {
            if (text[i] != '\n' && text[i] != '\r')
            {
                neutral[i] = with;
            }
        }
    }

    /// <summary>An implicit expression: <c>Model.Items[0].Name</c>, <c>Html.Raw(x)</c>, <c>user?.Name</c>; a dot not followed by a name ends it.</summary>
    private static int ImplicitExpressionEnd(string text, int from, int end)
    {
        if (from >= end || !IsIdentifierStart(text[from]))
        {
            return from;
        }

        var i = ReadIdentifier(text, from, end);
        while (i < end)
        {
            var c = text[i];
            if (c == '(' || c == '[')
            {
                i = SkipBalanced(text, i, end);
            }
            else if (c == '.' && i + 1 < end && IsIdentifierStart(text[i + 1]))
            {
                i = ReadIdentifier(text, i + 1, end);
            }
            else if (c == '?' && i + 2 < end && text[i + 1] == '.' && IsIdentifierStart(text[i + 2]))
            {
                i = ReadIdentifier(text, i + 2, end);
            }
            else
            {
                break;
            }
        }

        return Math.Min(i, end);
    }

    /// <summary>
    /// A control block after its keyword: an optional parenthesised header, a braced body, and the clauses that continue
    /// it (<c>else</c>, <c>else if</c>, <c>catch</c>, <c>finally</c>, a do-loop's <c>while (...)</c>).
    /// </summary>
    private static int SkipControlBlock(string text, int from, int end)
    {
        var i = SkipSpaces(text, from, end);
        while (i < end && text[i] != '{' && text[i] != '\n')
        {
            i = text[i] == '(' ? SkipBalanced(text, i, end) : i + 1;
        }

        if (i >= end || text[i] != '{')
        {
            return Math.Min(i, end);
        }

        i = SkipBalanced(text, i, end);
        while (true)
        {
            var next = SkipSpaces(text, i, end);
            var word = next < end && IsIdentifierStart(text[next]) ? ReadIdentifier(text, next, end) : next;
            var keyword = text.Substring(next, word - next);
            if (keyword is "else" or "catch" or "finally" or "while")
            {
                var j = SkipSpaces(text, word, end);
                if (keyword == "else" && j + 2 <= end && string.CompareOrdinal(text, j, "if", 0, 2) == 0)
                {
                    j = SkipSpaces(text, j + 2, end);
                }

                if (j < end && text[j] == '(')
                {
                    j = SkipSpaces(text, SkipBalanced(text, j, end), end);
                }

                if (keyword == "while")
                {
                    // do { } while (...);
                    return j < end && text[j] == ';' ? j + 1 : j;
                }

                if (j < end && text[j] == '{')
                {
                    i = SkipBalanced(text, j, end);
                    continue;
                }
            }

            return Math.Min(i, end);
        }
    }

    /// <summary>Past the bracket that closes the one at <paramref name="open"/>, skipping C# strings, characters and comments.</summary>
    private static int SkipBalanced(string text, int open, int end)
    {
        var depth = 0;
        for (var i = open; i < end; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                case '"' or '\'':
                    var close = i + 1;
                    while (close < end && text[close] != c && text[close] != '\n')
                    {
                        close += text[close] == '\\' ? 2 : 1;
                    }

                    i = Math.Min(close, end);
                    break;
                case '/' when i + 1 < end && text[i + 1] == '/':
                    var lineEnd = text.IndexOf('\n', i, end - i);
                    i = lineEnd < 0 ? end : lineEnd;
                    break;
                case '/' when i + 1 < end && text[i + 1] == '*':
                    var commentEnd = text.IndexOf("*/", i + 2, end - i - 2, StringComparison.Ordinal);
                    i = commentEnd < 0 ? end : commentEnd + 1;
                    break;
            }
        }

        return end;
    }

    private static int SkipSpaces(string text, int from, int end)
    {
        while (from < end && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        return from;
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static int ReadIdentifier(string text, int from, int end)
    {
        var i = from;
        while (i < end && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i;
    }
}
