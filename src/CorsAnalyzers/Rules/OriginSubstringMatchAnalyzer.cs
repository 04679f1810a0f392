using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS003: an origin accepted by <c>EndsWith</c>, <c>StartsWith</c>, <c>Contains</c>, <c>IndexOf</c> or an unanchored
/// regular expression, in a <c>SetIsOriginAllowed</c> predicate, a validator of ours, or any decision on the request's
/// Origin; and <c>https://*.shared-host</c> entries under <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OriginSubstringMatchAnalyzer : DiagnosticAnalyzer
{
    private const int MaxValidatorDepth = 3;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.OriginSubstringMatch);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var knowledge = CorsKnowledge.Create(start.Compilation);
            if (!knowledge.Symbols.HasWebServerApis)
            {
                return;
            }

            var matches = knowledge.Matches;
            start.RegisterOperationAction(
                c =>
                {
                    foreach (var finding in matches.Judge((IInvocationOperation)c.Operation, c.Options, c.ContainingSymbol, c.CancellationToken))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.OriginSubstringMatch, finding.Location, finding.Code, finding.SlipThrough));
                    }
                },
                OperationKind.Invocation);

            // https://*.vercel.app in appsettings*.json, read into a policy that turns on wildcard subdomains.
            var configured = ConfiguredOrigins.Create(start.Compilation, start.Options);
            if (configured.IsAvailable && knowledge.Symbols.CorsPolicyBuilder is not null)
            {
                start.RegisterOperationBlockStartAction(block => CollectConfiguredPolicies(block, knowledge.Policies, configured));
            }
        });
    }

    private static void CollectConfiguredPolicies(OperationBlockStartAnalysisContext context, CorsPolicies policies, ConfiguredOrigins configured)
    {
        var steps = new List<PolicyStep>();
        context.RegisterOperationAction(
            c =>
            {
                if (policies.GetStep(c.Operation, c.CancellationToken) is { } step)
                {
                    lock (steps)
                    {
                        steps.Add(step);
                    }
                }
            },
            OperationKind.Invocation);

        context.RegisterOperationBlockEndAction(c =>
        {
            if (!steps.Any(s => s.Kind == PolicyStepKind.AllowWildcardSubdomains))
            {
                return;
            }

            var patterns = OriginPatterns.FromOptions(c.Options.AnalyzerConfigOptionsProvider.GetOptions(steps[0].Operation.Syntax.SyntaxTree));
            foreach (var policy in CorsPolicies.Group(steps))
            {
                foreach (var (entry, slipThrough) in configured.FindWildcardEntries(policy, patterns, c.CancellationToken))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Descriptors.OriginSubstringMatch, entry.Location, new[] { entry.Read.Code.Syntax.GetLocation() }, entry.Describe(), slipThrough));
                }
            }
        });
    }
}
