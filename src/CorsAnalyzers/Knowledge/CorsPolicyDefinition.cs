using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>An any-origin step and a credentials step that can both be in effect at the end of one policy.</summary>
internal readonly struct AnyOriginWithCredentials
{
    public AnyOriginWithCredentials(PolicyStep anyOrigin, PolicyStep credentials)
    {
        AnyOrigin = anyOrigin;
        Credentials = credentials;
    }

    public PolicyStep AnyOrigin { get; }

    public PolicyStep Credentials { get; }
}

/// <summary>All the steps of one policy (one fluent chain, or all calls on one builder or policy in one method or lambda), in execution order.</summary>
internal sealed class CorsPolicyDefinition
{
    private const int MaxScenarios = 256;

    internal CorsPolicyDefinition(object root, ImmutableArray<PolicyStep> steps)
    {
        Root = root;
        Steps = steps;
    }

    public object Root { get; }

    /// <summary>The steps, in the order they run (a fluent chain left to right, statements top to bottom).</summary>
    public ImmutableArray<PolicyStep> Steps { get; }

    /// <summary>
    /// Every any-origin step that, on some path through the code, is in effect together with credentials when the
    /// policy is complete. Follows the framework: origins are any-origin when they are exactly <c>["*"]</c>
    /// (<c>AllowAnyOrigin()</c> clears them first; <c>WithOrigins</c> adds); an always-true predicate accepts every
    /// origin whatever the origins are; the last predicate and the last credentials setting win.
    /// Steps in different arms of one <c>if</c> or <c>switch</c> never run together; a step in a loop, a lambda or after
    /// <c>?.</c> may or may not run.
    /// </summary>
    public ImmutableArray<AnyOriginWithCredentials> FindAnyOriginWithCredentials(CancellationToken cancellationToken)
    {
        var hasCredentials = Steps.Any(s => s.Kind == PolicyStepKind.SetCredentials && s.Credentials);
        if (!hasCredentials)
        {
            return ImmutableArray<AnyOriginWithCredentials>.Empty;
        }

        var alwaysTrue = new Dictionary<PolicyStep, bool>();
        foreach (var step in Steps)
        {
            if (step.Kind == PolicyStepKind.SetOriginPredicate)
            {
                alwaysTrue[step] = Callables.AlwaysReturnsTrue(step.Predicate, cancellationToken);
            }
        }

        var guards = Steps.Select(CorsPolicies.GuardsOf).ToImmutableArray();
        var branches = guards.SelectMany(g => g).Select(g => g.Branch).Distinct().ToList();
        var arms = branches.Select(CorsPolicies.ArmCountOf).ToArray();
        var choice = new int[branches.Count];
        var found = new List<AnyOriginWithCredentials>();

        for (var scenario = 0; scenario < MaxScenarios; scenario++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Simulate(choice, branches, guards, alwaysTrue, found);
            if (!Next(choice, arms))
            {
                break;
            }
        }

        return found
            .GroupBy(f => f.AnyOrigin)
            .Select(g => g.OrderBy(f => f.Credentials.ReportSpan.Start).First())
            .OrderBy(f => f.AnyOrigin.ReportSpan.Start)
            .ToImmutableArray();
    }

    private void Simulate(int[] choice, List<IOperation> branches, ImmutableArray<ImmutableArray<(IOperation Branch, int Arm)>> guards, Dictionary<PolicyStep, bool> alwaysTrue, List<AnyOriginWithCredentials> found)
    {
        // The origins list: empty, exactly ["*"], or anything else.
        var originsAreStar = false;
        var originsAreEmpty = true;
        PolicyStep? starStep = null;
        PolicyStep? predicateStep = null;
        var predicateAlwaysTrue = false;
        PolicyStep? credentialsStep = null;

        for (var i = 0; i < Steps.Length; i++)
        {
            if (!guards[i].All(g => choice[branches.IndexOf(g.Branch)] == g.Arm))
            {
                continue;
            }

            var step = Steps[i];
            switch (step.Kind)
            {
                case PolicyStepKind.AllowAnyOrigin:
                    (originsAreStar, originsAreEmpty, starStep) = (true, false, step);
                    break;
                case PolicyStepKind.ClearOrigins:
                    (originsAreStar, originsAreEmpty, starStep) = (false, true, null);
                    break;
                case PolicyStepKind.AddOrigins when step.Origins.IsComplete && step.Origins.Values.IsDefaultOrEmpty:
                    break;
                case PolicyStepKind.AddOrigins:
                    var becomesStar = originsAreEmpty && step.Origins.MayBeExactlyAnyOrigin;
                    (originsAreStar, originsAreEmpty, starStep) = (becomesStar, false, becomesStar ? step : null);
                    break;
                case PolicyStepKind.SetOriginPredicate:
                    (predicateStep, predicateAlwaysTrue) = (step, alwaysTrue[step]);
                    break;
                case PolicyStepKind.AllowWildcardSubdomains:
                    (predicateStep, predicateAlwaysTrue) = (step, false);
                    break;
                case PolicyStepKind.SetCredentials:
                    credentialsStep = step.Credentials ? step : null;
                    break;
            }
        }

        if (credentialsStep is null)
        {
            return;
        }

        if (originsAreStar && starStep is not null)
        {
            found.Add(new AnyOriginWithCredentials(starStep, credentialsStep));
        }

        if (predicateAlwaysTrue && predicateStep is not null)
        {
            found.Add(new AnyOriginWithCredentials(predicateStep, credentialsStep));
        }
    }

    private static bool Next(int[] choice, int[] arms)
    {
        for (var i = 0; i < choice.Length; i++)
        {
            if (++choice[i] < arms[i])
            {
                return true;
            }

            choice[i] = 0;
        }

        return false;
    }
}
