using System.Collections.Immutable;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS003: an origin accepted by <c>EndsWith</c>, <c>StartsWith</c>, <c>Contains</c>, <c>IndexOf</c> or an unanchored
/// regular expression, in a <c>SetIsOriginAllowed</c> predicate, a validator of ours, or any decision on the request's
/// Origin; a predicate or validator declared in another file is reported at its use in the file being analysed (the
/// method group, the call), with the match as additional location; and <c>https://*.shared-host</c> entries under <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c>.
/// </summary>
public sealed class OriginSubstringMatchRule : CorsRule
{
    private static readonly ImmutableDictionary<string, string?> s_match = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Match);
    private static readonly ImmutableDictionary<string, string?> s_wildcardEntry = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.WildcardEntry);
    /// <summary>A match in a predicate or validator of another file, reported at its use: the fix would edit the match there (<see cref="ReportPlaces"/>).</summary>
    private static readonly ImmutableDictionary<string, string?> s_matchElsewhere = s_match.Add(DiagnosticProperties.FixAtAdditionalLocation, "true");
    private static readonly ImmutableDictionary<string, string?> s_configured = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Configured);

    public override DiagnosticDescriptor Descriptor => Descriptors.OriginSubstringMatch;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        if (!knowledge.Symbols.HasWebServerApis)
        {
            return;
        }

        var matches = knowledge.OriginMatches;
        start.OnOperation(
            c =>
            {
                foreach (var finding in matches.Judge((IInvocationOperation)c.Operation, c.Options, c.ContainingSymbol, c.CancellationToken))
                {
                    c.ReportDiagnostic(finding.MatchElsewhere is { } match
                        ? Diagnostic.Create(Descriptors.OriginSubstringMatch, finding.Location, new[] { match }, s_matchElsewhere, finding.Code, finding.SlipThrough)
                        : Diagnostic.Create(Descriptors.OriginSubstringMatch, finding.Location, finding.IsWildcardEntry ? s_wildcardEntry : s_match, finding.Code, finding.SlipThrough));
                }
            },
            OperationKind.Invocation);

        // https://*.vercel.app in appsettings*.json, read into a policy that turns on wildcard subdomains.
        var configured = ConfiguredOrigins.Create(start.Compilation, start.Options);
        if (configured.IsAvailable && knowledge.Symbols.CorsPolicyBuilder is not null)
        {
            start.OnPolicyStep((c, step) => AnalyzeConfiguredEntries(c, step, knowledge.CorsPolicies, configured));
        }
    }

    /// <summary>The configured entries one origins step reads, judged at the end of its policy (the last origin check wins).</summary>
    private static void AnalyzeConfiguredEntries(OperationAnalysisContext context, PolicyStep step, CorsPolicies policies, ConfiguredOrigins configured)
    {
        if (step.Kind != PolicyStepKind.AddOrigins || policies.PolicyOf(step, context.CancellationToken) is not { } policy)
        {
            return;
        }

        var patterns = OriginPatterns.FromOptions(context.Options.AnalyzerConfigOptionsProvider.GetOptions(step.Operation.Syntax.SyntaxTree));
        foreach (var (entry, slipThrough) in configured.FindWildcardEntries(policy, step, patterns, context.CancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.OriginSubstringMatch, entry.Location, new[] { entry.Read.Code.Syntax.GetLocation() }, s_configured, entry.Describe(), slipThrough));
        }
    }
}
