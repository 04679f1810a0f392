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
public sealed partial class OriginSubstringMatchFixer : CorsCodeFixProvider
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
