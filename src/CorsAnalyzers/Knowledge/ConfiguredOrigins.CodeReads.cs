using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

// ConfiguredOrigins: how code reads configuration (IConfiguration indexers and GetSection/GetValue/Get/Bind chains,
// options classes bound to a section, Split/Select/Where on the way), from the code back to a key path.
internal sealed partial class ConfiguredOrigins
{
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
                return operation.Type is INamedTypeSymbol { Name: "IConfigurationSection" } section && section.Is(_symbols.IConfigurationSection) ? null : string.Empty;
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
                when options.Name is "IOptions" or "IOptionsMonitor" or "IOptionsSnapshot"
                     && (options.Is(_symbols.IOptions) || options.Is(_symbols.IOptionsMonitor) || options.Is(_symbols.IOptionsSnapshot)):
                return OptionsSection(options.TypeArguments[0], instance.SemanticModel, cancellationToken);
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false }
                when instance.Type is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None, DeclaringSyntaxReferences.IsEmpty: false } bound:
                // A field or property holding an options class bound to a section (_settings = options.Value in a middleware's
                // constructor, in any file): an instance of a class the project binds to configuration holds that section.
                return OptionsSection(bound, instance.SemanticModel, cancellationToken);
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
    /// name, so that no file is bound for a project that binds nothing); a section name that is no literal
    /// (<c>CorsSettings.SectionName</c>, <c>nameof(CorsSettings)</c>) is the constant the registration's own file gives it
    /// (<see cref="Declarations"/>). Null when none or several differ. Cached per class.
    /// </summary>
    private string? OptionsSection(ITypeSymbol optionsType, SemanticModel? from, CancellationToken cancellationToken)
        => _optionsSections.TryGetValue(optionsType.Name, out var known)
            ? known
            : _optionsSections.GetOrAdd(optionsType.Name, FindOptionsSection(optionsType.Name, from, cancellationToken));

    private string? FindOptionsSection(string typeName, SemanticModel? from, CancellationToken cancellationToken)
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
                    || BoundSectionSyntax(generic, from, cancellationToken) is not { } path)
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
    private static string? BoundSectionSyntax(GenericNameSyntax generic, SemanticModel? from, CancellationToken cancellationToken)
    {
        var call = generic.Parent is MemberAccessExpressionSyntax access && access.Name == generic ? access.Parent as InvocationExpressionSyntax : generic.Parent as InvocationExpressionSyntax;
        if (call is null)
        {
            return null;
        }

        if (generic.Identifier.ValueText == "Configure")
        {
            return call.ArgumentList.Arguments.Count == 1 ? SectionPathSyntax(call.ArgumentList.Arguments[0].Expression, from, 0, cancellationToken) : null;
        }

        for (SyntaxNode node = call; node.Parent is MemberAccessExpressionSyntax next && next.Parent is InvocationExpressionSyntax chained; node = chained)
        {
            switch (next.Name.Identifier.ValueText)
            {
                case "Bind" when chained.ArgumentList.Arguments.Count == 1:
                    return SectionPathSyntax(chained.ArgumentList.Arguments[0].Expression, from, 0, cancellationToken);
                case "BindConfiguration" when chained.ArgumentList.Arguments.Count >= 1:
                    return KeySyntax(chained.ArgumentList.Arguments[0].Expression, from, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// A section name written in a registration: a literal, or a constant (<c>CorsSettings.SectionName</c>,
    /// <c>nameof(CorsSettings)</c>) as the registration's own file's model gives it.
    /// </summary>
    private static string? KeySyntax(ExpressionSyntax expression, SemanticModel? from, CancellationToken cancellationToken)
    {
        if (expression is LiteralExpressionSyntax { Token.Value: string key })
        {
            return key;
        }

        return from is not null && Declarations.ModelOf(expression.SyntaxTree, from) is { } model
               && model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: string constant }
            ? constant
            : null;
    }

    private static string? SectionPathSyntax(ExpressionSyntax expression, SemanticModel? from, int depth, CancellationToken cancellationToken)
    {
        if (depth > Guards.MaxDepth)
        {
            return null;
        }

        switch (expression)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetSection" or "GetRequiredSection" } access } call
                when call.ArgumentList.Arguments.Count == 1 && KeySyntax(call.ArgumentList.Arguments[0].Expression, from, cancellationToken) is { } key:
                return SectionPathSyntax(access.Expression, from, depth + 1, cancellationToken) is { } parent ? Combine(parent, key) : null;
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

    private bool IsBinder(IMethodSymbol method)
        => method.ContainingType is { Name: "ConfigurationBinder" } binder && binder.Is(_symbols.ConfigurationBinder);

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
