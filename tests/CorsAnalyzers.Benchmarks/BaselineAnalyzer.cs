using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Benchmarks;

/// <summary>
/// The baseline: an analyzer that registers the same kinds of actions as the CorsAnalyzers rules and does nothing in them.
/// What it costs is what any analyzer of that shape costs (the driver, building the IOperation trees); what our rules cost
/// above it is the cost of their own logic. Keep <see cref="OperationKinds"/> and the flags in step with what the package's
/// dispatcher registers (src/CorsAnalyzers/Dispatch/RuleDispatcher.cs): the report warns when it registers a kind of action that the baseline does not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BaselineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// The operation kinds the package's one operation action covers in an ASP.NET Core project (HeaderWrites.OperationKinds,
    /// CorsPolicies.StepOperationKinds). Rules ask for PropertyReference (OWIN) or Attribute (Web API) only when those
    /// frameworks are referenced, which the generated projects do not. Adjust here when a rule asks for another.
    /// </summary>
    public static readonly ImmutableArray<OperationKind> OperationKinds = ImmutableArray.Create(
        OperationKind.Invocation,
        OperationKind.SimpleAssignment,
        OperationKind.ObjectCreation);

    /// <summary>
    /// Whether the baseline also registers, per method body, an operation block start action with operation actions for
    /// <see cref="OperationKinds"/> and an end action inside (as CORS002 once collected a method's policy steps; no rule does now).
    /// </summary>
    public const bool RegisterOperationBlockStart = false;

    /// <summary>Whether the baseline also registers a syntax node action for attributes, a symbol action for named types and a compilation end action (as CORS008 does).</summary>
    public const bool RegisterCompilationWideActions = true;

    /// <summary>Whether the baseline also registers a symbol start action (with an end action) per named type.</summary>
    public const bool RegisterSymbolStart = false;

    private static readonly DiagnosticDescriptor Never = new(
        "BASE000", "Baseline", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            start.RegisterOperationAction(static _ => { }, OperationKinds);

            // The package's one additional-file action (configuration files for CORS002/CORS004, scripts for CORS013/CORS014).
            start.RegisterAdditionalFileAction(static _ => { });
#pragma warning disable CS0162 // Unreachable code: the flags are constants meant to be edited.
            if (RegisterOperationBlockStart)
            {
                start.RegisterOperationBlockStartAction(static block =>
                {
                    block.RegisterOperationAction(static _ => { }, OperationKinds);
                    block.RegisterOperationBlockEndAction(static _ => { });
                });
            }

            if (RegisterCompilationWideActions)
            {
                start.RegisterSyntaxNodeAction(static _ => { }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.Attribute);
                start.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType);
                start.RegisterCompilationEndAction(static _ => { });
            }

            if (RegisterSymbolStart)
            {
                start.RegisterSymbolStartAction(static symbol => symbol.RegisterSymbolEndAction(static _ => { }), SymbolKind.NamedType);
            }
#pragma warning restore CS0162
        });
    }
}
