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
            start.OnHeaderWriteVerdicts((c, verdicts) => AnalyzeWrite(c, verdicts));
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

    /// <summary>The echo is the write's shared verdict: CORS005 reads the same one.</summary>
    private static void AnalyzeWrite(OperationAnalysisContext context, WriteVerdicts verdicts)
    {
        if (!verdicts.Write.Is(HttpHeaderName.AccessControlAllowOrigin) || verdicts.Write.Value is not { } value)
        {
            return;
        }

        if (verdicts.Reflection == Reflection.Unchecked)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.OriginReflection, value.Syntax.GetLocation(), value.Syntax.ToString()));
        }
    }
}
