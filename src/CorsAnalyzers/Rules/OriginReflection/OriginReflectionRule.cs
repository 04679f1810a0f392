using System.Collections.Generic;
using System.Collections.Immutable;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS001: the request's Origin written back as <c>Access-Control-Allow-Origin</c> on a path that no exact
/// allowlist check guards. Reported at the written value (<see cref="DiagnosticProperties.Kinds.HeaderWrite"/>), or at the
/// Origin a per-request policy copies into its origins (<see cref="DiagnosticProperties.Kinds.PolicyOrigins"/>).
/// </summary>
public sealed class OriginReflectionRule : CorsRule
{
    private static readonly ImmutableDictionary<string, string?> s_headerWrite = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.HeaderWrite);
    private static readonly ImmutableDictionary<string, string?> s_policyOrigins = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.PolicyOrigins);

    public override DiagnosticDescriptor Descriptor => Descriptors.OriginReflection;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        if (knowledge.Symbols.HasHeaderApis)
        {
            start.OnHeaderWriteVerdicts((c, verdicts) => AnalyzeWrite(c, verdicts, knowledge.OriginFlow));
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
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.OriginReflection, reflected.Syntax.GetLocation(), s_policyOrigins, reflected.Syntax.ToString()));
        }
    }

    /// <summary>
    /// The echo is the write's shared verdict: CORS005 reads the same one. A helper of ours in another file on the way (the
    /// one that writes the header, one that returns the Origin) is an additional location; the finding stays at the value.
    /// </summary>
    private static void AnalyzeWrite(OperationAnalysisContext context, WriteVerdicts verdicts, OriginFlow origin)
    {
        if (!verdicts.Write.Is(HttpHeaderName.AccessControlAllowOrigin) || verdicts.Write.Value is not { } value)
        {
            return;
        }

        if (verdicts.Reflection == Reflection.Unchecked)
        {
            var through = new List<IOperation> { verdicts.Write.Operation };
            origin.CarriesOrigin(value, through);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.OriginReflection, value.Syntax.GetLocation(), ReportPlaces.HelpersElsewhere(context.Operation, through), s_headerWrite, value.Syntax.ToString()));
        }
    }
}
