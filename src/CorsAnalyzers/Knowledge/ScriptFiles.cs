using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Acornima;
using Acornima.Ast;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// One script file of the project (an AdditionalFile: <c>.js</c>, or the inline scripts of a <c>.html</c>, <c>.cshtml</c> or
/// <c>.razor</c> file), parsed. Offsets in <see cref="Programs"/> are offsets in <see cref="Parsed"/>, which has the file's
/// length and its characters but for the Razor replaced (<see cref="ScriptMarkup"/>), so they are the file's offsets too.
/// </summary>
internal sealed class ScriptFile
{
    /// <summary>The comment that silences the next line's finding: <c>// cors-analyzers-disable-next-line CORS013</c>.</summary>
    public const string DisableNextLine = "cors-analyzers-disable-next-line";

    private readonly ImmutableArray<TextSpan> _razorExpressions;

    private ScriptFile(string path, SourceText text, string parsed, IReadOnlyList<Program> programs, ImmutableArray<TextSpan> razorExpressions)
    {
        Path = path;
        Text = text;
        Parsed = parsed;
        Programs = programs;
        _razorExpressions = razorExpressions;
    }

    public string Path { get; }

    /// <summary>The file as written.</summary>
    public SourceText Text { get; }

    /// <summary>The text the parser read: the file's, with Razor replaced character for character.</summary>
    public string Parsed { get; }

    /// <summary>
    /// One program per script that parsed (a <c>.js</c> file has one; a page one per inline script), in file order. A
    /// list, not an <c>ImmutableArray</c>: a struct field over the parser's type would make loading this type load the
    /// parser, and the C# rules must start even where the parser cannot be loaded (<see cref="ScriptFiles.Get"/>).
    /// </summary>
    public IReadOnlyList<Program> Programs { get; }

    /// <summary>The location of <paramref name="start"/>..<paramref name="end"/> in the file, line and column exact.</summary>
    public Location LocationOf(int start, int end)
    {
        var span = TextSpan.FromBounds(start, end);
        return Location.Create(Path, span, Text.Lines.GetLinePositionSpan(span));
    }

    /// <summary>How the file writes <paramref name="node"/> (Razor as written, not as replaced).</summary>
    public string TextOf(Node node) => Text.ToString(TextSpan.FromBounds(node.Start, node.End));

    /// <summary>Whether a Razor expression (a value the server renders) is written inside <paramref name="node"/>: its text is not a constant.</summary>
    public bool HoldsRazor(Node node)
    {
        foreach (var span in _razorExpressions)
        {
            if (span.Start < node.End && node.Start < span.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the line before the one holding <paramref name="position"/> is a comment
    /// <c>cors-analyzers-disable-next-line</c> (<c>//</c>, <c>/* */</c>, <c>@* *@</c> or <c>&lt;!-- --&gt;</c>) naming
    /// <paramref name="ruleId"/> or no rule at all.
    /// </summary>
    public bool IsDisabledAt(int position, string ruleId)
    {
        var line = Text.Lines.GetLineFromPosition(position).LineNumber;
        if (line == 0)
        {
            return false;
        }

        var previous = Text.Lines[line - 1].ToString().Trim();
        if (!(previous.StartsWith("//", StringComparison.Ordinal) || previous.StartsWith("/*", StringComparison.Ordinal)
              || previous.StartsWith("@*", StringComparison.Ordinal) || previous.StartsWith("<!--", StringComparison.Ordinal)))
        {
            return false;
        }

        var marker = previous.IndexOf(DisableNextLine, StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            return false;
        }

        var named = false;
        foreach (var word in previous.Substring(marker + DisableNextLine.Length).Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (word is "*/" or "*@" or "-->")
            {
                break;
            }

            named = true;
            if (string.Equals(word, ruleId, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return !named;
    }

    /// <summary>
    /// Reads and parses a file of <paramref name="kind"/>; <see langword="null"/> when nothing in it is JavaScript that parses
    /// (no inline script, minified or bundled code, a syntax error in every script). Never throws for any text.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ScriptFile? Read(string path, SourceText text, ScriptFileKind kind)
    {
        // A .js file over the size of any hand-written script is a bundle: skipped before its text is even copied out.
        if (kind == ScriptFileKind.JavaScript && text.Length > ScriptMarkup.LargestWrittenScript)
        {
            return null;
        }

        var content = text.ToString();
        var scripts = new List<ScriptRange>();
        var razor = new List<TextSpan>();
        var parsed = ScriptMarkup.Read(content, kind, scripts, razor);
        var programs = ImmutableArray.CreateBuilder<Program>();
        foreach (var script in scripts)
        {
            if (!ScriptMarkup.LooksMinified(parsed, script.Start, script.Length) && Parse(parsed, script) is { } program)
            {
                programs.Add(program);
            }
        }

        return programs.Count == 0 ? null : new ScriptFile(path, text, parsed, programs.ToArray(), razor.ToImmutableArray());
    }

    /// <summary>As a classic script, else as a module (or the other way for <c>type="module"</c>); null when neither parses.</summary>
    private static Program? Parse(string text, ScriptRange script)
    {
        // A new parser per script: a Parser is not thread-safe, and files are read in parallel.
        var parser = new Parser(new ParserOptions { Tolerant = true, AllowReturnOutsideFunction = true });
        return TryParse(parser, text, script, script.IsModule) ?? TryParse(parser, text, script, !script.IsModule);
    }

    private static Program? TryParse(Parser parser, string text, ScriptRange script, bool asModule)
    {
        try
        {
            return asModule
                ? parser.ParseModule(text, script.Start, script.Length)
                : parser.ParseScript(text, script.Start, script.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A syntax error (ParseErrorException), nesting deeper than the parser's stack guard allows, or any other
            // failure of the third-party parser on text it was never meant to see: the script is skipped, never reported.
            return null;
        }
    }
}

/// <summary>
/// The project's script files (AdditionalFiles the package's build targets add), each read and parsed at most once per
/// compilation, on first use, and shared by every rule that reads scripts (CORS013, CORS014).
/// </summary>
internal sealed class ScriptFiles
{
    private readonly ConcurrentDictionary<string, Lazy<ScriptFile?>> _files = new(StringComparer.Ordinal);

    /// <summary>Set when the JavaScript parser could not be loaded: no script is read again in this compilation.</summary>
    private volatile bool _parserMissing;

    /// <summary>How many times a file was parsed (tests: at most once per file).</summary>
    internal int ReadCount;

    /// <summary>Whether <paramref name="file"/> is a kind of file the script rules read (by its extension; nothing is read).</summary>
    public static bool IsScript(AdditionalText file) => ScriptMarkup.KindOf(file.Path) != ScriptFileKind.None;

    /// <summary>The parsed file, or <see langword="null"/> when it is not a script file or holds no JavaScript that parses.</summary>
    public ScriptFile? Get(AdditionalText file)
    {
        var kind = ScriptMarkup.KindOf(file.Path);
        if (kind == ScriptFileKind.None || _parserMissing)
        {
            return null;
        }

        // Lazy: two rules asking at once still parse once. Read without the caller's cancellation: the result is shared,
        // and a cancelled read must not be remembered.
        return _files.GetOrAdd(file.Path, _ => new Lazy<ScriptFile?>(() =>
        {
            Interlocked.Increment(ref ReadCount);
            return file.GetText(CancellationToken.None) is { } text ? ReadOrSkip(file.Path, text, kind) : null;
        })).Value;
    }

    /// <summary>
    /// The file read, or null when the parser shipped beside the analyzer (Acornima.dll) cannot be loaded: a copy of
    /// CorsAnalyzers.dll referenced without it, or a host that loads an analyzer's own file only. The script rules then
    /// find nothing and the C# rules run as usual, instead of the load failure ending every rule of the compilation
    /// (AD0001). <see cref="ScriptFile.Read"/> is the first method that names the parser's types, so the failure comes
    /// when it is compiled, at this call.
    /// </summary>
    private ScriptFile? ReadOrSkip(string path, SourceText text, ScriptFileKind kind)
    {
        try
        {
            return ScriptFile.Read(path, text, kind);
        }
        catch (Exception e) when (e is System.IO.FileNotFoundException or System.IO.FileLoadException or TypeLoadException)
        {
            _parserMissing = true;
            return null;
        }
    }
}
