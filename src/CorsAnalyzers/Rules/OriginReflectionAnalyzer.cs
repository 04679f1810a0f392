using System.Collections.Immutable;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS001: the request's Origin written back as <c>Access-Control-Allow-Origin</c> on a path that no exact
/// allowlist check guards. Reported at the written value.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OriginReflectionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.OriginReflection);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var knowledge = CorsKnowledge.Create(start.Compilation);
            if (!knowledge.Symbols.HasHeaderApis && !knowledge.Symbols.HasPolicyApis)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, knowledge), HeaderWrites.OperationKinds);
        });
    }

    private static void Analyze(OperationAnalysisContext context, CorsKnowledge knowledge)
    {
        if (!knowledge.Headers.TryGetWrite(context.Operation, out var write))
        {
            // A policy built per request (an ICorsPolicyProvider) that copies the request's Origin into its origins.
            if (knowledge.Symbols.HasPolicyApis
                && knowledge.Policies.GetStep(context.Operation, context.CancellationToken) is { Kind: PolicyStepKind.AddOrigins, Origins.ReflectedOrigin: { } reflected })
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.OriginReflection, reflected.Syntax.GetLocation(), reflected.Syntax.ToString()));
            }

            return;
        }

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
