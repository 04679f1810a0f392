using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>What one matching call lets through: reported at <see cref="Location"/>.</summary>
internal readonly struct MatchFinding
{
    public MatchFinding(Location location, string code, string slipThrough)
    {
        Location = location;
        Code = code;
        SlipThrough = slipThrough;
    }

    public Location Location { get; }

    /// <summary>The code of the matching call or entry, as written.</summary>
    public string Code { get; }

    /// <summary>An origin (or a kind of origin) the match accepts beyond the ones it was written for.</summary>
    public string SlipThrough { get; }
}

/// <summary>
/// Origins accepted by substring, prefix, suffix or pattern matching (CORS003): which matching calls decide an origin
/// (a predicate's or validator's answer, a test on the request's Origin), and what slips through each; and the
/// <c>https://*.shared-host</c> entries under <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c>. One per compilation;
/// it keeps no state between calls but the per-parameter cache.
/// </summary>
internal sealed class OriginMatches
{
    private readonly KnownSymbols _symbols;
    private readonly OriginFlow _origin;
    private readonly OriginChecks _checks;
    private readonly HeaderWrites _headers;
    private readonly CorsPolicies _policies;

    /// <summary>Whether a parameter receives origins to decide on, per parameter of this compilation.</summary>
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _originParameters = new(SymbolEqualityComparer.Default);

    /// <summary>The decisions of each body that holds a match on the request's Origin (few: only such bodies are asked).</summary>
    private readonly ConcurrentDictionary<SyntaxNode, BodyFacts> _decisions = new();

    /// <summary>Bodies (by their root's syntax) in which no lambda, local function or the member itself receives origins.</summary>
    private readonly ConcurrentDictionary<SyntaxNode, bool> _receivesNoOrigins = new();

    /// <summary>Whether a file's text says IsOriginAllowed (so may give a predicate to SetIsOriginAllowed or IsOriginAllowed), per file.</summary>
    private readonly ConcurrentDictionary<SyntaxTree, bool> _mentionsIsOriginAllowed = new();

    public OriginMatches(KnownSymbols symbols, OriginFlow origin, OriginChecks checks, HeaderWrites headers, CorsPolicies policies)
    {
        _symbols = symbols;
        _origin = origin;
        _checks = checks;
        _headers = headers;
        _policies = policies;
    }

    /// <summary>The findings of one invocation: none for almost every call, which pays a name check.</summary>
    public IReadOnlyList<MatchFinding> Judge(IInvocationOperation invocation, AnalyzerOptions options, ISymbol? containingSymbol, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var isMatch = method.Name switch
        {
            "EndsWith" or "StartsWith" or "Contains" or "IndexOf" => method.ContainingType.SpecialType == SpecialType.System_String,
            "IsMatch" or "Match" => method.ContainingType.Name == "Regex",
            _ => false,
        };
        var isWithOrigins = !isMatch && method.Name == "WithOrigins" && IsPolicyBuilder(method.ContainingType);
        if (!isMatch && !isWithOrigins)
        {
            return System.Array.Empty<MatchFinding>();
        }

        // Only a file that says "origin" somewhere can read the request's Origin or hold a predicate or validator of
        // origins: most files never do, and their string matching costs one look-up and allocates nothing.
        if (isMatch && (!_origin.MayMentionOrigin(invocation.Syntax.SyntaxTree) || DecidesNothing(invocation, containingSymbol as IMethodSymbol, cancellationToken)))
        {
            return System.Array.Empty<MatchFinding>();
        }

        var context = new JudgeContext(options, containingSymbol, cancellationToken, new List<MatchFinding>(1));
        if (isMatch)
        {
            AnalyzeMatchingCall(context, invocation);
        }
        else
        {
            AnalyzeWildcardEntries(context, invocation);
        }

        return context.Findings;
    }

    /// <summary>
    /// True when a condition on the way to <paramref name="operation"/> holds a match that <see cref="Judge"/> reports: the
    /// write's checking is then CORS003's finding. A check that mixes exact and anchored parts reports nothing here.
    /// </summary>
    public bool ReportsAGuardOf(IOperation operation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var conditions = new List<IOperation>();
        foreach (var guard in Guards.Of(operation))
        {
            if (guard.Kind == GuardKind.Condition)
            {
                conditions.Add(guard.Condition!);
            }
        }

        foreach (var inner in operation.Descendants())
        {
            if (inner is IConditionalOperation conditional)
            {
                conditions.Add(conditional.Condition);
            }
        }

        foreach (var condition in conditions)
        {
            foreach (var part in condition.DescendantsAndSelf())
            {
                if (part is not IInvocationOperation call)
                {
                    continue;
                }

                if (Judge(call, options, null, cancellationToken).Count > 0)
                {
                    return true;
                }

                // if (IsAllowed(origin)): a validator of ours whose own matching CORS003 reports.
                if (call.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean
                    && Guards.BodyOf(call.TargetMethod, call.SemanticModel, cancellationToken) is { } body)
                {
                    foreach (var match in body.Descendants())
                    {
                        if (match is IInvocationOperation inner && Judge(inner, options, call.TargetMethod, cancellationToken).Count > 0)
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private sealed class JudgeContext
    {
        public JudgeContext(AnalyzerOptions options, ISymbol? containingSymbol, CancellationToken cancellationToken, List<MatchFinding> findings)
        {
            Options = options;
            ContainingSymbol = containingSymbol;
            CancellationToken = cancellationToken;
            Findings = findings;
        }

        public AnalyzerOptions Options { get; }

        public ISymbol? ContainingSymbol { get; }

        public CancellationToken CancellationToken { get; }

        public List<MatchFinding> Findings { get; }
    }

    private void AnalyzeMatchingCall(JudgeContext context, IInvocationOperation call)
    {
        // A match on the request's Origin itself (hand-written reflection, middleware).
        if (_checks.IsMatchingCall(call) || _checks.IsJoinedListLookup(call))
        {
            // A match that is logged, kept in an unused local or decides a redirect allows nothing.
            if (DecidesAnEcho(call, context.CancellationToken))
            {
                ReportIfInexact(context, call, originParameter: null);
            }

            return;
        }

        // A match on the parameter of a SetIsOriginAllowed predicate, or of a validator of ours given an origin (both
        // found in this file only).
        if (call.SemanticModel is not { } model)
        {
            return;
        }

        foreach (var (callable, function) in EnclosingCallables(call, context.ContainingSymbol as IMethodSymbol))
        {
            foreach (var parameter in callable.Parameters)
            {
                // Cheap facts first: an origin parameter is a string (or Uri), and whether the callable receives
                // origins is worked out once per parameter; only then is the match traced back to it.
                if (parameter.Type.SpecialType == SpecialType.System_String || SymbolEqualityComparer.Default.Equals(parameter.Type, _symbols.Uri))
                {
                    var definition = parameter.OriginalDefinition;
                    if (IsOriginParameter(callable, function, definition, model, context.CancellationToken)
                        && (_checks.IsMatchingCall(call, definition) || _checks.IsJoinedListLookup(call, definition)))
                    {
                        if (DecidesTheAnswer(call, function ?? call.Root()))
                        {
                            ReportIfInexact(context, call, definition);
                        }

                        return;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Start from decisions: a body that reads the Origin (logs it, tags a metric, copies it into another header) but allows
    /// no origin anywhere holds no match that decides one; only a predicate's or validator's answer could, so without an
    /// origin parameter around the call there is nothing to trace. Allocates nothing once the body and parameters are known.
    /// </summary>
    private bool DecidesNothing(IInvocationOperation call, IMethodSymbol? member, CancellationToken cancellationToken)
    {
        if (call.SemanticModel is not { } model)
        {
            return true;
        }

        var root = call.Root();
        if (!_origin.MayReadOrigin(root) || FactsOf(root, cancellationToken) is not { Decisions.IsEmpty: true } facts)
        {
            return false;
        }

        // Most bodies that read the Origin (to log it, to tag a metric) hold no callable that receives origins either: for
        // them this is known after the first match, and every other match of the body costs two look-ups.
        if (!_receivesNoOrigins.TryGetValue(root.Syntax, out var receivesNone))
        {
            receivesNone = !ReceivesOrigins(facts, member, model, cancellationToken);
            _receivesNoOrigins.TryAdd(root.Syntax, receivesNone);
        }

        return receivesNone || !HasOriginParameterAround(call, member, model, cancellationToken);
    }

    /// <summary>Some lambda or local function of the body, or <paramref name="member"/>, has a parameter that receives origins.</summary>
    private bool ReceivesOrigins(BodyFacts facts, IMethodSymbol? member, SemanticModel model, CancellationToken cancellationToken)
    {
        if (member is not null && HasOriginParameter(member, null, model, cancellationToken))
        {
            return true;
        }

        foreach (var function in facts.Functions)
        {
            if (function.CallableSymbol() is { } callable && HasOriginParameter(callable, function, model, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Some string (or Uri) parameter of a lambda, local function or member around <paramref name="call"/> receives origins (the same callables as <see cref="EnclosingCallables"/>, without an enumerator).</summary>
    private bool HasOriginParameterAround(IOperation call, IMethodSymbol? member, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var parent = call.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.CallableSymbol() is { } callable && HasOriginParameter(callable, parent, model, cancellationToken))
            {
                return true;
            }
        }

        return member is not null && HasOriginParameter(member, null, model, cancellationToken);
    }

    private bool HasOriginParameter(IMethodSymbol callable, IOperation? function, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var parameter in callable.Parameters)
        {
            if ((parameter.Type.SpecialType == SpecialType.System_String || SymbolEqualityComparer.Default.Equals(parameter.Type, _symbols.Uri))
                && IsOriginParameter(callable, function, parameter.OriginalDefinition, model, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="parameter"/> receives origins, worked out once per parameter (no closure when known).</summary>
    private bool IsOriginParameter(IMethodSymbol callable, IOperation? function, IParameterSymbol parameter, SemanticModel model, CancellationToken cancellationToken)
    {
        if (_originParameters.TryGetValue(parameter, out var known))
        {
            return known;
        }

        var isOrigin = IsOriginCallable(callable, function, parameter, model, 0, cancellationToken);
        _originParameters.TryAdd(parameter, isOrigin);
        return isOrigin;
    }

    /// <summary>The lambdas, local functions and the member around <paramref name="operation"/>, innermost first.</summary>
    private static IEnumerable<(IMethodSymbol Callable, IOperation? Function)> EnclosingCallables(IOperation operation, IMethodSymbol? member)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation function:
                    yield return (function.Symbol, function);
                    break;
                case ILocalFunctionOperation local:
                    yield return (local.Symbol, local);
                    break;
            }
        }

        if (member is not null)
        {
            yield return (member, null);
        }
    }

    /// <summary>
    /// <paramref name="parameter"/> of <paramref name="callable"/> receives an origin to decide on: the callable is given to
    /// <c>SetIsOriginAllowed</c> (directly, as a method group, or through a local), or is a bool method called with the
    /// request's Origin or with the origin parameter of another such callable.
    /// </summary>
    private bool IsOriginCallable(IMethodSymbol callable, IOperation? function, IParameterSymbol parameter, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        if (depth > Guards.MaxDepth)
        {
            return false;
        }

        if (callable.Parameters.Length == 1 && IsOriginPredicate(callable, function, model, cancellationToken))
        {
            return true;
        }

        if (function is IAnonymousFunctionOperation || callable.ReturnType.SpecialType != SpecialType.System_Boolean
            || callable.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        // Where is it used? Read the names in this file (we may not ask for another file's semantic model), found by a
        // search of its text: a bool method that nothing in its file calls (IsImage(fileName)) costs no tree walk.
        if (NameSearch.IdentifierNames(model.SyntaxTree.GetRoot(cancellationToken), callable.Name) is not { } uses)
        {
            return false;
        }

        foreach (var identifier in uses)
        {
            var use = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : (ExpressionSyntax)identifier;
            var operation = use.Parent is InvocationExpressionSyntax invocationSyntax && invocationSyntax.Expression == use
                ? model.GetOperation(invocationSyntax, cancellationToken)
                : model.GetOperation(use, cancellationToken);
            switch (operation)
            {
                case IInvocationOperation invocation when SameMethod(invocation.TargetMethod, callable):
                    var argument = ArgumentFor(invocation, parameter);
                    if (argument is null)
                    {
                        break;
                    }

                    if (_origin.CarriesOrigin(argument))
                    {
                        return true;
                    }

                    var caller = model.GetEnclosingSymbol(invocation.Syntax.SpanStart) as IMethodSymbol;
                    foreach (var (outer, outerFunction) in EnclosingCallables(invocation, MemberOf(caller)))
                    {
                        foreach (var outerParameter in outer.Parameters)
                        {
                            if (!SymbolEqualityComparer.Default.Equals(outer, callable)
                                && _origin.CarriesOrigin(argument, outerParameter.OriginalDefinition)
                                && IsOriginCallable(outer, outerFunction, outerParameter.OriginalDefinition, model, depth + 1, cancellationToken))
                            {
                                return true;
                            }
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private static bool SameMethod(IMethodSymbol a, IMethodSymbol b)
        => SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);

    /// <summary>The member (not a lambda) that <paramref name="symbol"/> is, or is inside of.</summary>
    private static IMethodSymbol? MemberOf(IMethodSymbol? symbol)
    {
        while (symbol is { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol as IMethodSymbol;
        }

        return symbol;
    }

    private static IOperation? ArgumentFor(IInvocationOperation invocation, IParameterSymbol parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } p && p.Ordinal == parameter.Ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The callable is the predicate of a <c>SetIsOriginAllowed</c> call in this file, in any form <see cref="Callables"/>
    /// resolves (lambda, anonymous method, method group, local function, a local or readonly field holding one).
    /// </summary>
    private bool IsOriginPredicate(IMethodSymbol callable, IOperation? function, SemanticModel model, CancellationToken cancellationToken)
    {
        // The common case without a scan: the lambda is the argument itself.
        var node = function;
        while (node?.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            node = node.Parent;
        }

        if (node?.Parent is IArgumentOperation argument)
        {
            // files.Where(f => f.EndsWith(".png")): a lambda given to anything else is no predicate; no scan.
            return argument.Parent is IInvocationOperation direct && IsSetIsOriginAllowed(direct);
        }

        if (node?.Parent is ISimpleAssignmentOperation assignment && node == assignment.Value)
        {
            // policy.IsOriginAllowed = o => ...; new CorsPolicy { IsOriginAllowed = o => ... }
            return IsOriginAllowedProperty(assignment.Target);
        }

        // Only a file that says IsOriginAllowed (SetIsOriginAllowed too) can hand the callable to one: most never do.
        if (!_mentionsIsOriginAllowed.GetOrAdd(model.SyntaxTree, static tree => NameSearch.TextContains(tree, "IsOriginAllowed")))
        {
            return false;
        }

        foreach (var syntax in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SetIsOriginAllowed" } }
                && model.GetOperation(syntax, cancellationToken) is IInvocationOperation invocation && IsSetIsOriginAllowed(invocation)
                && Callables.Resolve(invocation.GetArgument(0), cancellationToken) is { } predicate
                && SameMethod(predicate.Symbol, callable))
            {
                return true;
            }

            if (syntax is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "IsOriginAllowed" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsOriginAllowed" } }
                && model.GetOperation(syntax, cancellationToken) is ISimpleAssignmentOperation assigned && IsOriginAllowedProperty(assigned.Target)
                && Callables.Resolve(assigned.Value, cancellationToken) is { } assignedPredicate
                && SameMethod(assignedPredicate.Symbol, callable))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsOriginAllowedProperty(IOperation target)
        => target is IPropertyReferenceOperation { Property.Name: "IsOriginAllowed" } property
           && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.CorsPolicy);

    /// <summary>
    /// The match on the request's Origin decides an <c>Access-Control-Allow-Origin</c> write or a policy's origins: it is in
    /// a condition that guards one (an enclosing <c>if</c>, an early exit, <c>?:</c> inside the written value), directly or
    /// through a bool local.
    /// </summary>
    private bool DecidesAnEcho(IInvocationOperation call, CancellationToken cancellationToken)
    {
        foreach (var decision in FactsOf(call.Root(), cancellationToken).Decisions)
        {
            foreach (var guard in Guards.Of(decision))
            {
                if (guard.Kind == GuardKind.Condition && IsPartOf(call, guard.Condition))
                {
                    return true;
                }
            }

            // Access-Control-Allow-Origin = ok ? origin : "null"
            foreach (var inner in decision.Descendants())
            {
                if (inner is IConditionalOperation conditional && IsPartOf(call, conditional.Condition))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The match decides the callable's answer: it is (part of) a returned value other than <c>false</c>, or of a condition guarding one.</summary>
    private static bool DecidesTheAnswer(IInvocationOperation call, IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is not IReturnOperation { ReturnedValue: { } returned } || returned.ConstantValue.Value is false)
            {
                continue;
            }

            if (IsPartOf(call, returned))
            {
                return true;
            }

            foreach (var guard in Guards.Of(operation))
            {
                if (guard.Kind == GuardKind.Condition && IsPartOf(call, guard.Condition))
                {
                    return true;
                }

                if (guard.Branch == body)
                {
                    break;
                }
            }
        }

        return false;
    }

    /// <summary><paramref name="call"/> is inside <paramref name="condition"/>, or inside the value of a bool local the condition reads.</summary>
    private static bool IsPartOf(IOperation call, IOperation? condition)
    {
        if (condition is null || call.Syntax.SyntaxTree != condition.Syntax.SyntaxTree)
        {
            return false;
        }

        if (condition.Syntax.Span.Contains(call.Syntax.Span))
        {
            return true;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } local)
            {
                foreach (var (value, _) in local.Local.AssignmentsOf(local.Root()))
                {
                    if (value is not null && value.Syntax.Span.Contains(call.Syntax.Span))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Where code in <paramref name="root"/> allows an origin (Access-Control-Allow-Origin writes, a helper of ours that writes one, origins put into a policy), and its lambdas and local functions.</summary>
    private BodyFacts FactsOf(IOperation root, CancellationToken cancellationToken)
        => _decisions.TryGetValue(root.Syntax, out var known) ? known : FindFacts(root, cancellationToken);

    /// <summary>Apart from <see cref="FactsOf"/>, so that a body already looked at allocates no closure.</summary>
    private BodyFacts FindFacts(IOperation root, CancellationToken cancellationToken)
        => _decisions.GetOrAdd(root.Syntax, _ =>
        {
            var found = ImmutableArray.CreateBuilder<IOperation>();
            var functions = ImmutableArray.CreateBuilder<IOperation>();
            foreach (var operation in root.Descendants())
            {
                if (operation.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
                {
                    functions.Add(operation);
                    continue;
                }

                if (operation.Kind is not (OperationKind.Invocation or OperationKind.SimpleAssignment or OperationKind.ObjectCreation))
                {
                    continue;
                }

                if (_headers.TryGetWrite(operation, out var write))
                {
                    if (write.Is(HttpHeaderName.AccessControlAllowOrigin))
                    {
                        found.Add(operation);
                    }

                    continue;
                }

                if (_policies.GetStep(operation, cancellationToken) is { Kind: PolicyStepKind.AddOrigins or PolicyStepKind.SetOriginPredicate })
                {
                    found.Add(operation);
                    continue;
                }

                if (operation is IInvocationOperation helper && !helper.TargetMethod.IsImplicitlyDeclared
                    && Guards.BodyOf(helper.TargetMethod, helper.SemanticModel, cancellationToken) is { } body && WritesAllowOrigin(body))
                {
                    found.Add(operation);
                }
            }

            return new BodyFacts(found.ToImmutable(), functions.ToImmutable());
        });

    private bool WritesAllowOrigin(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation.Kind is OperationKind.Invocation or OperationKind.SimpleAssignment
                && _headers.TryGetWrite(operation, out var write) && write.Is(HttpHeaderName.AccessControlAllowOrigin))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSetIsOriginAllowed(IInvocationOperation invocation)
        => invocation.TargetMethod.Name == "SetIsOriginAllowed" && IsPolicyBuilder(invocation.TargetMethod.ContainingType);

    private void ReportIfInexact(JudgeContext context, IInvocationOperation call, IParameterSymbol? originParameter)
    {
        // Half-typed calls (origin.EndsWith("con) are judged once they parse.
        if (call.Syntax.ContainsDiagnostics || SlipThrough(call, originParameter, context) is not { Length: > 0 } slipThrough || IsNarrowedByExactCheck(call, originParameter)
            || !PassesTheOtherParts(call, slipThrough, originParameter, context))
        {
            return;
        }

        var syntax = call.Syntax;
        context.Findings.Add(new MatchFinding(syntax.GetLocation(), syntax.ToString(), slipThrough));
    }

    /// <summary>What the matching call accepts beyond the origins it was written for, or null when it is precise.</summary>
    private string? SlipThrough(IInvocationOperation call, IParameterSymbol? originParameter, JudgeContext context)
    {
        var patterns = PatternsFor(call.Syntax.SyntaxTree, context.Options);
        var method = call.TargetMethod;
        if (_checks.IsJoinedListLookup(call, originParameter))
        {
            if (method.Name == "IndexOf" && !IsComparedAsFound(call))
            {
                return null;
            }

            return OriginPatterns.JoinedListSlipThrough(HandWrittenCors.ConstantOf(StringValueOf(call.Instance, call.SemanticModel, context.CancellationToken)));
        }

        if (method.Name is "IsMatch" or "Match")
        {
            if (RegexPattern(call, out var runtimePattern) is { } pattern)
            {
                return patterns.RegexSlipThrough(pattern, IsHostPart(RegexInput(call)));
            }

            // A pattern built at run time (from a wildcard list, from configuration) is unanchored unless provably anchored.
            return runtimePattern is not null && !IsAnchored(runtimePattern) ? OriginPatterns.GenericPattern : null;
        }

        var kind = method.Name switch
        {
            "EndsWith" => TextMatch.Suffix,
            "StartsWith" => TextMatch.Prefix,
            _ => TextMatch.Substring,
        };

        // IndexOf is a match only when compared with 0 or -1: origin.IndexOf("://") + 3 is arithmetic.
        if (method.Name == "IndexOf" && !IsComparedAsFound(call))
        {
            return null;
        }

        var text = call.GetArgument(0);
        if (text?.Type?.SpecialType != SpecialType.System_String)
        {
            // origin.EndsWith('/'), origin.Contains(':'): a character, not a domain.
            return null;
        }

        if (text.ConstantValue.Value is string literal)
        {
            return patterns.SlipThrough(kind, literal, IsHostPart(call.Instance));
        }

        if (ConfiguredSlipThrough(call, text, kind, patterns, context) is { } configured)
        {
            return configured;
        }

        // EndsWith("." + site.Host): a dotted suffix is as anchored as one written out, whatever the domain.
        return kind == TextMatch.Suffix && LeftmostConstant(text) is { Length: > 0 } start && start[0] == '.'
            ? patterns.DottedSuffixOfUnknownDomain()
            : OriginPatterns.Generic(kind);
    }

    /// <summary>
    /// A text read from appsettings (<c>origin.EndsWith(config["Cors:Suffix"])</c>, <c>suffixes.Any(s =&gt; origin.EndsWith(s))</c>):
    /// what the first configured value lets through, naming it; "" when every configured value is precise (the caller
    /// reports nothing then); null when the text is not configured.
    /// </summary>
    private string? ConfiguredSlipThrough(IInvocationOperation call, IOperation text, TextMatch kind, OriginPatterns patterns, JudgeContext context)
    {
        if (call.SemanticModel is not { } model || ConfiguredOrigins.Create(model.Compilation, context.Options) is not { IsAvailable: true } configured
            || configured.TextsOf(text, context.CancellationToken) is not { IsEmpty: false } entries)
        {
            return null;
        }

        foreach (var entry in entries)
        {
            if (patterns.SlipThrough(kind, entry.Value, IsHostPart(call.Instance)) is { } slipThrough)
            {
                return $"{slipThrough} ({entry.Describe()})";
            }
        }

        return string.Empty;
    }

    /// <summary>
    /// <c>allowed.Contains(origin) &amp;&amp; origin.EndsWith(x)</c> or a match after an exact early exit only narrows an
    /// exact allowlist: nothing slips through.
    /// </summary>
    private bool IsNarrowedByExactCheck(IInvocationOperation call, IParameterSymbol? originParameter)
    {
        var checks = _checks;
        if (checks.GuardOf(call, originParameter) == OriginCheck.Exact)
        {
            return true;
        }

        IOperation node = call;
        while (node.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation or IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }:
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } andAlso:
                    var other = node == andAlso.LeftOperand ? andAlso.RightOperand : andAlso.LeftOperand;
                    if (checks.Classify(other, true, originParameter) == OriginCheck.Exact)
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: not BinaryOperatorKind.ConditionalOr } comparison
                    when comparison.LeftOperand.WalkDownConversions() == node || comparison.RightOperand.WalkDownConversions() == node:
                    break;
                default:
                    return false;
            }

            node = parent;
        }

        return false;
    }

    /// <summary>
    /// The parts of a condition are judged together: in <c>a &amp;&amp; b</c> a match is reported only when no other part is
    /// precise and the origin it names as slipping through passes every other part whose text is known
    /// (<c>origin.StartsWith("https://") &amp;&amp; origin.EndsWith("contoso.com")</c> is reported once, at the suffix).
    /// </summary>
    private bool PassesTheOtherParts(IInvocationOperation call, string slipThrough, IParameterSymbol? originParameter, JudgeContext context)
    {
        IOperation top = call;
        while (top.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } or IConversionOperation)
        {
            top = top.Parent;
        }

        if (top == call)
        {
            return true;
        }

        var example = slipThrough.StartsWith("http", StringComparison.Ordinal) && slipThrough.IndexOf(' ') < 0 ? slipThrough.ToLowerInvariant() : null;
        foreach (var part in Conjuncts(top))
        {
            if (part == call || part is not IInvocationOperation other
                || !(_checks.IsMatchingCall(other, originParameter) || _checks.IsJoinedListLookup(other, originParameter)))
            {
                continue;
            }

            if (SlipThrough(other, originParameter, context) is not { Length: > 0 })
            {
                return false;
            }

            if (example is not null && Accepts(other, example) == false)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<IOperation> Conjuncts(IOperation condition)
    {
        condition = condition.WalkDownConversions()!;
        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } andAlso)
        {
            foreach (var part in Conjuncts(andAlso.LeftOperand))
            {
                yield return part;
            }

            foreach (var part in Conjuncts(andAlso.RightOperand))
            {
                yield return part;
            }
        }
        else
        {
            yield return condition;
        }
    }

    /// <summary>Whether a <c>StartsWith</c>/<c>EndsWith</c>/<c>Contains</c> of constant text accepts <paramref name="origin"/>; null when it cannot be told.</summary>
    private bool? Accepts(IInvocationOperation match, string origin)
    {
        if (match.TargetMethod.ContainingType.SpecialType != SpecialType.System_String || match.GetArgument(0)?.ConstantValue.Value is not string text)
        {
            return null;
        }

        var subject = origin;
        if (IsHostPart(match.Instance))
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            {
                return null;
            }

            subject = uri.Host;
        }
        else if (match.Instance.WalkDownConversions() is IPropertyReferenceOperation or IInvocationOperation { TargetMethod.Name: not ("ToLower" or "ToLowerInvariant" or "Trim" or "ToString") })
        {
            return null;
        }

        text = text.ToLowerInvariant();
        return match.TargetMethod.Name switch
        {
            "StartsWith" => subject.StartsWith(text, StringComparison.Ordinal),
            "EndsWith" => subject.EndsWith(text, StringComparison.Ordinal),
            "Contains" => subject.IndexOf(text, StringComparison.Ordinal) >= 0,
            _ => null,
        };
    }

    private static bool IsComparedAsFound(IInvocationOperation call)
    {
        if (call.WalkUpConversions() is not IBinaryOperation comparison)
        {
            return false;
        }

        var other = comparison.LeftOperand.WalkDownConversions() == call ? comparison.RightOperand : comparison.LeftOperand;
        return other.ConstantValue.Value is 0 or -1
               && comparison.OperatorKind is BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.NotEquals
                   or BinaryOperatorKind.Equals or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual;
    }

    /// <summary>The string matched is a host or authority (<c>uri.Host</c>), not the whole origin with its scheme.</summary>
    private bool IsHostPart(IOperation? value)
        => value.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Host" or "Authority" or "DnsSafeHost" or "IdnHost" } property
           && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.Uri);

    private static IOperation? RegexInput(IInvocationOperation call)
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
    /// The constant pattern of <c>Regex.IsMatch(input, pattern)</c>, <c>new Regex(pattern).IsMatch</c>, a regex local or
    /// static field initialised in this file, or a <c>[GeneratedRegex(pattern)]</c> method or property.
    /// </summary>
    private static string? RegexPattern(IInvocationOperation call, out IOperation? runtimePattern)
    {
        runtimePattern = null;
        if (call.Instance is null)
        {
            return PatternArgument(call.Arguments, call.SemanticModel, out runtimePattern);
        }

        var instance = call.Instance.WalkDownConversions();
        for (var hops = 0; hops < Guards.MaxDepth && instance is not null; hops++)
        {
            switch (instance)
            {
                case IObjectCreationOperation creation:
                    return PatternArgument(creation.Arguments, call.SemanticModel, out runtimePattern);

                // patterns.Any(r => r.IsMatch(origin)): r is an element of the list the lambda is given.
                case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } element
                    when ListOfLambdaParameter(element) is { } list:
                    instance = ElementOf(list, call.SemanticModel);
                    break;
                case IInvocationOperation generated:
                    return GeneratedPattern(generated.TargetMethod);
                case IPropertyReferenceOperation property when GeneratedPattern(property.Property) is { } fromProperty:
                    return fromProperty;
                case ILocalReferenceOperation local:
                    instance = SingleValue(local.Local.AssignmentsOf(local.Root()));
                    break;
                case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                    instance = FieldInitializer(field, call.SemanticModel);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>A string through a local or field initialised with it in this file.</summary>
    private static IOperation? StringValueOf(IOperation? value, SemanticModel? model, CancellationToken cancellationToken)
    {
        value = value.WalkDownConversions();
        return value switch
        {
            ILocalReferenceOperation local => Callables.InitializerOf(local.Local, model, cancellationToken),
            IFieldReferenceOperation field => Callables.InitializerOf(field.Field, model, cancellationToken),
            IPropertyReferenceOperation property => Callables.InitializerOf(property.Property, model, cancellationToken),
            _ => value,
        };
    }

    /// <summary>The constant pattern argument (also through a readonly field or local initialised with one); otherwise the pattern operation in <paramref name="runtimePattern"/>.</summary>
    private static string? PatternArgument(ImmutableArray<IArgumentOperation> arguments, SemanticModel? model, out IOperation? runtimePattern)
    {
        runtimePattern = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == "pattern")
            {
                var value = argument.Value.WalkDownConversions();
                if (value?.ConstantValue.Value is string constant)
                {
                    return constant;
                }

                if (StringValueOf(value, model, CancellationToken.None).WalkDownConversions() is { ConstantValue.Value: string initial })
                {
                    return initial;
                }

                runtimePattern = value;
                return null;
            }
        }

        return null;
    }

    /// <summary><c>"^" + x + "$"</c>, <c>$"^{x}$"</c>, <c>string.Format("^{0}$", x)</c>: anchored at both ends whatever the middle.</summary>
    private static bool IsAnchored(IOperation pattern)
    {
        var start = LeftmostConstant(pattern);
        var end = RightmostConstant(pattern);
        return start is not null && end is not null
               && (start.StartsWith("^", StringComparison.Ordinal) || start.StartsWith("\\A", StringComparison.Ordinal))
               && (end.EndsWith("$", StringComparison.Ordinal) || end.EndsWith("\\z", StringComparison.Ordinal));
    }

    private static string? LeftmostConstant(IOperation? value)
    {
        value = value.WalkDownConversions();
        return value switch
        {
            { ConstantValue: { HasValue: true, Value: string text } } => text,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concat => LeftmostConstant(concat.LeftOperand),
            IInterpolatedStringOperation { Parts.Length: > 0 } interpolated => interpolated.Parts[0] is IInterpolatedStringTextOperation first ? LeftmostConstant(first.Text) : null,
            IInvocationOperation { TargetMethod.Name: "Format" or "Concat", TargetMethod.ContainingType.SpecialType: SpecialType.System_String, Arguments.Length: > 0 } call => LeftmostConstant(call.Arguments[0].Value),
            _ => null,
        };
    }

    private static string? RightmostConstant(IOperation? value)
    {
        value = value.WalkDownConversions();
        return value switch
        {
            { ConstantValue: { HasValue: true, Value: string text } } => text,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concat => RightmostConstant(concat.RightOperand),
            IInterpolatedStringOperation { Parts.Length: > 0 } interpolated => interpolated.Parts[interpolated.Parts.Length - 1] is IInterpolatedStringTextOperation last ? RightmostConstant(last.Text) : null,
            IInvocationOperation { TargetMethod.Name: "Format", TargetMethod.ContainingType.SpecialType: SpecialType.System_String, Arguments.Length: > 0 } call => RightmostConstant(call.Arguments[0].Value),
            _ => null,
        };
    }

    private static string? GeneratedPattern(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "GeneratedRegexAttribute" && attribute.ConstructorArguments.Length > 0)
            {
                return attribute.ConstructorArguments[0].Value as string;
            }
        }

        return null;
    }

    /// <summary>For a lambda's parameter in <c>list.Any(r =&gt; ...)</c> (or All, Where, First..., Exists): the list.</summary>
    private static IOperation? ListOfLambdaParameter(IParameterReferenceOperation element)
    {
        for (IOperation? current = element; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, element.Parameter.ContainingSymbol))
            {
                var argument = lambda.Parent?.Parent as IArgumentOperation ?? lambda.Parent as IArgumentOperation;
                return argument?.Parent is IInvocationOperation { TargetMethod.Name: "Any" or "All" or "Where" or "First" or "FirstOrDefault" or "Exists" or "TrueForAll" } query
                    ? query.Instance ?? (query.Arguments.Length > 1 && query.Arguments[0] != argument ? query.Arguments[0].Value : null)
                    : null;
            }
        }

        return null;
    }

    /// <summary>What each element of a list is made from: <c>xs.Select(w =&gt; new Regex(..)).ToArray()</c>, <c>new[] { new Regex(..) }</c>, through locals and fields.</summary>
    private static IOperation? ElementOf(IOperation? list, SemanticModel? model)
    {
        for (var hops = 0; hops < Guards.MaxDepth; hops++)
        {
            list = list.WalkDownConversions();
            switch (list)
            {
                case IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" or "AsEnumerable" or "ToImmutableArray" } conversion:
                    list = conversion.Instance ?? (conversion.Arguments.Length > 0 ? conversion.Arguments[0].Value : null);
                    break;
                case IInvocationOperation { TargetMethod.Name: "Select", Arguments.Length: > 0 } select
                    when select.Arguments[select.Arguments.Length - 1].Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation selector }:
                    return new Callable(selector.Symbol, selector.Body).ReturnedValues is { Length: 1 } returned ? returned[0].WalkDownConversions() : null;
                case IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements }:
                    return elements[0].WalkDownConversions();
                case ILocalReferenceOperation local:
                    list = SingleValue(local.Local.AssignmentsOf(local.Root()));
                    break;
                case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                    list = FieldInitializer(field, model);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static IOperation? SingleValue(IEnumerable<(IOperation? Value, IOperation Site)> assignments)
    {
        IOperation? single = null;
        foreach (var (value, _) in assignments)
        {
            if (value is null || single is not null)
            {
                return null;
            }

            single = value;
        }

        return single.WalkDownConversions();
    }

    private static IOperation? FieldInitializer(IFieldSymbol field, SemanticModel? model)
    {
        if (model is null || field.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var reference = field.DeclaringSyntaxReferences[0];
        return reference.SyntaxTree == model.SyntaxTree && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value }
            ? model.GetOperation(value).WalkDownConversions()
            : null;
    }

    /// <summary><c>WithOrigins("https://*.vercel.app")</c> in a chain that calls <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c>.</summary>
    private void AnalyzeWildcardEntries(JudgeContext context, IInvocationOperation withOrigins)
    {
        List<IOperation>? wildcards = null;
        foreach (var argument in withOrigins.Arguments)
        {
            var elements = argument.Value is IArrayCreationOperation { Initializer: { } initializer }
                ? initializer.ElementValues
                : ImmutableArray.Create(argument.Value);
            foreach (var element in elements)
            {
                if (element.ConstantValue.Value is string entry && entry.Contains("://*."))
                {
                    (wildcards ??= new List<IOperation>()).Add(element);
                }
            }
        }

        if (wildcards is null || !HasWildcardSubdomains(withOrigins))
        {
            return;
        }

        var patterns = PatternsFor(withOrigins.Syntax.SyntaxTree, context.Options);
        foreach (var element in wildcards)
        {
            if (patterns.WildcardEntrySlipThrough((string)element.ConstantValue.Value!) is { } slipThrough)
            {
                context.Findings.Add(new MatchFinding(element.Syntax.GetLocation(), element.Syntax.ToString(), slipThrough));
            }
        }
    }

    /// <summary>The builder chain of <paramref name="call"/> (fluent calls, or statements on the same builder variable) turns on wildcard subdomains.</summary>
    private bool HasWildcardSubdomains(IInvocationOperation call)
    {
        IOperation top = call;
        while (top.WalkUpConversions() is IInvocationOperation outer && outer.Instance.WalkDownConversions() == top)
        {
            if (IsWildcardSubdomainsCall(outer))
            {
                return true;
            }

            top = outer;
        }

        var bottom = call.Instance.WalkDownConversions();
        while (bottom is IInvocationOperation inner)
        {
            if (IsWildcardSubdomainsCall(inner))
            {
                return true;
            }

            bottom = inner.Instance.WalkDownConversions();
        }

        var builder = bottom switch
        {
            IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
        if (builder is null)
        {
            return false;
        }

        foreach (var operation in call.Root().Descendants())
        {
            if (operation is IInvocationOperation other && IsWildcardSubdomainsCall(other) && ChainRoot(other) is { } root
                && SymbolEqualityComparer.Default.Equals(root, builder))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsWildcardSubdomainsCall(IInvocationOperation call)
        => call.TargetMethod.Name == "SetIsOriginAllowedToAllowWildcardSubdomains" && IsPolicyBuilder(call.TargetMethod.ContainingType);

    private static ISymbol? ChainRoot(IInvocationOperation call)
    {
        var bottom = call.Instance.WalkDownConversions();
        while (bottom is IInvocationOperation inner)
        {
            bottom = inner.Instance.WalkDownConversions();
        }

        return bottom switch
        {
            IParameterReferenceOperation parameter => parameter.Parameter,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
    }

    private bool IsPolicyBuilder(INamedTypeSymbol? type)
        => type is not null && SymbolEqualityComparer.Default.Equals(type, _symbols.CorsPolicyBuilder);

    private static OriginPatterns PatternsFor(SyntaxTree tree, AnalyzerOptions options)
        => OriginPatterns.FromOptions(options.AnalyzerConfigOptionsProvider.GetOptions(tree));
}

/// <summary>What one body holds that the judgement of its matches needs: its decisions, and its lambdas and local functions.</summary>
internal sealed class BodyFacts
{
    public BodyFacts(ImmutableArray<IOperation> decisions, ImmutableArray<IOperation> functions) => (Decisions, Functions) = (decisions, functions);

    public ImmutableArray<IOperation> Decisions { get; }

    public ImmutableArray<IOperation> Functions { get; }
}
