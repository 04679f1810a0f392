using System;
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

/// <summary>Whether a policy's origin list decides, once the policy is complete (see <see cref="CorsPolicyDefinition.OriginListUse"/>).</summary>
internal enum OriginListUse
{
    /// <summary>The check reads the list: no <c>SetIsOriginAllowed</c> is in effect at the end on any path.</summary>
    Consulted,

    /// <summary>On some paths a custom predicate replaces the check at the end, on others the list decides.</summary>
    MaybeReplaced,

    /// <summary>On every path a custom predicate is the check at the end: the list is never read.</summary>
    Replaced,
}

/// <summary>What ASP.NET Core does with a policy whose origins are exactly <c>["*"]</c> while it allows credentials.</summary>
internal enum RefusalKind
{
    /// <summary>Not refused: the framework answers every origin (Web API's <c>EnableCorsAttribute</c>).</summary>
    None,

    /// <summary><c>CorsPolicyBuilder.Build()</c> throws <c>InvalidOperationException</c>; where it is built is not seen.</summary>
    Build,

    /// <summary>The builder of an <c>AddPolicy</c>/<c>AddDefaultPolicy</c> lambda: built, and thrown, when the CORS options are first read at start-up.</summary>
    BuildAtStartUp,

    /// <summary>The builder of a <c>UseCors</c>/<c>RequireCors</c> lambda: built, and thrown, at that call.</summary>
    BuildAtCall,

    /// <summary>An explicit <c>Build()</c> on the builder: it throws there.</summary>
    BuildCall,

    /// <summary>A hand-made <c>CorsPolicy</c>: no <c>Build()</c> checks it, and the CORS service throws <c>ArgumentException</c> on every request with an Origin.</summary>
    EveryRequest,
}

/// <summary>How and where ASP.NET Core refuses an any-origin policy with credentials (see <see cref="CorsPolicies.RefusalOf"/>).</summary>
internal readonly struct PolicyRefusal
{
    public PolicyRefusal(RefusalKind kind, string? code = null)
    {
        Kind = kind;
        Code = code;
    }

    public RefusalKind Kind { get; }

    /// <summary>The code that builds the policy: the method the lambda is passed to (<c>AddPolicy</c>, <c>UseCors</c>), or the <c>Build()</c> call.</summary>
    public string? Code { get; }
}

/// <summary>An any-origin step and a credentials step that can both be in effect at the end of one policy.</summary>
internal readonly struct AnyOriginWithCredentials
{
    public AnyOriginWithCredentials(PolicyStep anyOrigin, PolicyStep credentials, bool setsAllowAnyOrigin)
    {
        AnyOrigin = anyOrigin;
        Credentials = credentials;
        SetsAllowAnyOrigin = setsAllowAnyOrigin;
    }

    public PolicyStep AnyOrigin { get; }

    public PolicyStep Credentials { get; }

    /// <summary>
    /// True when, on every path where the pair is in effect, the origins are exactly <c>["*"]</c> (the policy's
    /// <c>AllowAnyOrigin</c>): ASP.NET Core then refuses the policy (<c>CorsPolicyBuilder.Build()</c> throws, and the
    /// middleware throws for a hand-made <c>CorsPolicy</c>) instead of answering every origin. False for an always-true
    /// predicate over other origins, which runs.
    /// </summary>
    public bool SetsAllowAnyOrigin { get; }
}

/// <summary>All the steps of one policy (one fluent chain, or all calls on one builder or policy in one method or lambda), in execution order.</summary>
internal sealed class CorsPolicyDefinition
{
    private const int MaxScenarios = 256;

    /// <summary><see cref="OriginListUse"/>, once asked (-1 before).</summary>
    private int _originListUse = -1;

    internal CorsPolicyDefinition(object root, ImmutableArray<PolicyStep> steps)
    {
        Root = root;
        Steps = steps;
    }

    public object Root { get; }

    /// <summary>The steps, in the order they run (a fluent chain left to right, statements top to bottom).</summary>
    public ImmutableArray<PolicyStep> Steps { get; }

    /// <summary>
    /// Whether the policy's origin list is what decides, once the policy is complete. <c>SetIsOriginAllowed(f)</c> (or
    /// <c>IsOriginAllowed = f</c>) replaces the origin check, and <c>WithOrigins</c> only adds to the list, so a predicate
    /// set before or after the entries makes them unread; the last check set wins, and
    /// <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c> is a check that reads the list again. Replayed over every
    /// combination of branches (a step in a lambda, a loop or after <c>?.</c> may or may not run). Only the code seen:
    /// a builder passed elsewhere may get more steps there.
    /// </summary>
    public OriginListUse OriginListUse(CancellationToken cancellationToken)
    {
        if (_originListUse >= 0)
        {
            return (OriginListUse)_originListUse;
        }

        var use = Knowledge.OriginListUse.Consulted;
        if (Steps.Any(s => s.Kind == PolicyStepKind.SetOriginPredicate))
        {
            var some = false;
            var every = true;
            var complete = ForEachPath(
                path =>
                {
                    var replaced = false;
                    foreach (var step in path)
                    {
                        replaced = step.Kind switch
                        {
                            PolicyStepKind.SetOriginPredicate => true,
                            PolicyStepKind.AllowWildcardSubdomains => false,
                            _ => replaced,
                        };
                    }

                    some |= replaced;
                    every &= replaced;
                },
                cancellationToken);

            // Paths left unreplayed may read the list.
            use = every && complete ? Knowledge.OriginListUse.Replaced : some ? Knowledge.OriginListUse.MaybeReplaced : Knowledge.OriginListUse.Consulted;
        }

        _originListUse = (int)use;
        return use;
    }

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

        var found = new List<AnyOriginWithCredentials>();
        ForEachPath(path => Simulate(path, alwaysTrue, found), cancellationToken);

        return found
            .GroupBy(f => f.AnyOrigin)
            .Select(g => new AnyOriginWithCredentials(g.Key, g.OrderBy(f => f.Credentials.ReportSpan.Start).First().Credentials, g.All(f => f.SetsAllowAnyOrigin)))
            .OrderBy(f => f.AnyOrigin.ReportSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with the steps that run, in order, once per combination of branch arms (at most
    /// <see cref="MaxScenarios"/>); false when combinations were left out.
    /// </summary>
    private bool ForEachPath(Action<List<PolicyStep>> visit, CancellationToken cancellationToken)
    {
        var guards = Steps.Select(CorsPolicies.GuardsOf).ToImmutableArray();
        var branches = guards.SelectMany(g => g).Select(g => g.Branch).Distinct().ToList();
        var arms = branches.Select(CorsPolicies.ArmCountOf).ToArray();
        var choice = new int[branches.Count];
        var path = new List<PolicyStep>(Steps.Length);

        for (var scenario = 0; scenario < MaxScenarios; scenario++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            path.Clear();
            for (var i = 0; i < Steps.Length; i++)
            {
                if (guards[i].All(g => choice[branches.IndexOf(g.Branch)] == g.Arm))
                {
                    path.Add(Steps[i]);
                }
            }

            visit(path);
            if (!Next(choice, arms))
            {
                return true;
            }
        }

        return false;
    }

    private static void Simulate(List<PolicyStep> path, Dictionary<PolicyStep, bool> alwaysTrue, List<AnyOriginWithCredentials> found)
    {
        // The origins list: empty, exactly ["*"], or anything else.
        var originsAreStar = false;
        var originsAreEmpty = true;

        // Exactly ["*"] as the framework sees it (not the request's own Origin copied in, which is one real origin).
        var originsAreLiteralStar = false;
        PolicyStep? starStep = null;
        PolicyStep? predicateStep = null;
        var predicateAlwaysTrue = false;
        PolicyStep? credentialsStep = null;

        foreach (var step in path)
        {
            switch (step.Kind)
            {
                case PolicyStepKind.AllowAnyOrigin:
                    (originsAreStar, originsAreEmpty, starStep, originsAreLiteralStar) = (true, false, step, true);
                    break;
                case PolicyStepKind.ClearOrigins:
                    (originsAreStar, originsAreEmpty, starStep, originsAreLiteralStar) = (false, true, null, false);
                    break;
                case PolicyStepKind.AddOrigins when step.Origins.IsComplete && step.Origins.Values.IsDefaultOrEmpty:
                    break;
                case PolicyStepKind.AddOrigins:
                    var becomesStar = originsAreEmpty && step.Origins.MayBeExactlyAnyOrigin;
                    originsAreLiteralStar = originsAreEmpty && (step.Origins.IsExactlyAnyOrigin || step.Origins.AnyOriginBranch is not null);
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
            found.Add(new AnyOriginWithCredentials(starStep, credentialsStep, setsAllowAnyOrigin: originsAreLiteralStar));
        }

        if (predicateAlwaysTrue && predicateStep is not null)
        {
            found.Add(new AnyOriginWithCredentials(predicateStep, credentialsStep, setsAllowAnyOrigin: originsAreStar && originsAreLiteralStar));
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
