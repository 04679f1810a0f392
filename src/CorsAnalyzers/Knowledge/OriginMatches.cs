using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>What one matching call lets through: reported at <see cref="Location"/>.</summary>
internal readonly struct MatchFinding
{
    public MatchFinding(Location location, string code, string slipThrough, bool isWildcardEntry, Location? matchElsewhere = null)
    {
        IsWildcardEntry = isWildcardEntry;
        Location = location;
        Code = code;
        SlipThrough = slipThrough;
        MatchElsewhere = matchElsewhere;
    }

    public Location Location { get; }

    /// <summary>
    /// For a match in a predicate or validator declared in another file, reported at its use (<see cref="Location"/>):
    /// the match itself, the diagnostic's additional location.
    /// </summary>
    public Location? MatchElsewhere { get; }

    /// <summary>True for a <c>https://*.shared-host</c> entry of <c>WithOrigins</c>, false for a matching call.</summary>
    public bool IsWildcardEntry { get; }

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
internal sealed partial class OriginMatches
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
            "IsMatch" or "Match" => method.ContainingType.Name == "Regex" && method.ContainingType.Is(_symbols.Regex),
            _ => false,
        };
        var isWithOrigins = !isMatch && method.Name == "WithOrigins" && IsPolicyBuilder(method.ContainingType);
        if (!isMatch && !isWithOrigins)
        {
            // A predicate or validator declared in another file, judged at its use here.
            return UsesMatchesElsewhere(invocation) ? JudgeUseOfElsewhere(invocation, options, containingSymbol, cancellationToken) : System.Array.Empty<MatchFinding>();
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

    private void ReportIfInexact(JudgeContext context, IInvocationOperation call, IParameterSymbol? originParameter)
    {
        // Half-typed calls (origin.EndsWith("con) are judged once they parse.
        if (call.Syntax.ContainsDiagnostics || SlipThrough(call, originParameter, context) is not { Length: > 0 } slipThrough || IsNarrowedByExactCheck(call, originParameter)
            || !PassesTheOtherParts(call, slipThrough, originParameter, context))
        {
            return;
        }

        var syntax = call.Syntax;
        context.Findings.Add(new MatchFinding(syntax.GetLocation(), syntax.ToString(), slipThrough, isWildcardEntry: false));
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
                context.Findings.Add(new MatchFinding(element.Syntax.GetLocation(), element.Syntax.ToString(), slipThrough, isWildcardEntry: true));
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
