using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

// OriginMatches, across files: a predicate given to SetIsOriginAllowed or a validator called with an origin, declared in
// another file than the one being analysed (an OriginRules or OriginValidator class). Its matches are worked out once per
// compilation per parameter and reported at each use, where the IDE shows them live, with the match as additional location.
internal sealed partial class OriginMatches
{
    /// <summary>What each predicate or validator declared elsewhere lets through its parameter, per parameter of the method whose body runs.</summary>
    private readonly ConcurrentDictionary<IParameterSymbol, ImmutableArray<MatchFinding>> _matchesElsewhere = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Cheap facts first: <c>SetIsOriginAllowed(..)</c>, or a bool method of ours declared in another file (or an interface's
    /// or abstract method of ours) called in a file that mentions origins. A method from metadata is never one: its
    /// declarations are empty, which costs one look.
    /// </summary>
    private bool UsesMatchesElsewhere(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "SetIsOriginAllowed")
        {
            return IsPolicyBuilder(method.ContainingType);
        }

        // Most calls are to the framework's methods, which have no declaration to read: asked before the return type, whose
        // public symbol is made on first use.
        var references = method.DeclaringSyntaxReferences;
        if (references.IsEmpty || method.ReturnType.SpecialType != SpecialType.System_Boolean || method.Parameters.Length == 0)
        {
            return false;
        }

        var tree = invocation.Syntax.SyntaxTree;
        return (references.Length == 1 && references[0].SyntaxTree != tree || references.Length > 0 && method.IsAbstract) && _origin.MayMentionOrigin(tree);
    }

    private IReadOnlyList<MatchFinding> JudgeUseOfElsewhere(IInvocationOperation invocation, AnalyzerOptions options, ISymbol? containingSymbol, CancellationToken cancellationToken)
    {
        if (invocation.SemanticModel is not { } model || invocation.Syntax.ContainsDiagnostics)
        {
            return System.Array.Empty<MatchFinding>();
        }

        // SetIsOriginAllowed(OriginRules.IsTrusted), SetIsOriginAllowed(_validator.IsAllowed): the method group's method.
        if (invocation.TargetMethod.Name == "SetIsOriginAllowed")
        {
            return invocation.GetArgument(0) is { } argument && Callables.Resolve(argument, cancellationToken) is { Parameters.Length: 1 } predicate
                   && predicate.Body.Syntax.SyntaxTree != invocation.Syntax.SyntaxTree
                ? Uses(argument.Syntax.GetLocation(), predicate.Symbol, predicate.Parameters[0], model, options, containingSymbol, cancellationToken)
                : System.Array.Empty<MatchFinding>();
        }

        // if (OriginValidator.IsAllowed(origin)) echo; o => OriginRules.IsTrusted(o); bool IsAllowed(string o) => Rules.IsTrusted(o).
        // Nothing is allocated for a call that decides nothing.
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !DecidesWithOrigin(invocation, argument.Value, model, containingSymbol as IMethodSymbol, cancellationToken))
            {
                continue;
            }

            return Declarations.Callee(invocation.TargetMethod, model.Compilation) is { } callee && parameter.Ordinal < callee.Parameters.Length
                ? Uses(invocation.Syntax.GetLocation(), callee, callee.Parameters[parameter.Ordinal], model, options, containingSymbol, cancellationToken)
                : System.Array.Empty<MatchFinding>();
        }

        return System.Array.Empty<MatchFinding>();
    }

    /// <summary>The matches of <paramref name="callee"/> for <paramref name="parameter"/>, each reported at <paramref name="use"/> with the match as additional location.</summary>
    private IReadOnlyList<MatchFinding> Uses(Location use, IMethodSymbol callee, IParameterSymbol parameter, SemanticModel model, AnalyzerOptions options, ISymbol? containingSymbol, CancellationToken cancellationToken)
    {
        var matches = MatchesElsewhere(callee, parameter, model, new JudgeContext(options, containingSymbol, cancellationToken, new List<MatchFinding>(0)), 0);
        if (matches.IsEmpty)
        {
            return System.Array.Empty<MatchFinding>();
        }

        var findings = new MatchFinding[matches.Length];
        for (var i = 0; i < matches.Length; i++)
        {
            findings[i] = new MatchFinding(use, matches[i].Code, matches[i].SlipThrough, isWildcardEntry: false, matches[i].Location);
        }

        return findings;
    }

    /// <summary>
    /// <paramref name="value"/> is the request's Origin and the call's answer decides an echo, or it is the origin parameter
    /// of a predicate or validator around the call and the call's answer decides that callable's answer.
    /// </summary>
    private bool DecidesWithOrigin(IInvocationOperation call, IOperation value, SemanticModel model, IMethodSymbol? member, CancellationToken cancellationToken)
    {
        if (_origin.CarriesOrigin(value))
        {
            return DecidesAnEcho(call, cancellationToken);
        }

        foreach (var (callable, function) in EnclosingCallables(call, member))
        {
            foreach (var parameter in callable.Parameters)
            {
                if ((parameter.Type.SpecialType == SpecialType.System_String || SymbolEqualityComparer.Default.Equals(parameter.Type, _symbols.Uri))
                    && _origin.CarriesOrigin(value, parameter.OriginalDefinition)
                    && IsOriginParameter(callable, function, parameter.OriginalDefinition, model, cancellationToken))
                {
                    return DecidesTheAnswer(call, function ?? call.Root());
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The matches that decide what <paramref name="callee"/> answers for its <paramref name="parameter"/>, with what slips
    /// through each: in its body, and in the bool methods of ours it hands the parameter to (in any file, to the depth
    /// limit). Worked out once per compilation when asked from a use (depth 0); asked from inside another callee's
    /// reading, read again without the cache, so that a cycle ends and no answer depends on which was asked first.
    /// </summary>
    private ImmutableArray<MatchFinding> MatchesElsewhere(IMethodSymbol callee, IParameterSymbol parameter, SemanticModel from, JudgeContext context, int depth)
    {
        if (depth == 0 && _matchesElsewhere.TryGetValue(parameter, out var known))
        {
            return known;
        }

        var found = ReadMatches(callee, parameter, from, context, depth);
        return depth == 0 ? _matchesElsewhere.GetOrAdd(parameter, found) : found;
    }

    private ImmutableArray<MatchFinding> ReadMatches(IMethodSymbol callee, IParameterSymbol parameter, SemanticModel from, JudgeContext context, int depth)
    {
        if (depth > Guards.MaxDepth || Declarations.BodyOf(callee, from, context.CancellationToken) is not { } body)
        {
            return ImmutableArray<MatchFinding>.Empty;
        }

        var inner = new JudgeContext(context.Options, callee, context.CancellationToken, new List<MatchFinding>(0));
        foreach (var operation in body.Descendants())
        {
            if (operation is not IInvocationOperation call || call.Syntax.ContainsDiagnostics)
            {
                continue;
            }

            if (_checks.IsMatchingCall(call, parameter) || _checks.IsJoinedListLookup(call, parameter))
            {
                if (DecidesTheAnswer(call, body))
                {
                    ReportIfInexact(inner, call, parameter);
                }

                continue;
            }

            // return OtherRules.IsPartner(origin) || ...: the parameter handed on as it is.
            if (call.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean && call.SemanticModel is { } model
                && DecidesTheAnswer(call, body))
            {
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is { } handedTo && argument.Value.WalkDownConversions() is IParameterReferenceOperation reference
                        && SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter)
                        && Declarations.Callee(call.TargetMethod, model.Compilation) is { } next && handedTo.Ordinal < next.Parameters.Length
                        && !SymbolEqualityComparer.Default.Equals(next, callee))
                    {
                        inner.Findings.AddRange(MatchesElsewhere(next, next.Parameters[handedTo.Ordinal], model, inner, depth + 1));
                    }
                }
            }
        }

        return inner.Findings.ToImmutableArray();
    }
}
