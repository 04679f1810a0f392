using System.Collections.Immutable;
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
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingVaryOriginAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MissingVaryOrigin);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var knowledge = CorsKnowledge.Create(start.Compilation);
            if (!knowledge.Symbols.HasHeaderApis)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, knowledge), HeaderWrites.OperationKinds);
        });
    }

    private static void Analyze(OperationAnalysisContext context, CorsKnowledge knowledge)
    {
        if (!knowledge.Headers.TryGetWrite(context.Operation, out var write)
            || !write.Is(HttpHeaderName.AccessControlAllowOrigin)
            || write.Value is not { } value
            || !knowledge.Echoes.IsChosenPerRequest(write)
            || knowledge.Echoes.HasVaryOrigin(write.Operation))
        {
            return;
        }

        var syntax = write.Operation.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MissingVaryOrigin, syntax.GetLocation(), syntax.ToString()));
    }
}
