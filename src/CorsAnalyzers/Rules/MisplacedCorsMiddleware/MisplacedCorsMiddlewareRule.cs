using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS007: <c>UseCors</c> in the wrong place of a request pipeline, or missing for endpoints that call <c>RequireCors</c>.
/// </summary>
/// <remarks>
/// <para>Each pipeline (the calls on one <c>WebApplication</c> or <c>IApplicationBuilder</c> in one method or in the
/// top-level statements, see <see cref="Pipelines"/>) is judged on its own, from the statements of the function's own body
/// that run unconditionally, in order. Reported at <c>UseCors</c> when it comes after <c>UseAuthentication</c>,
/// <c>UseAuthorization</c>, <c>UseResponseCaching</c>, <c>UseOutputCache</c> or <c>UseEndpoints</c>; or before an explicit
/// <c>UseRouting</c> while endpoints carry CORS metadata (<c>RequireCors</c> on this app, <c>[EnableCors]</c> in the
/// project). Reported at <c>RequireCors</c> when the pipeline never calls <c>UseCors</c>, only where all of it is seen.</para>
/// <para>Silent where the order cannot be known: <c>UseCors</c> in a branch, a loop, a lambda or a chain of other calls.</para>
/// <para>The fix's place goes with the diagnostic: the statement to move next to (additional location) and
/// <see cref="DiagnosticProperties.Placement"/>; <see cref="DiagnosticProperties.Kind"/> says whether <c>UseCors</c> is
/// misplaced or missing.</para>
/// </remarks>
public sealed class MisplacedCorsMiddlewareRule : CorsRule
{
    private const string After = DiagnosticProperties.After;
    private const string Before = DiagnosticProperties.Before;

    public override DiagnosticDescriptor Descriptor => Descriptors.MisplacedCorsMiddleware;

    internal override void Start(RuleStart start)
    {
        var symbols = start.Knowledge.Symbols;
        if (symbols.CorsPolicyBuilder is null)
        {
            return;
        }

        var compilation = start.Compilation;
        var enableCors = new System.Lazy<bool>(() => Pipelines.HasEnableCorsAttributes(compilation, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
        start.OnInvocation(
            Pipelines.IsTriggerName,
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (CorsPolicies.IsUseCors(call.TargetMethod, symbols))
                {
                    AnalyzeUseCors(c, call, symbols, enableCors);
                }
                else if (CorsPolicies.IsRequireCors(call.TargetMethod, symbols))
                {
                    AnalyzeRequireCors(c, call, symbols);
                }
            });
    }

    private static void AnalyzeUseCors(OperationAnalysisContext context, IInvocationOperation useCors, KnownSymbols symbols, System.Lazy<bool> enableCors)
    {
        if (Pipelines.AppOf(useCors, symbols) is not { } app)
        {
            return;
        }

        var pipeline = Pipelines.Of(app, useCors, symbols, context.CancellationToken);
        var index = -1;
        for (var i = 0; i < pipeline.Steps.Length; i++)
        {
            if (ReferenceEquals(pipeline.Steps[i].Call, useCors))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return;
        }

        // A statement that makes other pipeline calls too (a chain) is not moved.
        var statement = pipeline.Steps[index].Statement;
        var movable = pipeline.Steps.Count(s => s.Statement == statement) == 1;

        var routing = pipeline.Steps.FirstOrDefault(s => s.Kind == PipelineStepKind.Routing);
        var routingIndex = routing is null ? -1 : pipeline.Steps.IndexOf(routing);
        var firstFollower = pipeline.Steps.FirstOrDefault(s => s.MustFollowCors);
        var followerIndex = firstFollower is null ? -1 : pipeline.Steps.IndexOf(firstFollower);

        if (firstFollower is not null && followerIndex < index)
        {
            var reason = firstFollower.Kind switch
            {
                PipelineStepKind.Authentication or PipelineStepKind.Authorization => "which can reject a preflight request before any CORS header is added",
                PipelineStepKind.Endpoints => "so it never runs for those endpoints",
                _ => "so a cached response can carry the CORS headers of another origin",
            };

            // After UseRouting when routing comes before the first middleware CORS must precede, otherwise just before that middleware.
            var (anchor, placement) = routing is not null && routingIndex < followerIndex ? (routing, After) : (firstFollower, Before);
            Report(context, useCors, $"runs after '{CallText(firstFollower)}', {reason}", movable ? anchor : null, placement);
            return;
        }

        if (routing is not null && index < routingIndex
            && (!pipeline.RequireCors.IsEmpty || enableCors.Value))
        {
            // Moved after UseRouting it must still come before what it must precede.
            var canMove = movable && (firstFollower is null || followerIndex > routingIndex);
            Report(context, useCors, $"runs before '{CallText(routing)}', so it cannot see the endpoints' CORS policies (RequireCors, [EnableCors]) and applies only its own", canMove ? routing : null, After);
        }
    }

    private static void AnalyzeRequireCors(OperationAnalysisContext context, IInvocationOperation requireCors, KnownSymbols symbols)
    {
        if (Pipelines.AppOf(requireCors, symbols) is not { } app)
        {
            return;
        }

        var pipeline = Pipelines.Of(app, requireCors, symbols, context.CancellationToken);
        if (pipeline.CallsUseCors || !pipeline.IsSeenWhole)
        {
            return;
        }

        Report(context, requireCors, "gives this endpoint a CORS policy, but the app never calls UseCors(), so every request to it fails with an error", null, null, DiagnosticProperties.Kinds.MissingUseCors);
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation call, string reason, PipelineStep? anchor, string? placement, string kind = DiagnosticProperties.Kinds.Misplaced)
    {
        var span = CorsPolicies.ReportSpanOf(call.Syntax);
        var location = Location.Create(call.Syntax.SyntaxTree, span);
        var properties = anchor is null || placement is null
            ? DiagnosticProperties.OfKind(kind)
            : DiagnosticProperties.OfKind(kind).Add(DiagnosticProperties.Placement, placement);
        var additional = anchor is null ? null : new[] { anchor.Statement.Syntax.GetLocation() };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.MisplacedCorsMiddleware,
            location,
            additional,
            properties,
            CorsPolicies.CodeAt(call.Syntax.SyntaxTree, span),
            reason));
    }

    private static string CallText(PipelineStep step)
    {
        var span = CorsPolicies.ReportSpanOf(step.Call.Syntax);
        var text = CorsPolicies.CodeAt(step.Call.Syntax.SyntaxTree, span);
        var open = text.IndexOf('(');
        return open < 0 ? text : text.Substring(0, open) + (text.EndsWith("()", System.StringComparison.Ordinal) ? "()" : "(...)");
    }
}
