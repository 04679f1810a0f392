using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS005: a hand-written <c>Access-Control-Allow-Origin</c> whose value is chosen per request, in code that writes no
/// <c>Vary: Origin</c>. Not reported for constant or configured values, nor where CORS001 or CORS003 already reports
/// the write. Policies built with CorsPolicyBuilder need nothing: the middleware adds Vary itself.
/// </summary>
public sealed class MissingVaryOriginRule : CorsRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.MissingVaryOrigin;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        if (knowledge.Symbols.HasHeaderApis)
        {
            start.OnHeaderWriteVerdicts((c, verdicts) => Analyze(c, verdicts, knowledge));
        }
    }

    /// <summary>The write's echo and CORS003's answer for its guards come from <paramref name="verdicts"/>, shared with CORS001.</summary>
    private static void Analyze(OperationAnalysisContext context, WriteVerdicts verdicts, CorsKnowledge knowledge)
    {
        if (MissingVary.IsMissing(knowledge, verdicts, context.Options, context.CancellationToken))
        {
            // A write through a helper of ours in another file names the helper as an additional location.
            var syntax = verdicts.Write.Operation.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MissingVaryOrigin, syntax.GetLocation(), ReportPlaces.HelpersElsewhere(context.Operation, new[] { verdicts.Write.Operation }), syntax.ToString()));
        }
    }
}
