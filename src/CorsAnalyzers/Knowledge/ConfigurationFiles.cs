using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
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
