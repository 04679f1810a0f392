using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.CodeFixes.Editing;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS001 (and the hand-written header side of CORS002/CORS004 that reuse it): check the origin against the type's
/// exact allowlist before writing it, and add <c>Vary: Origin</c> with the same header API when it is missing.
/// <code>
/// var origin = context.Request.Headers.Origin.ToString();
/// if (AllowedCorsOrigins.Contains(origin))
/// {
///     context.Response.Headers.AccessControlAllowOrigin = origin;
///     context.Response.Headers.Append("Vary", "Origin");
/// }
/// </code>
/// Offered for a hand-written write (<see cref="DiagnosticProperties.Kinds.HeaderWrite"/>), not for the Origin copied into a
/// per-request policy. Not offered when the write goes through a helper of ours, is not a statement of its own, or the
/// value is neither a string nor StringValues.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OriginReflectionFixer)), Shared]
public sealed class OriginReflectionFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS001.Allowlist";
    private static readonly CorsFix[] s_fix = { new("Check the origin against an exact allowlist", EquivalenceKey) };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.OriginReflection);

    internal override async Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false) is null ? Array.Empty<CorsFix>() : s_fix;

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return plan is null || root is null ? null : document.WithSyntaxRoot(MembershipCheck.Apply(root, plan));
    }

    /// <summary>The check around the write, planned on the current document (its statement, the type's allowlist).</summary>
    private static async Task<MembershipPlan?> PlanAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!DiagnosticProperties.IsKind(diagnostic, DiagnosticProperties.Kinds.HeaderWrite)
            || node is not ExpressionSyntax value
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        var knowledge = CorsKnowledge.Create(model.Compilation);
        var write = MembershipCheck.FindWrite(model.GetOperation(value, cancellationToken), value, knowledge);
        return write is null ? null : MembershipCheck.Plan(document, model, write, write.Value, knowledge);
    }
}
