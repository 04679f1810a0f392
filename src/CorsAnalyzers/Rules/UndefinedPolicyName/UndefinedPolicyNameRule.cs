using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS008: <c>UseCors("x")</c>, <c>RequireCors("x")</c>, <c>[EnableCors("x")]</c> or <c>new EnableCorsAttribute("x")</c>
/// where no <c>AddPolicy</c> of the app defines <c>"x"</c> (names are compared ordinally, case included).
/// </summary>
/// <remarks>
/// <para>The app is the compilation: names are gathered from all of it and judged at its end. Silent unless every policy
/// name of the app is known: the compilation calls <c>AddCors</c>, every <c>AddPolicy</c> name is a constant (a name read
/// from configuration or a loop over configured policies means silence), nothing sets <c>CorsOptions.DefaultPolicyName</c>
/// and no class of it implements <c>ICorsPolicyProvider</c>.</para>
/// <para>Names given by constants, <c>nameof</c> and <c>const</c> fields are resolved. <c>UseCors()</c> and
/// <c>[EnableCors]</c> without a name are never findings: endpoints may pick their own policies, and a nameless
/// <c>[EnableCors]</c> falls back to the middleware's policy.</para>
/// <para>The diagnostic carries the one defined name that differs only in case or by one edit, for the fix
/// (<see cref="DiagnosticProperties.Suggestion"/>; absent when none is clear).</para>
/// </remarks>
public sealed class UndefinedPolicyNameRule : CorsRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.UndefinedPolicyName;

    internal override void Start(RuleStart start)
    {
        var symbols = start.Knowledge.Symbols;
        if (symbols.CorsOptions is null)
        {
            return;
        }

        var app = new AppNames();
        start.OnInvocation(
            PolicyNames.IsCandidateMethodName,
            c =>
            {
                if (PolicyNames.FromInvocation((IInvocationOperation)c.Operation, symbols) is { } found)
                {
                    app.Add(found);
                }
            });
        start.OnOperation(
            c =>
            {
                var reference = c.Operation switch
                {
                    IObjectCreationOperation creation => PolicyNames.FromCreation(creation, symbols),
                    ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DefaultPolicyName" } } assignment => PolicyNames.FromAssignment(assignment, symbols),
                    _ => null,
                };
                if (reference is { } found)
                {
                    app.Add(found);
                }
            },
            OperationKind.ObjectCreation,
            OperationKind.SimpleAssignment);

        if (symbols.EnableCorsAttribute is { } enableCors)
        {
            start.OnSyntaxNode(c => AnalyzeAttribute(c, enableCors, app), SyntaxKind.Attribute);
        }

        start.OnSymbol(
            c =>
            {
                if (PolicyNames.IsPolicyProvider((INamedTypeSymbol)c.Symbol, symbols))
                {
                    app.Add(new PolicyNameReference(PolicyNameRole.Unknown, null, null));
                }
            },
            SymbolKind.NamedType);

        start.OnCompilationEnd(c => app.ReportUndefined(c));
    }

    /// <summary><c>[EnableCors("x")]</c>, <c>[EnableCors(PolicyName = "x")]</c> on a class, method or lambda.</summary>
    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context, INamedTypeSymbol enableCors, AppNames app)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (attribute.ArgumentList is not { Arguments.Count: > 0 } arguments
            || !NameMayBe(attribute.Name)
            || context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol constructor
            || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, enableCors))
        {
            return;
        }

        foreach (var argument in arguments.Arguments)
        {
            var isName = argument.NameEquals is { } named
                ? named.Name.Identifier.ValueText == "PolicyName"
                : argument.NameColon is null || argument.NameColon.Name.Identifier.ValueText == "policyName";
            if (isName && context.SemanticModel.GetConstantValue(argument.Expression, context.CancellationToken) is { HasValue: true, Value: string name })
            {
                app.Add(new PolicyNameReference(PolicyNameRole.Use, name, argument.Expression));
            }
        }
    }

    /// <summary>The attribute's written name can be EnableCors (an alias could hide it; not worth a symbol lookup on every attribute).</summary>
    private static bool NameMayBe(NameSyntax name)
    {
        var simple = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax alias => alias.Name,
            SimpleNameSyntax plain => plain,
            _ => null,
        };
        return simple?.Identifier.ValueText is "EnableCors" or "EnableCorsAttribute";
    }

    /// <summary>The policy names of one compilation, gathered from every callback.</summary>
    private sealed class AppNames
    {
        private readonly ConcurrentBag<PolicyNameReference> _uses = new();
        private readonly ConcurrentDictionary<string, bool> _defined = new(System.StringComparer.Ordinal);
        private int _setups;
        private int _unknowns;

        public void Add(PolicyNameReference reference)
        {
            switch (reference.Role)
            {
                case PolicyNameRole.Definition when reference.Name is { } name:
                    _defined.TryAdd(name, true);
                    break;
                case PolicyNameRole.Definition or PolicyNameRole.Unknown:
                    Interlocked.Increment(ref _unknowns);
                    break;
                case PolicyNameRole.Setup:
                    Interlocked.Increment(ref _setups);
                    break;
                case PolicyNameRole.Use:
                    _uses.Add(reference);
                    break;
            }
        }

        public void ReportUndefined(CompilationAnalysisContext context)
        {
            if (Volatile.Read(ref _unknowns) > 0 || Volatile.Read(ref _setups) == 0)
            {
                return;
            }

            var defined = _defined.Keys.OrderBy(n => n, System.StringComparer.Ordinal).ToList();
            var definedText = defined.Count == 0 ? "no named policy" : string.Join(", ", defined.Select(n => "\"" + n + "\""));
            var reported = new HashSet<Location>();
            foreach (var use in _uses.OrderBy(u => u.Source!.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(u => u.Source!.SpanStart))
            {
                if (_defined.ContainsKey(use.Name!) || !reported.Add(use.Source!.GetLocation()))
                {
                    continue;
                }

                var suggestion = PolicyNames.NearMiss(use.Name!, defined);
                var properties = suggestion is null
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Suggestion, suggestion);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UndefinedPolicyName,
                    use.Source!.GetLocation(),
                    properties,
                    CorsPolicies.CodeAt(use.Source.SyntaxTree, use.Source.Span),
                    definedText));
            }
        }
    }
}
