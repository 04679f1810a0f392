using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
internal sealed class ConfiguredOrigins
{
    private static readonly ConditionalWeakTable<Compilation, ConfiguredOrigins> s_shared = new();

    private readonly INamedTypeSymbol? _configuration;
    private readonly ConfigurationFiles _files;
    private readonly Compilation _compilation;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _optionsSections = new(StringComparer.Ordinal);

    private ConfiguredOrigins(Compilation compilation, AnalyzerOptions options)
    {
        _configuration = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
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

    // ------------------------------------------------------------------ reading code

    private ConfigurationRead? Resolve(IOperation? value, int depth, CancellationToken cancellationToken)
    {
        value = value.WalkDownConversions();
        if (value is null || depth > Guards.MaxDepth)
        {
            return null;
        }

        switch (value)
        {
            case IConditionalAccessOperation conditional:
                return Resolve(conditional.WhenNotNull, depth + 1, cancellationToken);
            case IConditionalAccessInstanceOperation instance:
                return Resolve(EnclosingConditionalAccess(instance)?.Operation, depth + 1, cancellationToken);
            case ICoalesceOperation coalesce:
                return Resolve(coalesce.Value, depth + 1, cancellationToken);
            case ILocalReferenceOperation local:
                var initializer = Callables.InitializerOf(local.Local, local.SemanticModel, cancellationToken);
                return initializer is IObjectCreationOperation && IsStringSequence(local.Local.Type)
                    ? BoundPath(local, depth, cancellationToken) is { } bound ? new ConfigurationRead(bound, ConfigurationReadKind.List, local) : null
                    : Resolve(initializer, depth + 1, cancellationToken);
            case IPropertyReferenceOperation property:
                return FromProperty(property, depth, cancellationToken);
            case IInvocationOperation invocation:
                return FromInvocation(invocation, depth, cancellationToken);
            default:
                return null;
        }
    }

    private ConfigurationRead? FromProperty(IPropertyReferenceOperation property, int depth, CancellationToken cancellationToken)
    {
        // configuration["A:B"] on IConfiguration, IConfigurationSection, ConfigurationManager, ...
        if (property.Property.IsIndexer && property.Arguments.Length == 1 && IsConfiguration(property.Instance?.Type))
        {
            return property.Arguments[0].Value.ConstantValue.Value is string key && SectionPath(property.Instance, depth, cancellationToken) is { } path
                ? new ConfigurationRead(Combine(path, key), ConfigurationReadKind.Scalar, property)
                : null;
        }

        // section.Value
        if (property.Property.Name == "Value" && IsConfiguration(property.Instance?.Type))
        {
            return SectionPath(property.Instance, depth, cancellationToken) is { } path ? new ConfigurationRead(path, ConfigurationReadKind.Scalar, property) : null;
        }

        // section.Get<CorsSettings>().AllowedOrigins: the property's own section.
        if (property.Instance is { } instance && ObjectPath(instance, depth, cancellationToken) is { } objectPath)
        {
            var kind = property.Type?.SpecialType == SpecialType.System_String ? ConfigurationReadKind.Scalar
                : IsStringSequence(property.Type) ? ConfigurationReadKind.List
                : (ConfigurationReadKind?)null;
            return kind is { } k ? new ConfigurationRead(Combine(objectPath, property.Property.Name), k, property) : null;
        }

        return null;
    }

    private ConfigurationRead? FromInvocation(IInvocationOperation invocation, int depth, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var source = invocation.Instance ?? (method.IsExtensionMethod ? invocation.GetArgument(0) : null);
        switch (method.Name)
        {
            case "ToArray" or "ToList" or "ToHashSet" or "AsEnumerable" or "ToImmutableArray" or "ToImmutableHashSet":
                return Resolve(source, depth + 1, cancellationToken);

            case "Select" when method.IsExtensionMethod && Normalizer(invocation.GetArgument(1), cancellationToken) is { } normalizer:
                return Resolve(source, depth + 1, cancellationToken)?.With(normalizer: normalizer);

            case "Where" when method.IsExtensionMethod && DropsOnlyEmpty(invocation.GetArgument(1), cancellationToken):
                return Resolve(source, depth + 1, cancellationToken)?.With(removeEmptyEntries: true);

            case "Split" when method.ContainingType.SpecialType == SpecialType.System_String:
                return Resolve(source, depth + 1, cancellationToken) is { Kind: ConfigurationReadKind.Scalar } scalar && SplitOf(invocation) is { } split
                    ? scalar.With(ConfigurationReadKind.Split, split.Separators, split.Trim, split.RemoveEmpty)
                    : null;

            case "Trim" or "TrimEnd" or "TrimStart" or "ToLowerInvariant" or "ToLower"
                when method.ContainingType.SpecialType == SpecialType.System_String && StringNormalizer(invocation) is { } step:
                return Resolve(source, depth + 1, cancellationToken) is { Kind: ConfigurationReadKind.Scalar } read ? read.With(normalizer: step) : null;

            case "GetValue" when IsBinder(method) && KeyArgument(invocation) is { } key && ReturnsString(method):
                return SectionPath(source, depth, cancellationToken) is { } path ? new ConfigurationRead(Combine(path, key), ConfigurationReadKind.Scalar, invocation) : null;

            case "Get" when IsBinder(method) && IsStringSequence(method.ReturnType):
                return SectionPath(source, depth, cancellationToken) is { } listPath ? new ConfigurationRead(listPath, ConfigurationReadKind.List, invocation) : null;

            case "Get" when IsBinder(method) && method.ReturnType.SpecialType == SpecialType.System_String:
                return SectionPath(source, depth, cancellationToken) is { } valuePath ? new ConfigurationRead(valuePath, ConfigurationReadKind.Scalar, invocation) : null;

            default:
                return null;
        }
    }

    /// <summary>The section path an <c>IConfiguration</c> expression stands for: "" for the root, <c>A:B</c> for <c>GetSection("A").GetSection("B")</c>.</summary>
    private string? SectionPath(IOperation? operation, int depth, CancellationToken cancellationToken)
    {
        operation = operation.WalkDownConversions();
        if (operation is null || depth > Guards.MaxDepth || !IsConfiguration(operation.Type))
        {
            return null;
        }

        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "GetSection" or "GetRequiredSection" } call when KeyArgument(call) is { } key:
                var receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod ? call.GetArgument(0) : null);
                return SectionPath(receiver, depth + 1, cancellationToken) is { } parent ? Combine(parent, key) : null;
            case IInvocationOperation:
                return null;
            case ILocalReferenceOperation local when Callables.InitializerOf(local.Local, local.SemanticModel, cancellationToken) is { } initializer:
                return SectionPath(initializer, depth + 1, cancellationToken);
            case IConditionalAccessInstanceOperation instance:
                return SectionPath(EnclosingConditionalAccess(instance)?.Operation, depth + 1, cancellationToken);
            default:
                // builder.Configuration, an injected IConfiguration, app.Configuration: the root.
                return operation.Type is INamedTypeSymbol { Name: "IConfigurationSection" } ? null : string.Empty;
        }
    }

    /// <summary>The section a bound object comes from: <c>GetSection("Cors").Get&lt;CorsSettings&gt;()</c> is <c>Cors</c>.</summary>
    private string? ObjectPath(IOperation instance, int depth, CancellationToken cancellationToken)
    {
        instance = instance.WalkDownConversions()!;
        if (depth > Guards.MaxDepth)
        {
            return null;
        }

        switch (instance)
        {
            case IInvocationOperation { TargetMethod.Name: "Get" } get when IsBinder(get.TargetMethod) && get.TargetMethod.ReturnType.TypeKind == TypeKind.Class:
                return SectionPath(get.Instance ?? get.GetArgument(0), depth + 1, cancellationToken);
            case IPropertyReferenceOperation { Property.Name: "Value" or "CurrentValue", Instance.Type: INamedTypeSymbol { TypeArguments.Length: 1 } options }
                when options.Name is "IOptions" or "IOptionsMonitor" or "IOptionsSnapshot" && options.ContainingNamespace.ToDisplayString() == "Microsoft.Extensions.Options":
                return OptionsSection(options.TypeArguments[0], cancellationToken);
            case ILocalReferenceOperation local:
                return Callables.InitializerOf(local.Local, local.SemanticModel, cancellationToken) is { } initializer
                    ? initializer is IObjectCreationOperation ? BoundPath(local, depth, cancellationToken) : ObjectPath(initializer, depth + 1, cancellationToken)
                    : null;
            case IConditionalAccessInstanceOperation conditional when EnclosingConditionalAccess(conditional)?.Operation is { } receiver:
                return ObjectPath(receiver, depth + 1, cancellationToken);
            case ICoalesceOperation coalesce:
                return ObjectPath(coalesce.Value, depth + 1, cancellationToken);
            default:
                return null;
        }
    }

    /// <summary>
    /// For a local made with <c>new T()</c>: the section a <c>section.Bind(local)</c> call in the block that declares it
    /// binds into it (<c>var settings = new CorsSettings(); Configuration.GetSection("Cors").Bind(settings);</c>).
    /// </summary>
    private string? BoundPath(ILocalReferenceOperation local, int depth, CancellationToken cancellationToken)
    {
        if (local.SemanticModel is not { } semanticModel || local.Local.DeclaringSyntaxReferences.FirstOrDefault() is not { } declaration
            || declaration.SyntaxTree != semanticModel.SyntaxTree)
        {
            return null;
        }

        var scope = declaration.GetSyntax(cancellationToken).Ancestors().FirstOrDefault(n => n is BlockSyntax or CompilationUnitSyntax);
        var statements = scope switch
        {
            BlockSyntax block => block.Statements.AsEnumerable(),
            CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement),
            _ => Enumerable.Empty<StatementSyntax>(),
        };

        foreach (var statement in statements)
        {
            if (!statement.ToString().Contains("Bind") || semanticModel.GetOperation(statement, cancellationToken) is not { } operation)
            {
                continue;
            }

            foreach (var call in operation.DescendantsAndSelf().OfType<IInvocationOperation>())
            {
                if (call.TargetMethod.Name == "Bind" && IsBinder(call.TargetMethod) && call.Arguments.Length == 2
                    && call.Arguments[1].Value.WalkDownConversions() is ILocalReferenceOperation bound
                    && SymbolEqualityComparer.Default.Equals(bound.Local, local.Local))
                {
                    return SectionPath(call.Arguments[0].Value, depth + 1, cancellationToken);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The section an options class is bound to, for <c>IOptions&lt;T&gt;.Value</c>: the one path that the project's
    /// <c>Configure&lt;T&gt;(config.GetSection("A"))</c>, <c>AddOptions&lt;T&gt;().Bind(config.GetSection("A"))</c> or
    /// <c>AddOptions&lt;T&gt;().BindConfiguration("A")</c> calls give it, found by their syntax in any file (matched by the class's
    /// name: an analyzer may not ask for another file's semantic model); null when none or several differ. Cached per class.
    /// </summary>
    private string? OptionsSection(ITypeSymbol optionsType, CancellationToken cancellationToken)
        => _optionsSections.GetOrAdd(optionsType.Name, name => FindOptionsSection(name, cancellationToken));

    private string? FindOptionsSection(string typeName, CancellationToken cancellationToken)
    {
        string? found = null;
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (!tree.GetText(cancellationToken).ToString().Contains(typeName))
            {
                continue;
            }

            foreach (var generic in tree.GetRoot(cancellationToken).DescendantNodes().OfType<GenericNameSyntax>())
            {
                if (generic.Identifier.ValueText is not ("Configure" or "AddOptions") || generic.TypeArgumentList.Arguments.Count != 1
                    || LastName(generic.TypeArgumentList.Arguments[0]) != typeName
                    || BoundSectionSyntax(generic) is not { } path)
                {
                    continue;
                }

                if (found is not null && !string.Equals(found, path, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                found = path;
            }
        }

        return found;
    }

    private static string? LastName(TypeSyntax type)
        => type switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => null,
        };

    /// <summary><c>Configure&lt;T&gt;(section)</c>, <c>AddOptions&lt;T&gt;().Bind(section)</c>, <c>AddOptions&lt;T&gt;().BindConfiguration("A")</c>: the section's path.</summary>
    private static string? BoundSectionSyntax(GenericNameSyntax generic)
    {
        var call = generic.Parent is MemberAccessExpressionSyntax access && access.Name == generic ? access.Parent as InvocationExpressionSyntax : generic.Parent as InvocationExpressionSyntax;
        if (call is null)
        {
            return null;
        }

        if (generic.Identifier.ValueText == "Configure")
        {
            return call.ArgumentList.Arguments.Count == 1 ? SectionPathSyntax(call.ArgumentList.Arguments[0].Expression, 0) : null;
        }

        for (SyntaxNode node = call; node.Parent is MemberAccessExpressionSyntax next && next.Parent is InvocationExpressionSyntax chained; node = chained)
        {
            switch (next.Name.Identifier.ValueText)
            {
                case "Bind" when chained.ArgumentList.Arguments.Count == 1:
                    return SectionPathSyntax(chained.ArgumentList.Arguments[0].Expression, 0);
                case "BindConfiguration" when chained.ArgumentList.Arguments.Count >= 1:
                    return chained.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { Token.Value: string key } ? key : null;
            }
        }

        return null;
    }

    private static string? SectionPathSyntax(ExpressionSyntax expression, int depth)
    {
        if (depth > Guards.MaxDepth)
        {
            return null;
        }

        switch (expression)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetSection" or "GetRequiredSection" } access } call
                when call.ArgumentList.Arguments.Count == 1 && call.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { Token.Value: string key }:
                return SectionPathSyntax(access.Expression, depth + 1) is { } parent ? Combine(parent, key) : null;
            case IdentifierNameSyntax identifier when IsConfigurationName(identifier.Identifier.ValueText):
                // configuration, _config: the root (a local holding a section is not followed, so it must not read as the root).
                return string.Empty;
            case MemberAccessExpressionSyntax access when IsConfigurationName(access.Name.Identifier.ValueText):
                // builder.Configuration, app.Configuration, this.config: the root.
                return string.Empty;
            default:
                return null;
        }
    }

    private static bool IsConfigurationName(string name)
        => name.TrimStart('_').EndsWith("Configuration", StringComparison.OrdinalIgnoreCase) || name.TrimStart('_').Equals("config", StringComparison.OrdinalIgnoreCase);

    private static IConditionalAccessOperation? EnclosingConditionalAccess(IConditionalAccessInstanceOperation instance)
    {
        for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && access.WhenNotNull.DescendantsAndSelf().Contains(instance))
            {
                return access;
            }
        }

        return null;
    }

    private bool IsConfiguration(ITypeSymbol? type)
        => type is not null && _configuration is { } configuration
           && (SymbolEqualityComparer.Default.Equals(type, configuration) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, configuration)));

    private static bool IsBinder(IMethodSymbol method)
        => method.ContainingType is { Name: "ConfigurationBinder" } binder && binder.ContainingNamespace.ToDisplayString() == "Microsoft.Extensions.Configuration";

    private static bool ReturnsString(IMethodSymbol method) => method.ReturnType.SpecialType == SpecialType.System_String;

    private static string? KeyArgument(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { Name: "key" } && argument.Value.ConstantValue.Value is string key)
            {
                return key;
            }
        }

        return null;
    }

    private static string Combine(string path, string key) => path.Length == 0 ? key : path + ":" + key;

    private static bool IsStringSequence(ITypeSymbol? type)
        => type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }
           || (type is not null && type.SpecialType != SpecialType.System_String
               && (type.AllInterfaces.Any(IsEnumerableOfString) || (type is INamedTypeSymbol named && IsEnumerableOfString(named))));

    private static bool IsEnumerableOfString(INamedTypeSymbol type)
        => type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T && type.TypeArguments[0].SpecialType == SpecialType.System_String;

    /// <summary>The separators and options of <c>s.Split(',')</c>, <c>s.Split(new[] { ',', ';' })</c>, <c>s.Split(",", options)</c>; null for forms we do not read.</summary>
    private static (ImmutableArray<char> Separators, bool Trim, bool RemoveEmpty)? SplitOf(IInvocationOperation split)
    {
        var separators = ImmutableArray.CreateBuilder<char>();
        var options = 0;
        foreach (var argument in split.Arguments)
        {
            var value = argument.Value.WalkDownConversions()!;
            switch (argument.Parameter?.Type)
            {
                case { SpecialType: SpecialType.System_Char } when value.ConstantValue.Value is char c:
                    separators.Add(c);
                    break;
                case { SpecialType: SpecialType.System_String } when value.ConstantValue.Value is string { Length: 1 } s:
                    separators.Add(s[0]);
                    break;
                case IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char } when value is IArrayCreationOperation { Initializer: { } initializer }:
                    foreach (var element in initializer.ElementValues)
                    {
                        if (element.ConstantValue.Value is not char c)
                        {
                            return null;
                        }

                        separators.Add(c);
                    }

                    break;
                case { TypeKind: TypeKind.Enum, Name: "StringSplitOptions" } when value.ConstantValue.Value is int flags:
                    options = flags;
                    break;
                case { SpecialType: SpecialType.System_Int32 }:
                    // Split(separator, count): a count cuts the list short; not read.
                    return null;
                default:
                    return null;
            }
        }

        // StringSplitOptions.RemoveEmptyEntries = 1, TrimEntries = 2 (.NET 5+).
        return separators.Count == 0 ? null : (separators.ToImmutable(), (options & 2) != 0, (options & 1) != 0);
    }

    /// <summary><c>o =&gt; o.Trim()</c>, <c>o =&gt; o.TrimEnd('/')</c>, <c>o =&gt; o.Trim().ToLowerInvariant()</c>: what the lambda does to one entry.</summary>
    private static Func<string, string>? Normalizer(IOperation? selector, CancellationToken cancellationToken)
    {
        if (Callables.Resolve(selector, cancellationToken) is not { } callable || callable.ReturnedValues is not { Length: 1 } returned)
        {
            return null;
        }

        Func<string, string>? composed = static s => s;
        var value = returned[0].WalkDownConversions();
        var steps = new List<Func<string, string>>();
        while (value is IInvocationOperation call && call.TargetMethod.ContainingType.SpecialType == SpecialType.System_String && StringNormalizer(call) is { } step)
        {
            steps.Add(step);
            value = call.Instance.WalkDownConversions();
        }

        if (!callable.IsFirstParameter(value))
        {
            return null;
        }

        steps.Reverse();
        foreach (var step in steps)
        {
            var previous = composed;
            composed = s => step(previous(s));
        }

        return composed;
    }

    private static Func<string, string>? StringNormalizer(IInvocationOperation call)
    {
        var characters = new List<char>();
        foreach (var argument in call.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value?.ConstantValue.Value is char c)
            {
                characters.Add(c);
            }
            else if (value is IArrayCreationOperation { Initializer: { } initializer } && initializer.ElementValues.All(e => e.ConstantValue.Value is char))
            {
                characters.AddRange(initializer.ElementValues.Select(e => (char)e.ConstantValue.Value!));
            }
            else if (value is not IArrayCreationOperation { Initializer: null or { ElementValues.Length: 0 } })
            {
                return null;
            }
        }

        var trimmed = characters.Count == 0 ? null : characters.ToArray();
        return call.TargetMethod.Name switch
        {
            "Trim" => s => trimmed is null ? s.Trim() : s.Trim(trimmed),
            "TrimEnd" => s => trimmed is null ? s.TrimEnd() : s.TrimEnd(trimmed),
            "TrimStart" => s => trimmed is null ? s.TrimStart() : s.TrimStart(trimmed),
            "ToLowerInvariant" or "ToLower" => static s => s.ToLowerInvariant(),
            _ => null,
        };
    }

    /// <summary><c>o =&gt; !string.IsNullOrWhiteSpace(o)</c> or <c>!string.IsNullOrEmpty(o)</c>: drops only empty entries.</summary>
    private static bool DropsOnlyEmpty(IOperation? predicate, CancellationToken cancellationToken)
        => Callables.Resolve(predicate, cancellationToken) is { ReturnedValues: { Length: 1 } returned } callable
           && returned[0].WalkDownConversions() is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: IInvocationOperation { TargetMethod.Name: "IsNullOrWhiteSpace" or "IsNullOrEmpty" } test }
           && test.Arguments.Length == 1 && callable.IsFirstParameter(test.Arguments[0].Value);
}

/// <summary>Configured entries are the same entry when they are written at the same place.</summary>
internal sealed class EntryLocationComparer : IEqualityComparer<ConfiguredEntry>
{
    public static readonly EntryLocationComparer Instance = new();

    public bool Equals(ConfiguredEntry x, ConfiguredEntry y) => x.Location.Equals(y.Location);

    public int GetHashCode(ConfiguredEntry entry) => entry.Location.GetHashCode();
}
