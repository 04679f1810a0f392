using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// Code meets configuration: resolves an expression that reads <c>IConfiguration</c> (<c>GetSection(..)</c> chains,
/// the indexer, <c>GetValue&lt;string&gt;</c>, <c>Get&lt;string[]&gt;()</c> / <c>Get&lt;List&lt;string&gt;&gt;()</c>, a property of
/// <c>Get&lt;T&gt;()</c>, <c>Split</c>, <c>Trim</c>, <c>Select(o =&gt; o.Trim())</c>, locals initialized with these) to the
/// values the project's appsettings files give it, in every environment. One per compilation; files are read only
/// when a read is found.
/// </summary>
/// <remarks>
/// This is the API for rules on configured origins: <see cref="ListsOf(IOperation?, CancellationToken)"/> gives, for any
/// origin-list expression (a <see cref="PolicyStep"/>'s argument, a collection a predicate looks the origin up in), the
/// configured entries, each with its <see cref="ConfiguredEntry.Location"/> in the file and the reading code.
/// </remarks>
internal sealed partial class ConfiguredOrigins
{
    private static readonly ConditionalWeakTable<Compilation, ConfiguredOrigins> s_shared = new();

    private readonly KnownSymbols _symbols;
    private readonly INamedTypeSymbol? _configuration;
    private readonly ConfigurationFiles _files;
    private readonly Compilation _compilation;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _optionsSections = new(StringComparer.Ordinal);

    private ConfiguredOrigins(Compilation compilation, AnalyzerOptions options)
    {
        _symbols = KnownSymbols.Create(compilation);
        _configuration = _symbols.IConfiguration;
        _files = ConfigurationFiles.Get(compilation, options);
        _compilation = compilation;
    }

    /// <summary>True when code can read configuration and the project has appsettings files: otherwise the rules need not ask.</summary>
    public bool IsAvailable => _configuration is not null && _files.HasAppSettings;

    public static ConfiguredOrigins Create(Compilation compilation, AnalyzerOptions options)
        => s_shared.GetValue(compilation, c => new ConfiguredOrigins(c, options));

    /// <summary>
    /// The configured lists <paramref name="origins"/> holds, one per combination of files that gives the read any value;
    /// empty when it reads no configuration. An array of several values (<c>WithOrigins(a, config["B"])</c>) gives the
    /// configured part of each, not whole.
    /// </summary>
    public ImmutableArray<ConfiguredList> ListsOf(IOperation? origins, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            return ImmutableArray<ConfiguredList>.Empty;
        }

        origins = origins.WalkDownConversions();
        if (origins is IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements })
        {
            var lists = ImmutableArray.CreateBuilder<ConfiguredList>();
            foreach (var element in elements)
            {
                foreach (var list in ListsOf(ReadOf(element, cancellationToken)))
                {
                    lists.Add(new ConfiguredList(list.Entries, list.IsWhole && elements.Length == 1));
                }
            }

            return lists.ToImmutable();
        }

        return ListsOf(ReadOf(origins, cancellationToken)).ToImmutableArray();
    }

    /// <summary>Every configured entry of <paramref name="origins"/>, each once (over all environments).</summary>
    public ImmutableArray<ConfiguredEntry> EntriesOf(IOperation? origins, CancellationToken cancellationToken)
    {
        var seen = new HashSet<Location>();
        var entries = ImmutableArray.CreateBuilder<ConfiguredEntry>();
        foreach (var list in ListsOf(origins, cancellationToken))
        {
            foreach (var entry in list.Entries)
            {
                if (seen.Add(entry.Location))
                {
                    entries.Add(entry);
                }
            }
        }

        return entries.ToImmutable();
    }

    /// <summary>
    /// The configured <c>"*"</c> entries of <paramref name="origins"/> that, in some combination of files, sit beside other
    /// entries of the list passed (<c>["https://a.com", "*"]</c>, or <c>WithOrigins(a, config["B"])</c>): there the list is not
    /// the framework's any-origin (<see cref="ConfiguredList.IsExactlyAnyOrigin"/>), and the entry never matches. Each once.
    /// </summary>
    public ImmutableArray<ConfiguredEntry> LiteralStarsOf(IOperation? origins, CancellationToken cancellationToken)
    {
        var stars = ImmutableArray.CreateBuilder<ConfiguredEntry>();
        foreach (var list in ListsOf(origins, cancellationToken))
        {
            if (list.IsWhole && list.Entries.Length < 2)
            {
                continue;
            }

            foreach (var entry in list.Entries)
            {
                if (entry.Value == "*" && !stars.Any(s => s.Location.Equals(entry.Location)))
                {
                    stars.Add(entry);
                }
            }
        }

        return stars.ToImmutable();
    }

    /// <summary>
    /// CORS002 on configured values: the <c>"*"</c> entries that make a policy's configured origin list exactly <c>["*"]</c>
    /// (in some environment) while the policy allows credentials, with the step that reads them and the credentials step.
    /// The policy is replayed as the framework runs it (<see cref="CorsPolicyDefinition.FindAnyOriginWithCredentials"/>),
    /// with each such read taken as <c>WithOrigins("*")</c>.
    /// </summary>
    public ImmutableArray<(ConfiguredEntry AnyOrigin, PolicyStep Reading, PolicyStep Credentials)> FindAnyOriginWithCredentials(CorsPolicyDefinition policy, CancellationToken cancellationToken)
    {
        if (!IsAvailable || !policy.Steps.Any(s => s.Kind == PolicyStepKind.SetCredentials && s.Credentials))
        {
            return ImmutableArray<(ConfiguredEntry, PolicyStep, PolicyStep)>.Empty;
        }

        var stars = new Dictionary<PolicyStep, (PolicyStep Original, ImmutableArray<ConfiguredEntry> Entries)>();
        var steps = ImmutableArray.CreateBuilder<PolicyStep>(policy.Steps.Length);
        foreach (var step in policy.Steps)
        {
            var entries = step.Kind == PolicyStepKind.AddOrigins
                ? ListsOf(step.Operation.GetArgument(0), cancellationToken).Where(l => l.IsExactlyAnyOrigin).Select(l => l.Entries[0]).ToImmutableArray()
                : ImmutableArray<ConfiguredEntry>.Empty;
            if (entries.IsEmpty)
            {
                steps.Add(step);
                continue;
            }

            var star = ImmutableArray.Create(new OriginValue("*", step.Operation));
            var replaced = new PolicyStep(PolicyStepKind.AddOrigins, step.Operation, step.Root, new OriginList(star, isComplete: true));
            stars[replaced] = (step, entries);
            steps.Add(replaced);
        }

        if (stars.Count == 0)
        {
            return ImmutableArray<(ConfiguredEntry, PolicyStep, PolicyStep)>.Empty;
        }

        var findings = ImmutableArray.CreateBuilder<(ConfiguredEntry, PolicyStep, PolicyStep)>();
        foreach (var finding in new CorsPolicyDefinition(policy.Root, steps.MoveToImmutable()).FindAnyOriginWithCredentials(cancellationToken))
        {
            if (stars.TryGetValue(finding.AnyOrigin, out var read))
            {
                foreach (var entry in read.Entries.Distinct(EntryLocationComparer.Instance))
                {
                    findings.Add((entry, read.Original, finding.Credentials));
                }
            }
        }

        return findings.ToImmutable();
    }

    /// <summary>
    /// CORS003 on configured values: <c>https://*.domain</c> entries of a policy whose origin check is, at its end,
    /// <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c> (a later <c>SetIsOriginAllowed</c> replaces it), with what each
    /// lets through (<see cref="OriginPatterns.WildcardEntrySlipThrough"/>: a shared host or a public suffix); the entries
    /// <paramref name="origins"/> (one step of the policy) reads.
    /// </summary>
    public ImmutableArray<(ConfiguredEntry Entry, string SlipThrough)> FindWildcardEntries(CorsPolicyDefinition policy, PolicyStep origins, OriginPatterns patterns, CancellationToken cancellationToken)
    {
        var check = policy.Steps.LastOrDefault(s => s.Kind is PolicyStepKind.AllowWildcardSubdomains or PolicyStepKind.SetOriginPredicate);
        if (!IsAvailable || check is not { Kind: PolicyStepKind.AllowWildcardSubdomains } || origins.Kind != PolicyStepKind.AddOrigins)
        {
            return ImmutableArray<(ConfiguredEntry, string)>.Empty;
        }

        var findings = ImmutableArray.CreateBuilder<(ConfiguredEntry, string)>();
        foreach (var entry in EntriesOf(origins.Operation.GetArgument(0), cancellationToken))
        {
            if (patterns.WildcardEntrySlipThrough(entry.Value) is { } slipThrough)
            {
                findings.Add((entry, slipThrough));
            }
        }

        return findings.ToImmutable();
    }

    /// <summary>
    /// The configured texts a matching call compares the origin with (CORS003): its argument's configured values, or, for
    /// a lambda's parameter (<c>s</c> in <c>suffixes.Any(s =&gt; origin.EndsWith(s))</c>), the configured elements of the
    /// collection the lambda runs over.
    /// </summary>
    public ImmutableArray<ConfiguredEntry> TextsOf(IOperation? text, CancellationToken cancellationToken)
        => EntriesOf(SourceOfText(text), cancellationToken);

    /// <summary>True when the text a matching call compares with is read from configuration (a fix must not rewrite that code).</summary>
    public bool IsReadFromConfiguration(IOperation? text, CancellationToken cancellationToken)
    {
        var source = SourceOfText(text).WalkDownConversions();
        return ReadOf(source, cancellationToken) is not null
               || (source is IArrayCreationOperation { Initializer.ElementValues: var elements } && elements.Any(e => ReadOf(e, cancellationToken) is not null));
    }

    private static IOperation? SourceOfText(IOperation? text)
    {
        if (text.WalkDownConversions() is not IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda } parameter)
        {
            return text;
        }

        for (var node = parameter.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                var argument = function.Parent is IDelegateCreationOperation creation ? creation.Parent : function.Parent;
                if (argument is IArgumentOperation { Parent: IInvocationOperation call })
                {
                    return call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 && call.Arguments[0] != argument ? call.Arguments[0].Value : null);
                }

                return null;
            }
        }

        return null;
    }

    /// <summary>The configuration read that <paramref name="value"/> is, or <see langword="null"/>.</summary>
    public ConfigurationRead? ReadOf(IOperation? value, CancellationToken cancellationToken)
        => _configuration is null ? null : Resolve(value, 0, cancellationToken);

    private IEnumerable<ConfiguredList> ListsOf(ConfigurationRead? read)
    {
        if (read is null)
        {
            yield break;
        }

        if (read.Kind == ConfigurationReadKind.List)
        {
            foreach (var elements in _files.ArrayValues(read.Path))
            {
                var entries = ImmutableArray.CreateBuilder<ConfiguredEntry>();
                foreach (var element in elements)
                {
                    if (element.Value is { } text && !(read.RemoveEmptyEntries && Normalize(read, text).Length == 0))
                    {
                        entries.Add(new ConfiguredEntry(Normalize(read, text), element, element.Location, text, read));
                    }
                }

                yield return new ConfiguredList(entries.ToImmutable(), isWhole: true);
            }

            yield break;
        }

        foreach (var value in _files.ScalarValues(read.Path))
        {
            if (value.Value is not { } text)
            {
                continue;
            }

            if (read.Kind == ConfigurationReadKind.Scalar)
            {
                yield return new ConfiguredList(ImmutableArray.Create(new ConfiguredEntry(Normalize(read, text), value, value.Location, text, read)), isWhole: true);
                continue;
            }

            yield return new ConfiguredList(Split(read, value, text), isWhole: true);
        }
    }

    private static ImmutableArray<ConfiguredEntry> Split(ConfigurationRead read, ConfiguredValue value, string text)
    {
        var entries = ImmutableArray.CreateBuilder<ConfiguredEntry>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !read.Separators.Contains(text[i]))
            {
                continue;
            }

            var (partStart, partEnd) = (start, i);
            if (read.TrimEntries)
            {
                while (partStart < partEnd && char.IsWhiteSpace(text[partStart]))
                {
                    partStart++;
                }

                while (partEnd > partStart && char.IsWhiteSpace(text[partEnd - 1]))
                {
                    partEnd--;
                }
            }

            start = i + 1;
            if (partEnd == partStart && read.RemoveEmptyEntries)
            {
                continue;
            }

            var part = text.Substring(partStart, partEnd - partStart);
            entries.Add(new ConfiguredEntry(Normalize(read, part), value, value.LocationOfPart(partStart, Math.Max(partEnd - partStart, 0)), part, read));
        }

        return entries.ToImmutable();
    }

    private static string Normalize(ConfigurationRead read, string text)
    {
        foreach (var normalizer in read.Normalizers)
        {
            text = normalizer(text);
        }

        return text;
    }
}
