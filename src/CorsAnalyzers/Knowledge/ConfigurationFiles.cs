using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>One value of a configuration file: its key as the configuration system flattens it, its text, and where it is written.</summary>
internal sealed class ConfiguredValue
{
    internal ConfiguredValue(ConfigurationFile file, string key, string? value, TextSpan span, int contentStart)
    {
        File = file;
        Key = key;
        Value = value;
        Span = span;
        ContentStart = contentStart;
    }

    public ConfigurationFile File { get; }

    /// <summary>The flattened key (<c>Cors:AllowedOrigins:0</c>), as written in the file.</summary>
    public string Key { get; }

    /// <summary>The value as the configuration system gives it (JSON <c>null</c> is <see langword="null"/>).</summary>
    public string? Value { get; }

    /// <summary>The value's token in the file (a JSON string with its quotes, an XML attribute's text without them).</summary>
    public TextSpan Span { get; }

    /// <summary>Where the value's first character is written, when every character is written as itself (no escapes); otherwise -1.</summary>
    public int ContentStart { get; }

    public Location Location => File.LocationOf(Span);

    /// <summary>The location of <paramref name="length"/> characters of the value from <paramref name="offset"/> (the whole token when the value has escapes).</summary>
    public Location LocationOfPart(int offset, int length)
        => ContentStart < 0 ? Location : File.LocationOf(new TextSpan(ContentStart + offset, length));

    /// <summary>How a message names the value: <c>Cors:AllowedOrigins:0 = "*" in appsettings.json</c>.</summary>
    public string Describe(string? part = null) => $"{Key} = \"{part ?? Value}\" in {File.Name}";
}

/// <summary>One <c>appsettings*.json</c> or <c>web.config</c> file of the project (an AdditionalFile), read once.</summary>
internal sealed class ConfigurationFile
{
    private readonly Dictionary<string, ConfiguredValue> _byKey;

    private ConfigurationFile(string path, SourceText text)
    {
        Path = path;
        Text = text;
        Name = System.IO.Path.GetFileName(path);
        Directory = System.IO.Path.GetDirectoryName(path) ?? string.Empty;
        Environment = EnvironmentOf(Name);
        _byKey = new Dictionary<string, ConfiguredValue>(StringComparer.OrdinalIgnoreCase);
    }

    public string Path { get; }

    public string Name { get; }

    public string Directory { get; }

    /// <summary><c>Production</c> for <c>appsettings.Production.json</c>; <see langword="null"/> for <c>appsettings.json</c> and web.config.</summary>
    public string? Environment { get; }

    public SourceText Text { get; }

    /// <summary>Every value, in file order (JSON: the flattened keys; web.config: the custom headers, keyed by header name).</summary>
    public ImmutableArray<ConfiguredValue> Values { get; private set; }

    public bool TryGetValue(string key, out ConfiguredValue value) => _byKey.TryGetValue(key, out value!);

    public Location LocationOf(TextSpan span) => Location.Create(Path, span, Text.Lines.GetLinePositionSpan(span));

    public static bool IsAppSettings(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
               && (name.Length == "appsettings.json".Length || name["appsettings".Length] == '.');
    }

    public static bool IsWebConfig(string path) => string.Equals(System.IO.Path.GetFileName(path), "web.config", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a JSON file as ASP.NET Core's JSON configuration provider does; a broken file gives the values read before the break.</summary>
    public static ConfigurationFile ReadJson(string path, SourceText text)
    {
        var file = new ConfigurationFile(path, text);
        file.SetValues(JsonConfigurationReader.Read(file, text.ToString()));
        return file;
    }

    /// <summary>Reads the <c>system.webServer/httpProtocol/customHeaders</c> <c>add</c> elements of a web.config; a broken file gives those read before the break.</summary>
    public static ConfigurationFile ReadWebConfig(string path, SourceText text)
    {
        var file = new ConfigurationFile(path, text);
        file.SetValues(WebConfigReader.ReadCustomHeaders(file, text.ToString()));
        return file;
    }

    private void SetValues(ImmutableArray<ConfiguredValue> values)
    {
        Values = values;
        foreach (var value in values)
        {
            // Later keys win, as in the configuration system.
            _byKey[value.Key] = value;
        }
    }

    private static string? EnvironmentOf(string name)
    {
        if (!IsAppSettings(name) || name.Length == "appsettings.json".Length)
        {
            return null;
        }

        var middle = name.Substring("appsettings.".Length, name.Length - "appsettings.".Length - ".json".Length);
        return middle.Length == 0 ? null : middle;
    }
}

/// <summary>
/// The project's <c>appsettings*.json</c> files (AdditionalFiles the package's build props add), read on first use and
/// once per compilation; shared by every rule. Nothing is read for a compilation whose code never reads configuration
/// for CORS.
/// </summary>
internal sealed class ConfigurationFiles
{
    private static readonly ConditionalWeakTable<Compilation, ConfigurationFiles> s_shared = new();

    private readonly ImmutableArray<AdditionalText> _sources;
    private readonly object _gate = new();
    private ImmutableArray<ImmutableArray<ConfigurationFile>> _scenarios;

    private ConfigurationFiles(ImmutableArray<AdditionalText> sources) => _sources = sources;

    /// <summary>True when the project has at least one appsettings file (nothing has been read yet).</summary>
    public bool HasAppSettings => !_sources.IsEmpty;

    public static ConfigurationFiles Get(Compilation compilation, AnalyzerOptions options)
        => s_shared.GetValue(compilation, _ => new ConfigurationFiles(options.AdditionalFiles
            .Where(f => ConfigurationFile.IsAppSettings(f.Path))
            .GroupBy(f => f.Path, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToImmutableArray()));

    /// <summary>
    /// Each way the files combine into one configuration: per folder, <c>appsettings.json</c> alone and under each
    /// <c>appsettings.{Environment}.json</c> of the same folder (later files override earlier ones key by key).
    /// </summary>
    public ImmutableArray<ImmutableArray<ConfigurationFile>> Scenarios
    {
        get
        {
            lock (_gate)
            {
                if (_scenarios.IsDefault)
                {
                    _scenarios = Combine(_sources.Select(Read).OfType<ConfigurationFile>());
                }

                return _scenarios;
            }
        }
    }

    /// <summary>The value of <paramref name="key"/> in each scenario that has one (each value once).</summary>
    public IEnumerable<ConfiguredValue> ScalarValues(string key)
    {
        var seen = new HashSet<ConfiguredValue>();
        foreach (var layers in Scenarios)
        {
            if (Effective(layers, key) is { } value && seen.Add(value))
            {
                yield return value;
            }
        }
    }

    /// <summary>
    /// The elements of the array at <paramref name="key"/> (its children <c>key:0</c>, <c>key:1</c>...) in each scenario that
    /// has any: what <c>GetSection(key).Get&lt;string[]&gt;()</c> gives there. An environment's file overrides by index.
    /// </summary>
    public IEnumerable<ImmutableArray<ConfiguredValue>> ArrayValues(string key)
    {
        var prefix = key + ":";
        foreach (var layers in Scenarios)
        {
            var indexes = new SortedSet<int>();
            foreach (var file in layers)
            {
                foreach (var value in file.Values)
                {
                    if (value.Key.Length > prefix.Length && value.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                        && int.TryParse(value.Key.Substring(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        indexes.Add(index);
                    }
                }
            }

            if (indexes.Count == 0)
            {
                continue;
            }

            var elements = ImmutableArray.CreateBuilder<ConfiguredValue>(indexes.Count);
            foreach (var index in indexes)
            {
                if (Effective(layers, prefix + index.ToString(CultureInfo.InvariantCulture)) is { } element)
                {
                    elements.Add(element);
                }
            }

            yield return elements.ToImmutable();
        }
    }

    private static ConfiguredValue? Effective(ImmutableArray<ConfigurationFile> layers, string key)
    {
        for (var i = layers.Length - 1; i >= 0; i--)
        {
            if (layers[i].TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static ConfigurationFile? Read(AdditionalText source)
    {
        // Read without the caller's cancellation: the result is shared, and a cancelled read must not be remembered.
        var text = source.GetText(CancellationToken.None);
        return text is null ? null : ConfigurationFile.ReadJson(source.Path, text);
    }

    private static ImmutableArray<ImmutableArray<ConfigurationFile>> Combine(IEnumerable<ConfigurationFile> files)
    {
        var scenarios = ImmutableArray.CreateBuilder<ImmutableArray<ConfigurationFile>>();
        foreach (var folder in files.GroupBy(f => f.Directory, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var baseFiles = folder.Where(f => f.Environment is null).ToImmutableArray();
            scenarios.Add(baseFiles);
            foreach (var environment in folder.Where(f => f.Environment is not null).OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
            {
                scenarios.Add(baseFiles.Add(environment));
            }
        }

        return scenarios.ToImmutable();
    }
}

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

/// <summary>What the IIS custom headers of one web.config decide: the header values IIS adds to every response.</summary>
internal static class WebConfigCors
{
    public const string AllowOrigin = "Access-Control-Allow-Origin";
    public const string AllowCredentials = "Access-Control-Allow-Credentials";

    /// <summary>The web.config's custom headers, or <see langword="null"/> for any other file (read only for a file named web.config).</summary>
    public static ConfigurationFile? Read(AdditionalText file, CancellationToken cancellationToken)
        => ConfigurationFile.IsWebConfig(file.Path) && file.GetText(cancellationToken) is { } text
            ? ConfigurationFile.ReadWebConfig(file.Path, text)
            : null;

    /// <summary>The <c>Access-Control-Allow-Origin</c> value, when the file sets one.</summary>
    public static ConfiguredValue? AllowedOrigin(ConfigurationFile file)
        => file.TryGetValue(AllowOrigin, out var value) && value.Value is not null ? value : null;

    /// <summary>The <c>Access-Control-Allow-Credentials: true</c> value, when the file sets it.</summary>
    public static ConfiguredValue? CredentialsAllowed(ConfigurationFile file)
        => file.TryGetValue(AllowCredentials, out var value) && string.Equals(value.Value?.Trim(), "true", StringComparison.OrdinalIgnoreCase) ? value : null;
}
