using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>How code takes a configuration value.</summary>
internal enum ConfigurationReadKind
{
    /// <summary>The children of a section as a list: <c>GetSection("A:B").Get&lt;string[]&gt;()</c>.</summary>
    List,

    /// <summary>One string: <c>Configuration["A:B"]</c>, <c>GetValue&lt;string&gt;("A:B")</c>, <c>GetSection("A:B").Value</c>.</summary>
    Scalar,

    /// <summary>One string split into a list: <c>Configuration["A:B"].Split(',')</c>.</summary>
    Split,
}

/// <summary>One read of configuration in code: the key path, how the value is taken, and what the code does to each entry on the way.</summary>
internal sealed class ConfigurationRead
{
    internal ConfigurationRead(string path, ConfigurationReadKind kind, IOperation code, ImmutableArray<char> separators = default, bool trimEntries = false, bool removeEmptyEntries = false, ImmutableArray<Func<string, string>> normalizers = default)
    {
        Path = path;
        Kind = kind;
        Code = code;
        Separators = separators.IsDefault ? ImmutableArray<char>.Empty : separators;
        TrimEntries = trimEntries;
        RemoveEmptyEntries = removeEmptyEntries;
        Normalizers = normalizers.IsDefault ? ImmutableArray<Func<string, string>>.Empty : normalizers;
    }

    /// <summary>The key path, <c>:</c>-separated (<c>Cors:AllowedOrigins</c>).</summary>
    public string Path { get; }

    public ConfigurationReadKind Kind { get; }

    /// <summary>The expression that reads configuration (reported as an additional location).</summary>
    public IOperation Code { get; }

    public ImmutableArray<char> Separators { get; }

    public bool TrimEntries { get; }

    public bool RemoveEmptyEntries { get; }

    /// <summary>What the code does to each entry after reading it (<c>Trim()</c>, <c>TrimEnd('/')</c>, ...), in order.</summary>
    public ImmutableArray<Func<string, string>> Normalizers { get; }

    internal ConfigurationRead With(ConfigurationReadKind? kind = null, ImmutableArray<char> separators = default, bool? trimEntries = null, bool? removeEmptyEntries = null, Func<string, string>? normalizer = null)
        => new(
            Path,
            kind ?? Kind,
            Code,
            separators.IsDefault ? Separators : separators,
            trimEntries ?? TrimEntries,
            removeEmptyEntries ?? RemoveEmptyEntries,
            normalizer is null ? Normalizers : Normalizers.Add(normalizer));
}

/// <summary>One configured origin entry as the code sees it: its value after the code's normalising, and where it is written.</summary>
internal readonly struct ConfiguredEntry
{
    public ConfiguredEntry(string value, ConfiguredValue source, Location location, string written, ConfigurationRead read)
    {
        Value = value;
        Source = source;
        Location = location;
        Written = written;
        Read = read;
    }

    /// <summary>The entry as the code passes it on (split, trimmed, ...).</summary>
    public string Value { get; }

    /// <summary>The configuration value it comes from.</summary>
    public ConfiguredValue Source { get; }

    /// <summary>Where the entry is written in the file: the JSON value, or its part for a split string (what a rule reports).</summary>
    public Location Location { get; }

    /// <summary>The entry as written in the file.</summary>
    public string Written { get; }

    /// <summary>The code that reads it (a rule's additional location).</summary>
    public ConfigurationRead Read { get; }

    /// <summary>How a message names the entry: <c>Cors:AllowedOrigins:0 = "*" in appsettings.json</c>.</summary>
    public string Describe() => Source.Describe(Written);
}

/// <summary>The entries a configuration read gives in one combination of files (appsettings.json, or it under one environment's file).</summary>
internal readonly struct ConfiguredList
{
    public ConfiguredList(ImmutableArray<ConfiguredEntry> entries, bool isWhole)
    {
        Entries = entries;
        IsWhole = isWhole;
    }

    public ImmutableArray<ConfiguredEntry> Entries { get; }

    /// <summary>True when the list passed is exactly <see cref="Entries"/> (no constants or other reads beside them).</summary>
    public bool IsWhole { get; }

    /// <summary>Exactly <c>["*"]</c>: ASP.NET Core's any-origin.</summary>
    public bool IsExactlyAnyOrigin => IsWhole && Entries.Length == 1 && Entries[0].Value == "*";
}

/// <summary>Configured entries are the same entry when they are written at the same place.</summary>
internal sealed class EntryLocationComparer : IEqualityComparer<ConfiguredEntry>
{
    public static readonly EntryLocationComparer Instance = new();

    public bool Equals(ConfiguredEntry x, ConfiguredEntry y) => x.Location.Equals(y.Location);

    public int GetHashCode(ConfiguredEntry entry) => entry.Location.GetHashCode();
}
