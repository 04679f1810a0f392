using System.Linq;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS009: <c>*</c> in Access-Control-Allow-Headers, -Allow-Methods or -Expose-Headers of a response that also sends
/// <c>Access-Control-Allow-Credentials: true</c>, where browsers read it as the name <c>*</c>.
/// </summary>
/// <remarks>
/// <para>Hand-written headers: a write of one of the three headers whose constant value holds a <c>*</c> item, in a
/// function that also writes <c>Access-Control-Allow-Credentials: true</c> (the same response). Reported at the value.</para>
/// <para>ASP.NET Core policies: <c>WithExposedHeaders("*")</c> with <c>AllowCredentials()</c> on the same builder in the
/// same code (also a hand-made <c>CorsPolicy</c>'s <c>ExposedHeaders</c> with <c>SupportsCredentials = true</c>), because
/// <c>CorsService</c> writes the exposed headers as they are. <c>AllowAnyHeader()</c>,
/// <c>AllowAnyMethod()</c>, <c>WithHeaders("*")</c> and <c>WithMethods("*")</c> are fine: the middleware answers a preflight
/// with the requested names, never <c>*</c>.</para>
/// </remarks>
public sealed class CredentialedWildcardRule : CorsRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.CredentialedWildcard;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        var symbols = knowledge.Symbols;
        if (symbols.CorsPolicyBuilder is { })
        {
            var policies = knowledge.CorsPolicies;
            start.OnInvocation(
                name => name is "WithExposedHeaders" or "Add",
                c =>
                {
                    var exposed = (IInvocationOperation)c.Operation;
                    if (IsExposedHeaders(exposed))
                    {
                        AnalyzeExposedHeaders(c, exposed, policies);
                    }
                });
        }

        if (symbols.HasHeaderApis)
        {
            start.OnHeaderWrite((c, write) => AnalyzeHeaderWrite(c, write, knowledge));
        }
    }

    private static void AnalyzeHeaderWrite(OperationAnalysisContext context, HeaderWrite write, CorsKnowledge knowledge)
    {
        if (HeaderWildcards.WildcardHeaderOf(write) is not { } header)
        {
            return;
        }

        var wildcards = HeaderWildcards.WildcardLeaves(write.Value).ToList();
        if (wildcards.Count == 0
            || !knowledge.HandWrittenCors.WritesIn(HandWrittenCors.EnclosingFunction(write.Operation)).Any(HandWrittenCors.AllowsCredentials))
        {
            return;
        }

        foreach (var wildcard in wildcards)
        {
            Report(context, wildcard, header, write.Value!.Syntax.GetLocation());
        }
    }

    private static void AnalyzeExposedHeaders(OperationAnalysisContext context, IInvocationOperation exposed, CorsPolicies policies)
    {
        if (policies.RootOfCall(exposed) is not { } root
            || exposed.GetArgument(0) is not { } argument)
        {
            return;
        }

        var wildcards = CorsPolicies.GetStrings(argument, context.CancellationToken).Values
            .Where(v => v.Value is { } text && HeaderWildcards.HasWildcardItem(text))
            .ToList();
        if (wildcards.Count == 0 || !AllowsCredentials(exposed, root, policies, context))
        {
            return;
        }

        foreach (var wildcard in wildcards)
        {
            Report(context, wildcard.Source, HeaderWildcards.ExposeHeaders, Location.Create(exposed.Syntax.SyntaxTree, CorsPolicies.ReportSpanOf(exposed.Syntax)));
        }
    }

    /// <summary>True when the last credentials step of the builder, in the code that holds the call, allows credentials.</summary>
    private static bool AllowsCredentials(IOperation call, object root, CorsPolicies policies, OperationAnalysisContext context)
    {
        if (policies.PolicyOf(root, call, context.CancellationToken) is not { } policy)
        {
            return false;
        }

        // The step that ends last; of two ending together, the outer one.
        PolicyStep? last = null;
        foreach (var step in policy.Steps)
        {
            if (step.Kind == PolicyStepKind.SetCredentials
                && (last is null
                    || step.Operation.Syntax.Span.End > last.Operation.Syntax.Span.End
                    || (step.Operation.Syntax.Span.End == last.Operation.Syntax.Span.End && step.Operation.Syntax.SpanStart < last.Operation.Syntax.SpanStart)))
            {
                last = step;
            }
        }

        return last is { Credentials: true };
    }

    /// <summary><c>WithExposedHeaders(...)</c>, or <c>Add</c> on a <c>CorsPolicy.ExposedHeaders</c> (the type is checked by <see cref="CorsPolicies.RootOfCall"/>).</summary>
    private static bool IsExposedHeaders(IInvocationOperation call)
        => call.TargetMethod.Name == "WithExposedHeaders"
           || call.Instance.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "ExposedHeaders" }
           || CorsPolicies.InitializedMember(call) is { Property.Name: "ExposedHeaders" };

    /// <summary>Reports the wildcard where it is, or at <paramref name="anchor"/> when it is written elsewhere (an array field: <see cref="ReportPlaces"/>).</summary>
    private static void Report(OperationAnalysisContext context, IOperation wildcard, string header, Location anchor)
        => context.ReportDiagnostic(ReportPlaces.Create(
            Descriptors.CredentialedWildcard,
            wildcard,
            context.Operation,
            anchor,
            null,
            CorsPolicies.CodeAt(wildcard.Syntax.SyntaxTree, wildcard.Syntax.Span),
            header,
            HeaderWildcards.Consequence(header)));
}
