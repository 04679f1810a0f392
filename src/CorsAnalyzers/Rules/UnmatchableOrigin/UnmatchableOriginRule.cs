using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Collections.Immutable;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS006: an origin entry of a policy that can never equal a browser's <c>Origin</c> header.
/// </summary>
/// <remarks>
/// <para>Reads the origin lists of ASP.NET Core policies (<c>WithOrigins</c> arguments, arrays and collections passed in,
/// <c>new CorsPolicyBuilder(...)</c>, <c>CorsPolicy.Origins.Add</c>) and judges each constant entry with
/// <see cref="OriginEntries"/>. Reported at the expression that gives the string (the literal, or the constant's name);
/// an entry written in another declaration (an array field) at the step that reads it, with the entry as additional
/// location, where the fix rewrites it (<see cref="ReportPlaces"/>).</para>
/// <para>Silent where the entries may not be what decides: a policy that also sets its own origin predicate
/// (<c>SetIsOriginAllowed</c>) in the same code that may be in effect at the end (<see cref="CorsPolicyDefinition.OriginListUse"/>). A <c>*</c> entry is judged only where every call on its builder is seen (a
/// lambda's or a local's builder): a builder passed in or kept in a field may get
/// <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c> elsewhere.</para>
/// <para>Hand-written: the exact checks that let the request's Origin through to an Access-Control-Allow-Origin write only
/// when it equals such a string (see <see cref="AnalyzeHeaderWrite"/>).</para>
/// <para>A <c>"*"</c> entry beside other entries of the same list (<c>WithOrigins("*", "https://a.com")</c>, a configured
/// <c>["https://a.com", "*"]</c>) is not any-origin: it is compared as written and never matches. A lone <c>"*"</c> is
/// any-origin and left to CORS002.</para>
/// <para>Web API's <c>EnableCorsAttribute</c> takes a comma-separated list on purpose, so it is not read here.</para>
/// </remarks>
public sealed class UnmatchableOriginRule : CorsRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.UnmatchableOrigin;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        var symbols = knowledge.Symbols;
        var reported = new ReportOnce();
        if (symbols.HasHeaderApis)
        {
            start.OnHeaderWrite((c, write) => AnalyzeHeaderWrite(c, write, knowledge, reported));
        }

        if (symbols.CorsPolicyBuilder is null && symbols.CorsPolicy is null)
        {
            return;
        }

        var policies = knowledge.CorsPolicies;
        var configured = ConfiguredOrigins.Create(start.Compilation, start.Options);
        start.OnPolicyStep((c, step) =>
        {
            if (step.Kind == PolicyStepKind.AddOrigins && !IsWebApiAttribute(step, symbols))
            {
                AnalyzeEntries(c, step, policies, reported);
                AnalyzeConfiguredEntries(c, step, policies, configured, reported);
            }
        });
    }

    /// <summary>
    /// Entries in appsettings (any environment's file) that reach the step's origins, as the code passes them on (split,
    /// trimmed): reported at the JSON value, with the reading code as additional location. No fix: the value is the file's.
    /// </summary>
    private static void AnalyzeConfiguredEntries(OperationAnalysisContext context, PolicyStep step, CorsPolicies policies, ConfiguredOrigins configured, ReportOnce reported)
    {
        if (!configured.IsAvailable)
        {
            return;
        }

        PolicyFacts? facts = null;
        foreach (var entry in configured.EntriesOf(step.Operation.GetArgument(0), context.CancellationToken))
        {
            facts ??= PolicyFacts.Of(step, policies, context.CancellationToken);
            if (facts.Value.SetsPredicate)
            {
                return;
            }

            var verdict = OriginEntries.Judge(entry.Value, wildcardSubdomains: entry.Value.IndexOf('*') < 0 || !facts.Value.AllSeen || facts.Value.AllowsWildcardSubdomains);
            ReportConfigured(context, entry, verdict, reported);
        }

        // Reached with a policy whose entries decide (the loop returns otherwise), or with no configured entries at all.
        foreach (var star in configured.LiteralStarsOf(step.Operation.GetArgument(0), context.CancellationToken))
        {
            ReportConfigured(context, star, OriginEntries.StarBesideOtherEntries, reported);
        }
    }

    private static void ReportConfigured(OperationAnalysisContext context, ConfiguredEntry entry, OriginEntryVerdict verdict, ReportOnce reported)
    {
        if (verdict.IsProblem && reported.IsFirst(entry.Location))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnmatchableOrigin,
                entry.Location,
                new[] { entry.Read.Code.Syntax.GetLocation() },
                DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Configured),
                entry.Describe(),
                OriginEntries.Reason(verdict)));
        }
    }

    /// <summary>
    /// A hand-written exact check of the request's Origin against a string that can never equal it, on the way to an
    /// Access-Control-Allow-Origin write of that Origin: <c>origin == "https://a.com/"</c>, a <c>"https://a.com/"</c> entry of a
    /// set the origin is looked up in. The strings of the write's file that can never match are the candidates, and the
    /// shared guard walker (<see cref="HandWrittenCors.AcceptingTestsOfValue"/>) says which of them let the origin through.
    /// </summary>
    private static void AnalyzeHeaderWrite(OperationAnalysisContext context, HeaderWrite write, CorsKnowledge knowledge, ReportOnce reported)
    {
        if (!write.Is(HttpHeaderName.AccessControlAllowOrigin)
            || write.Value is not { } value
            || !knowledge.OriginFlow.CarriesOrigin(value))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in CandidateFiles(context.Operation))
        {
            foreach (var (candidate, verdict) in OriginEntries.UnmatchableStringsIn(tree, context.CancellationToken))
            {
                if (!seen.Add(candidate))
                {
                    continue;
                }

                foreach (var test in knowledge.HandWrittenCors.AcceptingTestsOfValue(value, candidate, context.CancellationToken))
                {
                    Report(context, test.Source, test.IsListEntry ? DiagnosticProperties.Kinds.ListEntry : DiagnosticProperties.Kinds.Test, value.Syntax.GetLocation(), verdict, reported);
                }
            }
        }
    }

    /// <summary>
    /// The files whose strings may be what the write's checks compare the Origin with: the write's own, and those that
    /// declare the sets, fields and validators its guards read (<c>CorsOrigins.Allowed.Contains(origin)</c> with
    /// <c>CorsOrigins</c> in another file).
    /// </summary>
    private static IEnumerable<SyntaxTree> CandidateFiles(IOperation write)
    {
        var own = write.Syntax.SyntaxTree;
        yield return own;
        HashSet<SyntaxTree>? others = null;
        foreach (var guard in Guards.Of(write))
        {
            if (guard.Kind != GuardKind.Condition)
            {
                continue;
            }

            foreach (var part in guard.Condition!.DescendantsAndSelf())
            {
                var member = part switch
                {
                    IMemberReferenceOperation reference => reference.Member,
                    IInvocationOperation call => call.TargetMethod,
                    _ => null,
                };
                if (member is null)
                {
                    continue;
                }

                foreach (var declaration in member.OriginalDefinition.DeclaringSyntaxReferences)
                {
                    if (declaration.SyntaxTree != own && (others ??= new HashSet<SyntaxTree>()).Add(declaration.SyntaxTree))
                    {
                        yield return declaration.SyntaxTree;
                    }
                }
            }
        }
    }

    private static void AnalyzeEntries(OperationAnalysisContext context, PolicyStep step, CorsPolicies policies, ReportOnce reported)
    {
        if (step.Origins.Values.IsDefaultOrEmpty)
        {
            return;
        }

        PolicyFacts? facts = null;
        foreach (var origin in step.Origins.Values)
        {
            if (origin.Value is not { } entry)
            {
                continue;
            }

            var wildcardSubdomains = true;
            if (entry == "*")
            {
                // Alone, "*" is any-origin (CORS002's business); beside other entries it is a literal.
                if (!step.Origins.IsLiteralStar(origin))
                {
                    continue;
                }
            }
            else if (entry.IndexOf('*') >= 0)
            {
                facts ??= PolicyFacts.Of(step, policies, context.CancellationToken);

                // Where the builder may get SetIsOriginAllowedToAllowWildcardSubdomains() elsewhere, only what is wrong either way is said.
                wildcardSubdomains = !facts.Value.AllSeen || facts.Value.AllowsWildcardSubdomains;
            }

            var verdict = entry == "*" ? OriginEntries.StarBesideOtherEntries : OriginEntries.Judge(entry, wildcardSubdomains);
            if (!verdict.IsProblem)
            {
                continue;
            }

            facts ??= PolicyFacts.Of(step, policies, context.CancellationToken);
            if (facts.Value.SetsPredicate)
            {
                return;
            }

            Report(context, origin.Source, DiagnosticProperties.Kinds.ListEntry, step.ReportLocation, verdict, reported);
        }
    }

    /// <summary>Reports the entry at <paramref name="source"/>, once per place (<see cref="ReportPlaces"/>: at <paramref name="anchor"/> when it is in another declaration).</summary>
    private static void Report(OperationAnalysisContext context, IOperation source, string kind, Location anchor, OriginEntryVerdict verdict, ReportOnce reported)
    {
        var properties = verdict.Normalized.IsDefaultOrEmpty
            ? DiagnosticProperties.OfKind(kind)
            : DiagnosticProperties.OfKind(kind).Add(DiagnosticProperties.NormalizedOrigins, string.Join("\n", verdict.Normalized));
        var diagnostic = ReportPlaces.Create(
            Descriptors.UnmatchableOrigin,
            source,
            context.Operation,
            anchor,
            properties,
            CorsPolicies.CodeAt(source.Syntax.SyntaxTree, source.Syntax.Span),
            OriginEntries.Reason(verdict));
        if (reported.IsFirst(diagnostic.Location, source.Syntax.GetLocation()))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    private static bool IsWebApiAttribute(PolicyStep step, KnownSymbols symbols)
        => step.Operation is IObjectCreationOperation creation
           && symbols.WebApiEnableCorsAttribute is { } webApi
           && SymbolEqualityComparer.Default.Equals(creation.Type, webApi);

    /// <summary>What the other steps of an entry's policy, in the same code, do to its origin check.</summary>
    private readonly struct PolicyFacts
    {
        private PolicyFacts(bool setsPredicate, bool allowsWildcardSubdomains, bool allSeen)
        {
            SetsPredicate = setsPredicate;
            AllowsWildcardSubdomains = allowsWildcardSubdomains;
            AllSeen = allSeen;
        }

        /// <summary>A <c>SetIsOriginAllowed</c> (or <c>IsOriginAllowed =</c>) on the same builder or policy that may be the check at the end: the entries may not decide.</summary>
        public bool SetsPredicate { get; }

        public bool AllowsWildcardSubdomains { get; }

        /// <summary>True when the builder lives only in the code seen (a lambda's parameter, a local, an unnamed creation).</summary>
        public bool AllSeen { get; }

        public static PolicyFacts Of(PolicyStep step, CorsPolicies policies, CancellationToken cancellationToken)
        {
            // The other steps of the same builder or policy in the same code: the policy the step is part of.
            var policy = policies.PolicyOf(step, cancellationToken);
            var steps = policy?.Steps ?? ImmutableArray<PolicyStep>.Empty;
            var setsPredicate = policy is not null && policy.OriginListUse(cancellationToken) != OriginListUse.Consulted;
            var wildcards = steps.Any(s => s.Kind == PolicyStepKind.AllowWildcardSubdomains);

            var allSeen = step.Root switch
            {
                IParameterSymbol parameter => parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction },
                ILocalSymbol => true,
                IOperation => true,
                _ => false,
            };
            return new PolicyFacts(setsPredicate, wildcards, allSeen);
        }
    }
}
