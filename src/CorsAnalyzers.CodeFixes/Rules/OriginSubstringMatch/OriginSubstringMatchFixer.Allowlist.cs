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
/// CORS003's first fix, "Compare the origin against an exact allowlist": which expression is replaced, which origin
/// expression is looked up instead, which seed (only an origin the check accepted before), and the edit.
/// </summary>
public sealed partial class OriginSubstringMatchFixer
{
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
}
