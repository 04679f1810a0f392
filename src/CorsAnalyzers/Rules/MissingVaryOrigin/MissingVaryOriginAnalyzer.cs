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
        if (MissingVary.IsMissing(knowledge, write, context.Options, context.CancellationToken))
        {
            var syntax = write.Operation.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MissingVaryOrigin, syntax.GetLocation(), syntax.ToString()));
        }
    }
}
