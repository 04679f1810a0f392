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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS002, two fixes.
/// <list type="number">
/// <item>Allow only origins in an exact allowlist: the any-origin part becomes <c>SetIsOriginAllowed(AllowedCorsOrigins.Contains)</c>
/// (<c>AllowAnyOrigin()</c>, <c>WithOrigins("*")</c>, the argument of an always-true <c>SetIsOriginAllowed</c> or
/// <c>IsOriginAllowed =</c>, <c>new CorsPolicyBuilder("*")</c> → <c>new CorsPolicyBuilder().SetIsOriginAllowed(...)</c>,
/// <c>policy.Origins.Add("*");</c> → <c>policy.IsOriginAllowed = AllowedCorsOrigins.Contains;</c>); a hand-written
/// <c>Access-Control-Allow-Origin: *</c> becomes the exact check of the request's Origin that CORS001's fix writes.</item>
/// <item>Remove credentials, for genuinely public endpoints: <c>.AllowCredentials()</c> leaves the chain (or its statement
/// goes), <c>SupportsCredentials = true</c> leaves the initializer, statement or attribute, a hand-written
/// <c>Access-Control-Allow-Credentials: true</c> statement goes.</item>
/// </list>
/// The analyzer says which kind of finding it is (<see cref="DiagnosticProperties.Kind"/>): a hand-written header or a
/// policy, whose any-origin step kind it also gives (<see cref="DiagnosticProperties.AnyOriginStep"/>).
/// Not offered: OWIN <c>CorsOptions.AllowAll</c> (no fix), the allowlist for Web API <c>[EnableCors("*")]</c> (attribute
/// arguments must be constants), and any shape the fix cannot rewrite as one expression or statement.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AnyOriginWithCredentialsFixer)), Shared]
public sealed class AnyOriginWithCredentialsFixer : CorsCodeFixProvider
{
    internal const string AllowlistKey = "CORS002.Allowlist";
    internal const string RemoveCredentialsKey = "CORS002.RemoveCredentials";
    private const string AllowlistTitle = "Allow only origins in an exact allowlist";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AnyOriginWithCredentials);

    internal override async Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false);
        var fixes = new List<CorsFix>();
        if (plan?.Allowlist is not null)
        {
            fixes.Add(new CorsFix(AllowlistTitle, AllowlistKey));
        }

        if (plan?.RemoveCredentials is { } removal)
        {
            fixes.Add(new CorsFix(removal.Title, RemoveCredentialsKey));
        }

        return fixes;
    }

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (plan is null || root is null)
        {
            return null;
        }

        var newRoot = equivalenceKey switch
        {
            AllowlistKey => plan.Allowlist?.Invoke(root),
            RemoveCredentialsKey => plan.RemoveCredentials?.Apply(root),
            _ => null,
        };
        return newRoot is null ? null : document.WithSyntaxRoot(newRoot);
    }

    private sealed record Removal(string Title, Func<SyntaxNode, SyntaxNode?> Apply);

    private sealed record Plan(Func<SyntaxNode, SyntaxNode?>? Allowlist, Removal? RemoveCredentials);

    /// <summary>
    /// The edits for the kind of finding the analyzer reported. The edits are planned on the current document: for a policy,
    /// its steps are found again to reach the credentials step and the allowlist's place, and the finding must still be the
    /// one of the step kind the analyzer gave.
    /// </summary>
    private static async Task<Plan?> PlanAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var kind = DiagnosticProperties.KindOf(diagnostic);
        if (kind is not (DiagnosticProperties.Kinds.HeaderWrite or DiagnosticProperties.Kinds.Policy)
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || model.GetOperation(node, cancellationToken) is not { } operation)
        {
            return null;
        }

        var knowledge = CorsKnowledge.Create(model.Compilation);
        if (kind == DiagnosticProperties.Kinds.HeaderWrite)
        {
            return MembershipCheck.FindWrite(operation, node, knowledge) is { } write ? PlanHandWritten(document, model, write, knowledge) : null;
        }

        var stepKind = DiagnosticProperties.ValueOf(diagnostic, DiagnosticProperties.AnyOriginStep);
        var policies = knowledge.CorsPolicies;
        var steps = operation.Root().DescendantsAndSelf().Select(o => policies.GetStep(o, cancellationToken)).OfType<PolicyStep>();
        foreach (var policy in CorsPolicies.Group(steps))
        {
            foreach (var finding in policy.FindAnyOriginWithCredentials(cancellationToken))
            {
                if (finding.AnyOrigin.Kind.ToString() == stepKind
                    && node.Span.Contains(finding.AnyOrigin.ReportSpan) && finding.AnyOrigin.Operation.Syntax.Span.Contains(node.Span))
                {
                    var allowlist = PlanAllowlist(document, model, finding.AnyOrigin, knowledge);
                    var removal = PlanRemoval(finding.Credentials);
                    return allowlist is null && removal is null ? null : new Plan(allowlist, removal);
                }
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- Hand-written headers

    private static Plan? PlanHandWritten(Document document, SemanticModel model, HeaderWrite write, CorsKnowledge knowledge)
    {
        var membership = MembershipCheck.Plan(document, model, write, origin: null, knowledge);
        Removal? removal = null;
        foreach (var other in knowledge.HandWrittenCors.WritesIn(HandWrittenCors.EnclosingFunction(write.Operation)))
        {
            if (HandWrittenCors.AllowsCredentials(other))
            {
                if (Statements.OfExpression(other.Operation.Syntax) is { } statement && CanRemoveStatement(statement))
                {
                    removal = new Removal("Remove 'Access-Control-Allow-Credentials: true'", root => RemoveStatement(root, statement));
                }

                break;
            }
        }

        Func<SyntaxNode, SyntaxNode?>? allowlist = membership is null ? null : root => MembershipCheck.Apply(root, membership);
        return allowlist is null && removal is null ? null : new Plan(allowlist, removal);
    }

    // ---------------------------------------------------------------- Allowlist

    private static Func<SyntaxNode, SyntaxNode?>? PlanAllowlist(Document document, SemanticModel model, PolicyStep anyOrigin, CorsKnowledge knowledge)
    {
        var syntax = anyOrigin.Operation.Syntax;
        var plan = Allowlist.Plan(document, model, syntax, Array.Empty<string>());
        if (!plan.CanBeDeclared)
        {
            return null;
        }

        var contains = Allowlist.ContainsMethodGroup(plan);
        var anchor = new SyntaxAnnotation();
        Func<SyntaxNode, SyntaxNode?>? edit = (anyOrigin.Kind, anyOrigin.Operation, syntax) switch
        {
            // AllowAnyOrigin() / WithOrigins("*") → SetIsOriginAllowed(AllowedCorsOrigins.Contains)
            (PolicyStepKind.AllowAnyOrigin or PolicyStepKind.AddOrigins, IInvocationOperation { TargetMethod.Name: "AllowAnyOrigin" or "WithOrigins" },
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
                => root => root.ReplaceNode(call, call
                    .WithExpression(access.WithName(SyntaxFactory.IdentifierName("SetIsOriginAllowed").WithTriviaFrom(access.Name)))
                    .WithArgumentList(Arguments(contains).WithTriviaFrom(call.ArgumentList))
                    .WithAdditionalAnnotations(anchor)),

            // SetIsOriginAllowed(_ => true) → SetIsOriginAllowed(AllowedCorsOrigins.Contains)
            (PolicyStepKind.SetOriginPredicate, IInvocationOperation, InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call)
                => root => root.ReplaceNode(call.ArgumentList.Arguments[0].Expression, contains.WithTriviaFrom(call.ArgumentList.Arguments[0].Expression).WithAdditionalAnnotations(anchor)),

            // policy.IsOriginAllowed = _ => true → policy.IsOriginAllowed = AllowedCorsOrigins.Contains
            (PolicyStepKind.SetOriginPredicate, ISimpleAssignmentOperation, AssignmentExpressionSyntax assignment)
                => root => root.ReplaceNode(assignment.Right, contains.WithTriviaFrom(assignment.Right).WithAdditionalAnnotations(anchor)),

            // new CorsPolicyBuilder("*") → new CorsPolicyBuilder().SetIsOriginAllowed(AllowedCorsOrigins.Contains)
            (PolicyStepKind.AddOrigins, IObjectCreationOperation, ObjectCreationExpressionSyntax { ArgumentList: { } arguments, Initializer: null } creation)
                => root => root.ReplaceNode(creation, SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(
                            SyntaxKind.SimpleMemberAccessExpression,
                            creation.WithArgumentList(SyntaxFactory.ArgumentList().WithTriviaFrom(arguments)).WithoutTrailingTrivia(),
                            SyntaxFactory.IdentifierName("SetIsOriginAllowed")),
                        Arguments(contains))
                    .WithTrailingTrivia(creation.GetTrailingTrivia())
                    .WithAdditionalAnnotations(anchor)),

            // policy.Origins.Add("*"); → policy.IsOriginAllowed = AllowedCorsOrigins.Contains;
            (PolicyStepKind.AddOrigins, IInvocationOperation { TargetMethod.Name: "Add" },
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Origins" } origins } } add)
                when Statements.OfExpression(add) is { } statement
                => root => root.ReplaceNode(statement, statement.WithExpression(
                    SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, origins.Expression.WithoutTrivia(), SyntaxFactory.IdentifierName("IsOriginAllowed")),
                        contains)
                    .WithTriviaFrom(add)).WithAdditionalAnnotations(anchor)),

            _ => null,
        };

        return edit is null ? null : root =>
        {
            var edited = edit(root);
            return edited is null ? null : Comments.RemoveClaims(Allowlist.Ensure(edited, anchor, plan, Array.Empty<string>()), anchor, Comments.OpennessClaim);
        };
    }

    private static ArgumentListSyntax Arguments(ExpressionSyntax argument)
        => SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument)));

    // ---------------------------------------------------------------- Remove credentials

    private static Removal? PlanRemoval(PolicyStep credentials)
    {
        var syntax = credentials.Operation.Syntax;
        switch (credentials.Operation)
        {
            case IInvocationOperation { TargetMethod.Name: "AllowCredentials" } when syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call:
                if (Statements.OfExpression(call) is { } statement && access.Expression is not InvocationExpressionSyntax)
                {
                    return CanRemoveStatement(statement) ? new Removal("Remove AllowCredentials()", root => RemoveStatement(root, statement)) : null;
                }

                // b.AllowAnyOrigin().AllowCredentials() → b.AllowAnyOrigin(); b.AllowCredentials().AllowAnyHeader() → b.AllowAnyHeader()
                if (access.Expression is InvocationExpressionSyntax || call.Parent is MemberAccessExpressionSyntax)
                {
                    return new Removal("Remove AllowCredentials()", root => root.ReplaceNode(call, access.Expression.WithTrailingTrivia(call.GetTrailingTrivia())));
                }

                return null;

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SupportsCredentials" } }:
                const string title = "Remove 'SupportsCredentials = true'";
                var member = syntax.AncestorsAndSelf().FirstOrDefault(n => n is AttributeArgumentSyntax or AssignmentExpressionSyntax);
                switch (member)
                {
                    case AttributeArgumentSyntax { NameEquals: not null, Parent: AttributeArgumentListSyntax arguments } argument:
                        return new Removal(title, root => root.ReplaceNode(arguments, arguments.WithArguments(ListItems.Remove(arguments.Arguments, argument))));
                    case AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax initializer } assignment:
                        return new Removal(title, root => RemoveInitializerMember(root, initializer, assignment));
                    case AssignmentExpressionSyntax assignment when Statements.OfExpression(assignment) is { } assignmentStatement && CanRemoveStatement(assignmentStatement):
                        return new Removal(title, root => RemoveStatement(root, assignmentStatement));
                    default:
                        return null;
                }

            default:
                return null;
        }
    }

    private static bool CanRemoveStatement(StatementSyntax statement)
        => statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

    private static SyntaxNode? RemoveStatement(SyntaxNode root, StatementSyntax statement)
        => statement.Parent is GlobalStatementSyntax global
            ? root.RemoveNode(global, SyntaxRemoveOptions.KeepUnbalancedDirectives)
            : root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);

    /// <summary>Removes one member of an object initializer, and the initializer itself when nothing is left in it.</summary>
    private static SyntaxNode? RemoveInitializerMember(SyntaxNode root, InitializerExpressionSyntax initializer, AssignmentExpressionSyntax member)
    {
        if (initializer.Expressions.Count == 1 && initializer.Parent is BaseObjectCreationExpressionSyntax creation)
        {
            var withoutInitializer = creation switch
            {
                ObjectCreationExpressionSyntax { ArgumentList: not null } explicitCreation => (SyntaxNode)explicitCreation.WithInitializer(null),
                ObjectCreationExpressionSyntax explicitCreation => explicitCreation.WithInitializer(null).WithType(explicitCreation.Type.WithoutTrailingTrivia()).WithArgumentList(SyntaxFactory.ArgumentList()),
                ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.WithInitializer(null),
                _ => null,
            };
            return withoutInitializer is null
                ? null
                : root.ReplaceNode(creation, withoutInitializer.WithoutTrailingTrivia().WithTrailingTrivia(initializer.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation));
        }

        var expressions = ListItems.Remove(initializer.Expressions, (ExpressionSyntax)member);
        return root.ReplaceNode(initializer, initializer.WithExpressions(expressions));
    }
}
