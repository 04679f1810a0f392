using System.Collections.Immutable;
using System.Linq;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers;

/// <summary>
/// The package's analyzer: every rule (CORS001-CORS014) in one, so that Roslyn calls the package once per operation of
/// interest (see <see cref="RuleDispatcher"/>). Each rule keeps its own id, severity, suppressions and .editorconfig key;
/// a rule turned off is not run.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CorsAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<CorsRule> _rules;

    public CorsAnalyzer()
        : this(
            new OriginReflectionRule(),
            new AnyOriginWithCredentialsRule(),
            new OriginSubstringMatchRule(),
            new NullOriginRule(),
            new MissingVaryOriginRule(),
            new UnmatchableOriginRule(),
            new MisplacedCorsMiddlewareRule(),
            new UndefinedPolicyNameRule(),
            new CredentialedWildcardRule(),
            new RefusedPreflightRule(),
            new LongPreflightCacheRule(),
            new JsonpEndpointRule(),
            new UntrustedMessageListenerRule(),
            new MessageToAnyOriginRule())
    {
    }

    /// <summary>An analyzer that runs only <paramref name="rules"/> (a rule's tests, the benchmark's per-rule rows).</summary>
    public CorsAnalyzer(params CorsRule[] rules)
    {
        _rules = rules.ToImmutableArray();
        SupportedDiagnostics = _rules.Select(r => r.Descriptor).ToImmutableArray();
    }

    public ImmutableArray<CorsRule> Rules => _rules;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => RuleDispatcher.Start(start, _rules));
    }
}
