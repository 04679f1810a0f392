using System;
using System.Linq;
using System.Collections.Immutable;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS005: a hand-written <c>Access-Control-Allow-Origin</c> whose value is chosen per request, in code that writes no
/// <c>Vary: Origin</c>. Not reported for constant or configured values, nor where CORS001 or CORS003 already reports
/// the write. Policies built with CorsPolicyBuilder need nothing: the middleware adds Vary itself.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingVaryOriginAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MissingVaryOrigin);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var knowledge = CorsKnowledge.Create(start.Compilation);
            if (!knowledge.Symbols.HasHeaderApis)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, knowledge), HeaderWrites.OperationKinds);
        });
    }

    private static void Analyze(OperationAnalysisContext context, CorsKnowledge knowledge)
    {
        if (!knowledge.Headers.TryGetWrite(context.Operation, out var write)
            || !write.Is(HttpHeaderName.AccessControlAllowOrigin)
            || write.Value is not { } value
            || !IsChosenPerRequest(write, knowledge)
            || WritesVaryOrigin(write.Operation.Root(), knowledge))
        {
            return;
        }

        var syntax = write.Operation.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MissingVaryOrigin, syntax.GetLocation(), syntax.ToString()));
    }

    /// <summary>
    /// The request's Origin, exactly checked (unchecked is CORS001, substring-checked is CORS003); or any other value
    /// computed at run time that is not a constant or a configured member.
    /// </summary>
    private static bool IsChosenPerRequest(HeaderWrite write, CorsKnowledge knowledge)
        => OriginReflectionAnalyzer.Classify(write, knowledge) switch
        {
            OriginReflectionAnalyzer.Reflection.ExactlyChecked => true,
            OriginReflectionAnalyzer.Reflection.NotReflected => !IsFixedValue(write.Value),
            _ => false,
        };

    /// <summary>A constant, or a field/property read that does not depend on the request (<c>_options.Origin</c>, <c>Settings.Origin</c>).</summary>
    private static bool IsFixedValue(IOperation? value)
    {
        value = value.WalkDownConversions();
        return value switch
        {
            null => true,
            _ when value.ConstantValue.HasValue => true,
            IFieldReferenceOperation field => field.Instance is null or IInstanceReferenceOperation || IsFixedValue(field.Instance),
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance is null or IInstanceReferenceOperation || IsFixedValue(property.Instance),
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues.All(IsFixedValue),
            _ => false,
        };
    }

    /// <summary>Any write of a Vary header that names Origin, anywhere in the member (its lambdas included) or in a helper of ours it calls.</summary>
    internal static bool WritesVaryOrigin(IOperation root, CorsKnowledge knowledge) => WritesVaryOrigin(root, knowledge, depth: 0);

    private static bool WritesVaryOrigin(IOperation root, CorsKnowledge knowledge, int depth)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation.Kind is not (OperationKind.Invocation or OperationKind.SimpleAssignment))
            {
                continue;
            }

            if (knowledge.Headers.TryGetWrite(operation, out var write))
            {
                if (write.Is(HttpHeaderName.Vary) && MentionsOrigin(write.Value, knowledge))
                {
                    return true;
                }

                continue;
            }

            if (depth == 0 && operation is IInvocationOperation invocation && HelperBody(invocation) is { } body
                && WritesVaryOrigin(body, knowledge, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? HelperBody(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.DeclaringSyntaxReferences.Length != 1 || invocation.SemanticModel is not { } model)
        {
            return null;
        }

        var reference = method.DeclaringSyntaxReferences[0];
        return reference.SyntaxTree == model.SyntaxTree ? model.GetOperation(reference.GetSyntax()) : null;
    }

    /// <summary>"Origin", "Accept-Encoding, Origin", HeaderNames.Origin, new[] { "Origin" }; a value we cannot read counts.</summary>
    private static bool MentionsOrigin(IOperation? value, CorsKnowledge knowledge)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case null:
                return false;
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.Any(e => MentionsOrigin(e, knowledge));
            case IBinaryOperation or IInterpolatedStringOperation when !value.ConstantValue.HasValue:
                return true;
        }

        if (HttpHeaderName.Resolve(value, knowledge.Symbols) is { } text)
        {
            foreach (var part in text.Split(','))
            {
                if (HttpHeaderName.Is(part, HttpHeaderName.Origin) || part.Trim() == "*")
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }
}
