using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS010: a policy's <c>WithMethods</c>/<c>WithHeaders</c> (or a <c>CorsPolicy</c>'s <c>Methods</c>/<c>Headers</c>, or a
/// hand-written Access-Control-Allow-Methods/-Headers) leaves out a method or the Authorization header that an endpoint
/// under it needs, so the browser's preflight fails and the request is never sent.
/// </summary>
/// <remarks>
/// <para>The app is the compilation: policies, endpoints (<see cref="Endpoints"/>) and pipeline are gathered from all of
/// it and judged at its end, like CORS008. An endpoint is under the policy its metadata picks (<c>RequireCors</c>,
/// <c>[EnableCors]</c> on the action, the controller, the group, the last one winning; <c>[DisableCors]</c> removes it),
/// otherwise under the middleware's (<c>UseCors(name)</c>, <c>UseCors()</c>'s default policy, <c>UseCors(b =&gt; ...)</c>),
/// otherwise, when the app has no CORS middleware, under a hand-written header the app writes in one place outside its
/// endpoints.</para>
/// <para>Silent when the answer cannot all be seen: a policy name computed at run time, <c>DefaultPolicyName</c> set, an
/// <c>ICorsPolicyProvider</c>, a policy defined twice, a builder handed to another method, a list that is not all
/// constants, more than one <c>UseCors</c> picking different policies, an endpoint whose group or builder comes from code
/// the analyzer cannot follow; and for <c>AllowAnyMethod()</c>/<c>AllowAnyHeader()</c> (or <c>"*"</c> in a policy) and for
/// endpoints that map only GET, HEAD and POST.</para>
/// <para>Headers: an endpoint needs Authorization when it requires an authenticated user (<c>[Authorize]</c>,
/// <c>RequireAuthorization()</c>, no <c>AllowAnonymous</c>) in an app whose only authentication handlers are bearer ones
/// (<c>AddJwtBearer</c>, <c>AddBearerToken</c>, <c>AddMicrosoftIdentityWebApi</c>, token introspection), or when its handler
/// reads the request's Authorization header.</para>
/// </remarks>
public sealed class RefusedPreflightRule : CorsRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.RefusedPreflight;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        var symbols = knowledge.Symbols;
        if (symbols.CorsOptions is null)
        {
            return;
        }

        var app = new PreflightApp(symbols, knowledge.CorsPolicies, knowledge.HeaderWrites);
        start.OnInvocation(PreflightApp.MayJudge, c => app.OnInvocation((IInvocationOperation)c.Operation));
        start.OnOperation(
            c =>
            {
                if (c.Operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DefaultPolicyName" } } assignment
                    && PolicyNames.FromAssignment(assignment, symbols) is not null)
                {
                    app.Unknown();
                }
            },
            OperationKind.SimpleAssignment);
        start.OnHeaderWrite((c, write) => app.OnHeaderWrite(write));
        start.OnSymbol(c => app.OnType((INamedTypeSymbol)c.Symbol), SymbolKind.NamedType);
        start.OnCompilationEnd(c => app.Report(c));
    }
}
