using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Dispatch;

/// <summary>
/// One rule of the package: its descriptor, and what it wants to be shown (<see cref="Start"/>). A rule is not an
/// analyzer of its own: <see cref="CorsAnalyzer"/> runs every rule, and calls each one only for what it asked for, so
/// that Roslyn calls the package once per operation instead of once per rule (see <see cref="RuleDispatcher"/>).
/// </summary>
public abstract class CorsRule
{
    private protected CorsRule()
    {
    }

    public abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>Registers, for one compilation, what the rule looks at; registers nothing where the compilation lacks the APIs it judges.</summary>
    internal abstract void Start(RuleStart start);
}
