using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.CodeFixes.Editing;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS003. Three fixes, each offered only where it is safe:
/// <list type="bullet">
/// <item>Compare the origin against an exact allowlist: the match (<c>origin.EndsWith("contoso.com")</c>, the whole
/// <c>origin.IndexOf(x) &gt;= 0</c>, <c>Regex.IsMatch(origin, p)</c>, the whole <c>list.Any(x =&gt; origin.Contains(x))</c>)
/// becomes <c>AllowedCorsOrigins.Contains(origin)</c>, the type's allowlist seeded with the one exact origin the literal
/// names. A match on a <c>Uri</c> part is fixed only when the origin string the Uri was made from is in scope.</item>
/// <item>Allow subdomains with <c>SetIsOriginAllowedToAllowWildcardSubdomains</c>: a <c>SetIsOriginAllowed</c> predicate that
/// is only a host-name suffix check (<c>o =&gt; o.EndsWith("contoso.com")</c>, <c>o =&gt; new Uri(o).Host.EndsWith(..)</c>)
/// becomes <c>WithOrigins("https://contoso.com", "https://*.contoso.com").SetIsOriginAllowedToAllowWildcardSubdomains()</c>,
/// when the policy sets origins nowhere else and CORS003 would not report the wildcard (a shared host, or
/// <c>report_subdomain_wildcards = true</c>).</item>
/// <item>Remove a <c>https://*.shared-host</c> entry from <c>WithOrigins</c>, when at least one other entry stays.</item>
/// </list>
/// The first two for a matching call (<see cref="DiagnosticProperties.Kinds.Match"/>), the third for a wildcard entry
/// (<see cref="DiagnosticProperties.Kinds.WildcardEntry"/>), as the analyzer says.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OriginSubstringMatchFixer)), Shared]
public sealed class OriginSubstringMatchFixer : CorsCodeFixProvider
{
    internal const string AllowlistKey = "CORS003.Allowlist";
    internal const string WildcardSubdomainsKey = "CORS003.WildcardSubdomains";
    internal const string RemoveWildcardEntryKey = "CORS003.RemoveWildcardEntry";

    private static readonly CorsFix s_allowlist = new("Compare the origin against an exact allowlist", AllowlistKey);
    private static readonly CorsFix s_wildcardSubdomains = new("Allow subdomains with SetIsOriginAllowedToAllowWildcardSubdomains", WildcardSubdomainsKey);
    private static readonly CorsFix s_removeEntry = new("Remove the wildcard origin", RemoveWildcardEntryKey);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.OriginSubstringMatch);

    internal override async Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        // The compared text comes from configuration (suffixes.Any(s => origin.EndsWith(s)) over an appsettings list): an
        // allowlist rewrite would drop what the configuration says, so no fix is offered; the values are the user's to change.
        if (await ComparesConfiguredTextAsync(document, node, cancellationToken).ConfigureAwait(false))
        {
            return Array.Empty<CorsFix>();
        }

        var plans = await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false);
        var fixes = new List<CorsFix>();
        if (plans.Allowlist is not null)
        {
            fixes.Add(s_allowlist);
        }

        if (plans.Wildcard is not null)
        {
            fixes.Add(s_wildcardSubdomains);
        }

        if (plans.Removal is not null)
        {
            fixes.Add(s_removeEntry);
        }

        return fixes;
    }

    private static async Task<bool> ComparesConfiguredTextAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || model.GetOperation(node, cancellationToken) is not IInvocationOperation { Arguments.Length: > 0 } call
            || call.TargetMethod.Name is not ("EndsWith" or "StartsWith" or "Contains" or "IndexOf"))
        {
            return false;
        }

        var text = call.Instance is null ? (call.Arguments.Length > 1 ? call.Arguments[1].Value : null) : call.Arguments[0].Value;
        return ConfiguredOrigins.Create(model.Compilation, document.Project.AnalyzerOptions).IsReadFromConfiguration(text, cancellationToken);
    }

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        var plans = await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return null;
        }

        if (equivalenceKey == AllowlistKey && plans.Allowlist is { } lookup)
        {
            // The check is exact now: an echo it guards needs Vary: Origin, which CORS005 asked for only once CORS003 was gone.
            var fixedCheck = new SyntaxAnnotation();
            var fixedDocument = document.WithSyntaxRoot(ApplyAllowlist(root, lookup, fixedCheck));
            return await VaryHeader.AppendWhereMissingAsync(fixedDocument, fixedCheck, cancellationToken).ConfigureAwait(false);
        }

        SyntaxNode? newRoot = equivalenceKey switch
        {
            WildcardSubdomainsKey when plans.Wildcard is { } plan => ApplyWildcard(root, plan),
            RemoveWildcardEntryKey when plans.Removal is { } entry => root.RemoveNode(entry, SyntaxRemoveOptions.KeepNoTrivia),
            _ => null,
        };
        return newRoot is null ? null : document.WithSyntaxRoot(newRoot);
    }

    // ------------------------------------------------------------------ planning

    /// <summary>The expression to replace, the origin to look up instead, and the seeds for the allowlist.</summary>
    private sealed record LookupPlan(ExpressionSyntax Replaced, ExpressionSyntax Origin, bool Negated, IReadOnlyList<string> Seeds, AllowlistPlan Allowlist);

    /// <summary>The <c>SetIsOriginAllowed(...)</c> call to replace and the <c>WithOrigins</c> entries that say the same precisely.</summary>
    private sealed record WildcardPlan(InvocationExpressionSyntax SetIsOriginAllowed, MemberAccessExpressionSyntax Access, IReadOnlyList<string> Entries);

    private sealed record Plans(LookupPlan? Allowlist, WildcardPlan? Wildcard, SyntaxNode? Removal);

    private static readonly Plans s_none = new(null, null, null);

    /// <summary>The fixes for the kind of finding the analyzer reported, planned on the current document.</summary>
    private static async Task<Plans> PlanAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node.ContainsDiagnostics || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return s_none;
        }

        var knowledge = CorsKnowledge.Create(model.Compilation);
        var patterns = OriginPatterns.FromOptions(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(node.SyntaxTree));
        var kind = DiagnosticProperties.KindOf(diagnostic);
        if (kind == DiagnosticProperties.Kinds.WildcardEntry)
        {
            return node is LiteralExpressionSyntax literal ? new Plans(null, null, PlanRemoval(literal, model, knowledge, patterns, cancellationToken)) : s_none;
        }

        if (kind != DiagnosticProperties.Kinds.Match
            || node is not InvocationExpressionSyntax || model.GetOperation(node, cancellationToken) is not IInvocationOperation call)
        {
            return s_none;
        }

        return new Plans(
            PlanAllowlist(document, model, call, knowledge, patterns),
            PlanWildcard(call, knowledge, patterns),
            null);
    }

    private static LookupPlan? PlanAllowlist(Document document, SemanticModel model, IInvocationOperation call, CorsKnowledge knowledge, OriginPatterns patterns)
    {
        var method = call.TargetMethod;
        var isRegex = method.Name is "IsMatch" or "Match" && SymbolEqualityComparer.Default.Equals(method.ContainingType, knowledge.Symbols.Regex);
        var isText = method.Name is "EndsWith" or "StartsWith" or "Contains" or "IndexOf" && method.ContainingType.SpecialType == SpecialType.System_String;
        if (!isRegex && !isText)
        {
            return null;
        }

        var matched = isRegex ? InputOf(call) : call.Instance;
        if (matched is null)
        {
            return null;
        }

        // What the match stands for as a bool, and whether that bool means "matches" or "does not match".
        IOperation replaced = call;
        var negated = false;
        switch (method.Name)
        {
            case "IndexOf":
                if (call.WalkUpConversions() is not IBinaryOperation comparison || FoundWhen(comparison, call) is not { } found)
                {
                    return null;
                }

                replaced = comparison;
                negated = !found;
                break;
            case "Match":
                if (call.WalkUpConversions() is not IPropertyReferenceOperation { Property.Name: "Success" } success)
                {
                    return null;
                }

                replaced = success;
                break;
        }

        if (replaced.Type?.SpecialType != SpecialType.System_Boolean || replaced.Syntax is not ExpressionSyntax replacedSyntax)
        {
            return null;
        }

        // list.Any(x => origin.EndsWith(x)): the whole Any call asks the question.
        if (ElementPredicateCall(replaced, matched) is { } any)
        {
            if (negated)
            {
                return null;
            }

            replacedSyntax = any;
        }
        else if (UsesPerElementParameter(call, matched))
        {
            return null;
        }

        if (OriginExpression(matched, replacedSyntax, model, knowledge) is not { } origin)
        {
            return null;
        }

        var seeds = new List<string>();
        if (isText && call.GetArgument(0)?.ConstantValue.Value is string text && patterns.ExactOriginNamedBy(text) is { } seed
            && AcceptedBefore(call, replaced, matched, text, seed, knowledge))
        {
            seeds.Add(seed);
        }

        var allowlist = (negated ? null : Allowlist.PlanInSameCheck(model, replacedSyntax, origin)) ?? Allowlist.Plan(document, model, replacedSyntax, seeds);
        return allowlist.CanBeDeclared ? new LookupPlan(replacedSyntax, origin, negated, seeds, allowlist) : null;
    }

    /// <summary>
    /// Whether the check accepted <paramref name="seed"/> before the fix: a seed the check refused (the normalised
    /// <c>"http://partner.fabrikam.com"</c> of <c>origin.Contains("http://partner.fabrikam.com:80")</c>, which no browser's
    /// Origin contains) would be an origin the fix lets in, so it is not seeded. The seed is compared as the check compares
    /// the origin: the same part of it (a <c>Uri</c>'s host or authority), the same case rule, the same method.
    /// </summary>
    private static bool AcceptedBefore(IInvocationOperation call, IOperation replaced, IOperation matched, string text, string seed, CorsKnowledge knowledge)
    {
        var compared = seed;
        var value = matched.WalkDownConversions();
        var transforms = new List<string>();
        while (value is IInvocationOperation { TargetMethod.Name: "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Trim", Instance: { } inner } transform)
        {
            transforms.Add(transform.TargetMethod.Name);
            value = inner.WalkDownConversions();
        }

        if (IsUriPart(value, knowledge))
        {
            if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri))
            {
                return false;
            }

            compared = ((IPropertyReferenceOperation)value!).Property.Name switch
            {
                "Host" => uri.Host,
                "Authority" => uri.Authority,
                "DnsSafeHost" => uri.DnsSafeHost,
                _ => uri.IdnHost,
            };
        }

        for (var i = transforms.Count - 1; i >= 0; i--)
        {
            compared = transforms[i] switch
            {
                "ToUpper" or "ToUpperInvariant" => compared.ToUpperInvariant(),
                "Trim" => compared.Trim(),
                _ => compared.ToLowerInvariant(),
            };
        }

        var comparison = StringComparison.Ordinal;
        foreach (var argument in call.Arguments)
        {
            if (argument.Value.ConstantValue.Value is int kind && argument.Parameter?.Type.Name == nameof(StringComparison))
            {
                comparison = (StringComparison)kind is StringComparison.OrdinalIgnoreCase or StringComparison.InvariantCultureIgnoreCase or StringComparison.CurrentCultureIgnoreCase
                    ? StringComparison.OrdinalIgnoreCase
                    : StringComparison.Ordinal;
            }
        }

        return call.TargetMethod.Name switch
        {
            "EndsWith" => compared.EndsWith(text, comparison),
            "StartsWith" => compared.StartsWith(text, comparison),
            "Contains" => compared.IndexOf(text, comparison) >= 0,
            // origin.IndexOf(x) == 0 asks for a prefix, every other comparison FoundWhen accepts for any place.
            _ => replaced is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } equality
                 && (equality.RightOperand.ConstantValue.Value is 0 || equality.LeftOperand.ConstantValue.Value is 0)
                ? compared.IndexOf(text, comparison) == 0
                : compared.IndexOf(text, comparison) >= 0,
        };
    }

    private static IOperation? InputOf(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name == "input")
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// For <c>origin.IndexOf(x) OP constant</c>: true when the comparison means "found" (<c>&gt;= 0</c>, <c>!= -1</c>,
    /// <c>&gt; -1</c>, <c>== 0</c> as a prefix), false when it means "not found" (<c>&lt; 0</c>, <c>== -1</c>, <c>!= 0</c>),
    /// null for anything else (<c>&gt; 0</c>).
    /// </summary>
    private static bool? FoundWhen(IBinaryOperation comparison, IOperation call)
    {
        var callOnLeft = comparison.LeftOperand.WalkDownConversions() == call;
        var other = callOnLeft ? comparison.RightOperand : comparison.LeftOperand;
        if (other.ConstantValue.Value is not int constant)
        {
            return null;
        }

        // Read "constant OP call" as "call OP' constant".
        var op = comparison.OperatorKind;
        if (!callOnLeft)
        {
            op = op switch
            {
                BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                _ => op,
            };
        }

        return (constant, op) switch
        {
            (0, BinaryOperatorKind.GreaterThanOrEqual) or (-1, BinaryOperatorKind.GreaterThan) or (-1, BinaryOperatorKind.NotEquals) or (0, BinaryOperatorKind.Equals) => true,
            (0, BinaryOperatorKind.LessThan) or (-1, BinaryOperatorKind.LessThanOrEqual) or (-1, BinaryOperatorKind.Equals) or (0, BinaryOperatorKind.NotEquals) => false,
            _ => null,
        };
    }

    /// <summary>
    /// <c>list.Any(x =&gt; origin.Contains(x))</c>, <c>list.Exists(..)</c>, <c>Array.Exists(array, ..)</c>: the call whose
    /// predicate is only this match, with the origin captured from outside; null otherwise.
    /// </summary>
    private static InvocationExpressionSyntax? ElementPredicateCall(IOperation replaced, IOperation matched)
    {
        if (replaced.WalkUpConversions() is not IReturnOperation { Parent: IBlockOperation { Operations.Length: 1 } body }
            || body.Parent is not IAnonymousFunctionOperation function)
        {
            return null;
        }

        IOperation node = function;
        while (node.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            node = node.Parent;
        }

        if (node.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Any" or "Exists" } owner }
            || owner.Syntax is not InvocationExpressionSyntax ownerSyntax
            || References(matched, function.Symbol))
        {
            return null;
        }

        return ownerSyntax;
    }

    /// <summary>
    /// The match compares with the parameter of a lambda it is the whole body of (<c>list.Where(x =&gt; origin.EndsWith(x))</c>):
    /// replacing only the match would keep a loop over the list that no longer means anything.
    /// </summary>
    private static bool UsesPerElementParameter(IInvocationOperation call, IOperation matched)
    {
        for (var parent = call.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation function)
            {
                foreach (var argument in call.Arguments)
                {
                    if (argument.Value != matched && References(argument.Value, function.Symbol))
                    {
                        return true;
                    }
                }

                if (call.Instance is { } instance && instance != matched && References(instance, function.Symbol))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool References(IOperation operation, IMethodSymbol function)
        => operation.DescendantsAndSelf().OfType<IParameterReferenceOperation>()
            .Any(p => SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, function));

    /// <summary>
    /// The origin string to look up: the matched string itself, or for a <c>Uri</c> part the string the Uri was made from
    /// (<c>new Uri(origin)</c>, <c>Uri.TryCreate(origin, ..., out var uri)</c>) when it can be named at <paramref name="at"/>.
    /// StringValues get <c>.ToString()</c>.
    /// </summary>
    private static ExpressionSyntax? OriginExpression(IOperation matched, SyntaxNode at, SemanticModel model, CorsKnowledge knowledge)
    {
        var value = matched.WalkDownConversions()!;
        if (value is IInvocationOperation { TargetMethod.Name: "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Trim" } normalized
            && IsUriPart(normalized.Instance.WalkDownConversions(), knowledge))
        {
            value = normalized.Instance.WalkDownConversions()!;
        }

        if (IsUriPart(value, knowledge))
        {
            return UriSource(((IPropertyReferenceOperation)value).Instance, at, model, knowledge);
        }

        return AsString(value, knowledge);
    }

    private static bool IsUriPart(IOperation? value, CorsKnowledge knowledge)
        => value is IPropertyReferenceOperation { Property.Name: "Host" or "Authority" or "DnsSafeHost" or "IdnHost", Instance: not null } property
           && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, knowledge.Symbols.Uri);

    private static ExpressionSyntax? UriSource(IOperation? uri, SyntaxNode at, SemanticModel model, CorsKnowledge knowledge)
    {
        switch (uri.WalkDownConversions())
        {
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, knowledge.Symbols.Uri)
                                                        && creation.Arguments.Length == 1:
                return AsString(creation.Arguments[0].Value.WalkDownConversions(), knowledge);

            case ILocalReferenceOperation local:
                IOperation? source = null;
                var count = 0;
                foreach (var (value, site) in local.Local.AssignmentsOf(local.Root()))
                {
                    count++;
                    source = value.WalkDownConversions() switch
                    {
                        IObjectCreationOperation { Arguments.Length: 1 } creation when SymbolEqualityComparer.Default.Equals(creation.Type, knowledge.Symbols.Uri)
                            => creation.Arguments[0].Value,
                        null when site is IInvocationOperation { TargetMethod.Name: "TryCreate" } tryCreate
                                  && SymbolEqualityComparer.Default.Equals(tryCreate.TargetMethod.ContainingType, knowledge.Symbols.Uri)
                                  && tryCreate.GetArgument(0)?.Type?.SpecialType == SpecialType.System_String
                            => tryCreate.GetArgument(0),
                        _ => null,
                    };
                }

                // The uri was made once, from a variable we can name where the match is.
                var symbol = source.WalkDownConversions() switch
                {
                    ILocalReferenceOperation l => (ISymbol)l.Local,
                    IParameterReferenceOperation p => p.Parameter,
                    _ => null,
                };
                if (count != 1 || symbol is null
                    || !model.LookupSymbols(at.SpanStart, name: symbol.Name).Any(s => SymbolEqualityComparer.Default.Equals(s, symbol)))
                {
                    return null;
                }

                return AsString(source.WalkDownConversions(), knowledge);

            default:
                return null;
        }
    }

    private static ExpressionSyntax? AsString(IOperation? value, CorsKnowledge knowledge)
    {
        if (value?.Syntax is not ExpressionSyntax syntax)
        {
            return null;
        }

        if (value.Type?.SpecialType == SpecialType.System_String)
        {
            return syntax.WithoutTrivia();
        }

        return SymbolEqualityComparer.Default.Equals(value.Type, knowledge.Symbols.StringValues) ? Expressions.ToStringOf(syntax) : null;
    }

    /// <summary>
    /// <c>SetIsOriginAllowed(o =&gt; o.EndsWith("contoso.com"))</c> or <c>new Uri(o).Host.EndsWith(..)</c>, and nothing else in
    /// the predicate or in the policy's origin settings.
    /// </summary>
    private static WildcardPlan? PlanWildcard(IInvocationOperation call, CorsKnowledge knowledge, OriginPatterns patterns)
    {
        if (call.TargetMethod is not { Name: "EndsWith", ContainingType.SpecialType: SpecialType.System_String }
            || call.GetArgument(0)?.ConstantValue.Value is not string text
            || call.WalkUpConversions() is not IReturnOperation { Parent: IBlockOperation { Operations.Length: 1 } body }
            || body.Parent is not IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } function)
        {
            return null;
        }

        IOperation node = function;
        while (node.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            node = node.Parent;
        }

        if (node.Parent is not IArgumentOperation { Parent: IInvocationOperation setIsOriginAllowed }
            || !IsPolicyBuilderCall(setIsOriginAllowed, knowledge, "SetIsOriginAllowed")
            || setIsOriginAllowed.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } setSyntax)
        {
            return null;
        }

        // The origin itself, or the host (or authority) of new Uri(origin).
        var parameter = function.Symbol.Parameters[0];
        var instance = call.Instance.WalkDownConversions();
        var allowsPort = true;
        if (instance is IPropertyReferenceOperation { Property.Name: "Host" or "Authority" } part && IsUriPart(part, knowledge)
            && part.Instance.WalkDownConversions() is IObjectCreationOperation { Arguments.Length: 1 } creation
            && SymbolEqualityComparer.Default.Equals(creation.Type, knowledge.Symbols.Uri))
        {
            allowsPort = part.Property.Name == "Authority";
            instance = creation.Arguments[0].Value.WalkDownConversions();
        }

        if (instance is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
        {
            return null;
        }

        var suffix = text.Trim().ToLowerInvariant();
        var dotted = suffix.StartsWith(".", StringComparison.Ordinal);
        var authority = dotted ? suffix.Substring(1) : suffix;
        var colon = authority.IndexOf(':');
        var host = colon < 0 ? authority : authority.Substring(0, colon);
        var port = colon < 0 ? string.Empty : authority.Substring(colon);
        if (!OriginPatterns.IsHostName(host) || patterns.IsOpenToStrangers(host)
            || (port.Length > 0 && (!allowsPort || port.Length == 1 || port.Skip(1).Any(c => c is < '0' or > '9'))))
        {
            return null;
        }

        var wildcard = "https://*." + host + port;
        if (patterns.WildcardEntrySlipThrough(wildcard) is not null || OtherOriginSettings(setIsOriginAllowed, knowledge))
        {
            // The wildcard would be reported in turn (report_subdomain_wildcards = true), or the policy sets origins elsewhere.
            return null;
        }

        var entries = dotted ? new[] { wildcard } : new[] { "https://" + host + port, wildcard };
        return new WildcardPlan(setSyntax, access, entries);
    }

    private static bool IsPolicyBuilderCall(IInvocationOperation invocation, CorsKnowledge knowledge, string name)
        => invocation.TargetMethod.Name == name && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, knowledge.Symbols.CorsPolicyBuilder);

    /// <summary>
    /// Another origin setting in the same policy (the lambda that configures the builder, or the member): replacing the
    /// predicate would turn <c>WithOrigins</c> entries it overrode back on, or be overridden itself.
    /// </summary>
    private static bool OtherOriginSettings(IInvocationOperation setIsOriginAllowed, CorsKnowledge knowledge)
    {
        IOperation scope = setIsOriginAllowed.Root();
        for (var parent = setIsOriginAllowed.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation function
                && function.Symbol.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, knowledge.Symbols.CorsPolicyBuilder)))
            {
                scope = function;
                break;
            }
        }

        foreach (var operation in scope.Descendants())
        {
            if (operation != setIsOriginAllowed && operation is IInvocationOperation other
                && other.TargetMethod.Name is "WithOrigins" or "AllowAnyOrigin" or "SetIsOriginAllowed" or "SetIsOriginAllowedToAllowWildcardSubdomains"
                && SymbolEqualityComparer.Default.Equals(other.TargetMethod.ContainingType, knowledge.Symbols.CorsPolicyBuilder))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>https://*.shared-host</c> entry of <c>WithOrigins</c> (an argument, or an element of an array argument) that is not the only one.</summary>
    private static SyntaxNode? PlanRemoval(LiteralExpressionSyntax literal, SemanticModel model, CorsKnowledge knowledge, OriginPatterns patterns, CancellationToken cancellationToken)
    {
        if (literal.Token.Value is not string entry || patterns.WildcardEntrySlipThrough(entry) is null)
        {
            return null;
        }

        SyntaxNode removed;
        int count;
        InvocationExpressionSyntax? invocation;
        switch (literal.Parent)
        {
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax owner } list } argument when argument.NameColon is null:
                removed = argument;
                count = list.Arguments.Count;
                invocation = owner;
                break;
            case InitializerExpressionSyntax { Parent: ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax } initializer
                when initializer.Parent?.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax owner } }:
                removed = literal;
                count = initializer.Expressions.Count;
                invocation = owner;
                break;
            default:
                return null;
        }

        return count >= 2
               && model.GetOperation(invocation, cancellationToken) is IInvocationOperation withOrigins
               && IsPolicyBuilderCall(withOrigins, knowledge, "WithOrigins")
            ? removed
            : null;
    }

    // ------------------------------------------------------------------ editing

    private static SyntaxNode ApplyAllowlist(SyntaxNode root, LookupPlan plan, SyntaxAnnotation anchor)
    {
        var lookup = Allowlist.Contains(plan.Allowlist, plan.Origin);
        if (plan.Negated)
        {
            lookup = SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, lookup);
        }

        SyntaxNode target = plan.Replaced;
        SyntaxNode replacement = lookup.WithTriviaFrom(plan.Replaced);

        // a.EndsWith("x") || a.EndsWith("y"), fixed one after the other: the second lookup would repeat the first.
        if (plan.Replaced.Parent is BinaryExpressionSyntax binary
            && binary.Kind() is SyntaxKind.LogicalOrExpression or SyntaxKind.LogicalAndExpression)
        {
            var other = binary.Left == plan.Replaced ? binary.Right : binary.Left;
            if (SyntaxFactory.AreEquivalent(other, lookup, topLevel: false))
            {
                target = binary;
                replacement = other.WithTriviaFrom(binary);
            }
        }

        var newRoot = root.ReplaceNode(target, replacement.WithAdditionalAnnotations(anchor));
        return Comments.RemoveClaims(Allowlist.Ensure(newRoot, anchor, plan.Allowlist, plan.Seeds), anchor, Comments.OpennessClaim);
    }

    private static SyntaxNode ApplyWildcard(SyntaxNode root, WildcardPlan plan)
    {
        var access = plan.Access;
        var arguments = SyntaxFactory.SeparatedList(plan.Entries.Select(e =>
            SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(e)))));
        var withOrigins = SyntaxFactory.InvocationExpression(access.WithName(SyntaxFactory.IdentifierName("WithOrigins")), SyntaxFactory.ArgumentList(arguments));

        // policy⏎    .SetIsOriginAllowed(..) keeps one call a line.
        var dot = SyntaxFactory.Token(SyntaxKind.DotToken);
        if (access.OperatorToken.GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            var previousTrailing = access.OperatorToken.GetPreviousToken().TrailingTrivia;
            withOrigins = withOrigins.WithTrailingTrivia(previousTrailing.SkipWhile(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)));
            dot = dot.WithLeadingTrivia(access.OperatorToken.LeadingTrivia);
        }

        var allowSubdomains = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, withOrigins, dot, SyntaxFactory.IdentifierName("SetIsOriginAllowedToAllowWildcardSubdomains")),
            SyntaxFactory.ArgumentList());
        return root.ReplaceNode(plan.SetIsOriginAllowed, allowSubdomains.WithTriviaFrom(plan.SetIsOriginAllowed));
    }
}
