using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS005: a hand-written <c>Access-Control-Allow-Origin</c> whose value is chosen per request, in code that writes no
/// <c>Vary: Origin</c>. Not reported for constant or configured values, nor where CORS001 or CORS003 already reports
/// the write. Policies built with CorsPolicyBuilder need nothing: the middleware adds Vary itself.
/// </summary>
public sealed class MissingVaryOriginAnalyzer : CorsRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.MissingVaryOrigin;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        if (knowledge.Symbols.HasHeaderApis)
        {
            start.OnHeaderWrite((c, write) => Analyze(c, write, knowledge));
        }
    }

    private static void Analyze(OperationAnalysisContext context, HeaderWrite write, CorsKnowledge knowledge)
    {
        if (!write.Is(HttpHeaderName.AccessControlAllowOrigin)
            || write.Value is not { } value
            || !IsChosenPerRequest(context, write, knowledge)
            || knowledge.Echoes.HasVaryOrigin(write.Operation))
        {
            return;
        }

        var syntax = write.Operation.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MissingVaryOrigin, syntax.GetLocation(), syntax.ToString()));
    }

    /// <summary>
    /// Chosen per request and not another rule's finding: an unchecked echo is CORS001's, one behind a match CORS003
    /// reports is CORS003's; behind a check that mixes exact and anchored parts (<c>allowed.Contains(o) ||
    /// o.StartsWith("http://localhost:")</c>) nothing else reports it, and it needs its Vary.
    /// </summary>
    private static bool IsChosenPerRequest(OperationAnalysisContext context, HeaderWrite write, CorsKnowledge knowledge)
        => knowledge.Echoes.Classify(write) switch
        {
            Reflection.InexactlyChecked => !knowledge.Matches.ReportsAGuardOf(write.Operation, context.Options, context.CancellationToken),
            _ => knowledge.Echoes.IsChosenPerRequest(write),
        };
}
