using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS001: the request's Origin written back as <c>Access-Control-Allow-Origin</c> on a path that no exact
/// allowlist check guards. Reported at the written value.
/// </summary>
public sealed class OriginReflectionAnalyzer : CorsRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.OriginReflection;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        if (knowledge.Symbols.HasHeaderApis)
        {
            start.OnHeaderWrite((c, write) => AnalyzeWrite(c, write, knowledge));
        }

        if (knowledge.Symbols.HasPolicyApis)
        {
            start.OnPolicyStep(AnalyzeStep);
        }
    }

    /// <summary>A policy built per request (an ICorsPolicyProvider) that copies the request's Origin into its origins.</summary>
    private static void AnalyzeStep(OperationAnalysisContext context, PolicyStep step)
    {
        if (step is { Kind: PolicyStepKind.AddOrigins, Origins.ReflectedOrigin: { } reflected })
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.OriginReflection, reflected.Syntax.GetLocation(), reflected.Syntax.ToString()));
        }
    }

    private static void AnalyzeWrite(OperationAnalysisContext context, HeaderWrite write, CorsKnowledge knowledge)
    {
        if (!write.Is(HttpHeaderName.AccessControlAllowOrigin) || write.Value is not { } value)
        {
            return;
        }

        if (knowledge.Echoes.Classify(write) == Reflection.Unchecked)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.OriginReflection, value.Syntax.GetLocation(), value.Syntax.ToString()));
        }
    }
}
