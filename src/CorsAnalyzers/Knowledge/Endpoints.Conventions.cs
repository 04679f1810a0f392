using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>The conventions and attributes of an endpoint, its groups and controller: what CORS and authorization metadata they add, in order.</summary>
internal static partial class Endpoints
{
    /// <summary>What a builder's conventions and a handler's attributes say, in the order they apply (the last CORS metadata wins).</summary>
    internal sealed class Conventions
    {
        public CorsChoice Choice { get; set; } = new(CorsChoiceKind.None);

        public bool Authorize { get; private set; }

        public bool Anonymous { get; private set; }

        public bool RequiresAuthorization => Authorize && !Anonymous;

        public void SetChoice(CorsChoice choice) => Choice = choice;

        /// <summary>A part of the chain the analyzer cannot see may add CORS metadata (it never removes an authorization requirement it does not see).</summary>
        public void Unseen() => Choice = new CorsChoice(CorsChoiceKind.Unknown);

        public void RequireAuthorization() => Authorize = true;

        public void AllowAnonymous() => Anonymous = true;

        public void Apply(Conventions later)
        {
            if (later.Choice.Kind != CorsChoiceKind.None)
            {
                Choice = later.Choice;
            }

            Authorize |= later.Authorize;
            Anonymous |= later.Anonymous;
        }

        public bool SameAs(Conventions other)
            => other.Choice.Kind == Choice.Kind && other.Choice.Name == Choice.Name && ReferenceEquals(other.Choice.Inline, Choice.Inline)
               && other.Authorize == Authorize && other.Anonymous == Anonymous;

        public void ApplyAttributes(IEnumerable<AttributeData> attributes, KnownSymbols symbols)
        {
            foreach (var attribute in attributes)
            {
                var type = attribute.AttributeClass;
                if (type is null)
                {
                    continue;
                }

                if (type.Is(symbols.EnableCorsAttribute))
                {
                    Choice = NameOf(attribute) is { } name ? new CorsChoice(CorsChoiceKind.Named, name) : new CorsChoice(CorsChoiceKind.Middleware);
                }
                else if (type.Is(symbols.DisableCorsAttribute))
                {
                    Choice = new CorsChoice(CorsChoiceKind.Disabled);
                }
                else if (DerivesFrom(type, symbols.AuthorizeAttribute))
                {
                    Authorize = true;
                }
                else if (DerivesFrom(type, symbols.AllowAnonymousAttribute))
                {
                    Anonymous = true;
                }
            }
        }

        private static string? NameOf(AttributeData attribute)
        {
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "PolicyName")
                {
                    return named.Value.Value as string;
                }
            }

            return attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        }
    }

    /// <summary>
    /// Applies the conventions called on what <paramref name="builder"/> returns: a fluent chain above it, and, when the
    /// builder is kept in a local, the calls on that local in the same code. A builder that escapes (returned, passed
    /// to another method, stored in a field) or a convention method of the app's own makes the choice unknown.
    /// </summary>
    private static void ApplyConventionsAbove(IOperation builder, KnownSymbols symbols, Conventions conventions, CancellationToken cancellationToken, int depth = 0)
    {
        var current = builder;
        while (depth++ < MaxDepth * 4)
        {
            var parent = current.WalkUpConversions();
            switch (parent)
            {
                case IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } call }:
                    if (!SymbolEqualityComparer.Default.Equals(call.Type, current.Type) && !IsConvention(call.TargetMethod.Name))
                    {
                        // builder.MapDelete(...) on a group: not a convention of the group.
                        return;
                    }

                    ApplyConvention(call, symbols, conventions);
                    current = call;
                    continue;

                case IInvocationOperation { Instance: { } instance } instanceCall when ReferenceEquals(instance.WalkDownConversions(), current):
                    // builder.Add(b => ...) and friends: a convention written by hand.
                    if (instanceCall.TargetMethod.Name == "Add")
                    {
                        conventions.Unseen();
                    }

                    return;

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    ApplyConventionsOnLocal(declarator.Symbol, builder.Root(), symbols, conventions, cancellationToken, depth);
                    return;

                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }:
                    ApplyConventionsOnLocal(local.Local, builder.Root(), symbols, conventions, cancellationToken, depth);
                    return;

                case IExpressionStatementOperation or null:
                    return;

                default:
                    // Returned, passed to a method, stored: others may add metadata.
                    conventions.Unseen();
                    return;
            }
        }
    }

    private static void ApplyConventionsOnLocal(ILocalSymbol local, IOperation root, KnownSymbols symbols, Conventions conventions, CancellationToken cancellationToken, int depth)
    {
        var uses = new List<IOperation>();
        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                uses.Add(reference);
            }
        }

        foreach (var use in uses.OrderBy(u => u.Syntax.SpanStart))
        {
            var parent = use.WalkUpConversions();
            if (parent is ISimpleAssignmentOperation { Target: var target } && ReferenceEquals(target, use))
            {
                continue;
            }

            if (parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } call }
                && (IsMapName(call.TargetMethod.Name) || call.TargetMethod.Name == "MapGroup" || !SymbolEqualityComparer.Default.Equals(call.Type, use.Type) && !IsConvention(call.TargetMethod.Name)))
            {
                // group.MapDelete(...), group.MapGroup(...): endpoints of the group, not conventions.
                continue;
            }

            ApplyConventionsAbove(use, symbols, conventions, cancellationToken, depth);
        }
    }

    private static bool IsConvention(string name) => name is "RequireCors" or "RequireAuthorization" or "AllowAnonymous" or "WithMetadata";

    private static void ApplyConvention(IInvocationOperation call, KnownSymbols symbols, Conventions conventions)
    {
        var method = call.TargetMethod;
        switch (method.Name)
        {
            case "RequireCors" when CorsPolicies.IsRequireCors(method, symbols):
                if (ArgumentNamed(call, "policyName") is { } name)
                {
                    conventions.SetChoice(name.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: string text } }
                        ? new CorsChoice(CorsChoiceKind.Named, text)
                        : new CorsChoice(CorsChoiceKind.Unknown));
                }
                else
                {
                    conventions.SetChoice(new CorsChoice(CorsChoiceKind.Inline, inline: call));
                }

                break;

            case "RequireAuthorization":
                conventions.RequireAuthorization();
                break;

            case "AllowAnonymous":
                conventions.AllowAnonymous();
                break;

            case "WithMetadata":
                foreach (var item in MetadataItems(call))
                {
                    if (item.WalkDownConversions() is IObjectCreationOperation { Type: INamedTypeSymbol type } creation)
                    {
                        if (type.Is(symbols.EnableCorsAttribute))
                        {
                            conventions.SetChoice(creation.Arguments.Length == 0
                                ? new CorsChoice(CorsChoiceKind.Middleware)
                                : creation.Arguments[0].Value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: string text } }
                                    ? new CorsChoice(CorsChoiceKind.Named, text)
                                    : new CorsChoice(CorsChoiceKind.Unknown));
                        }
                        else if (type.Is(symbols.DisableCorsAttribute))
                        {
                            conventions.SetChoice(new CorsChoice(CorsChoiceKind.Disabled));
                        }
                        else if (DerivesFrom(type, symbols.AuthorizeAttribute))
                        {
                            conventions.RequireAuthorization();
                        }
                        else if (DerivesFrom(type, symbols.AllowAnonymousAttribute))
                        {
                            conventions.AllowAnonymous();
                        }
                    }
                    else
                    {
                        conventions.Unseen();
                    }
                }

                break;

            default:
                // WithName, WithTags, Produces, ...: framework conventions that add no CORS metadata; one of the app's own may.
                if (method.Locations.Any(l => l.IsInSource))
                {
                    conventions.Unseen();
                }

                break;
        }
    }

    private static IEnumerable<IOperation> MetadataItems(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                continue;
            }

            if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    yield return element;
                }
            }
            else
            {
                yield return argument.Value;
            }
        }
    }
}
