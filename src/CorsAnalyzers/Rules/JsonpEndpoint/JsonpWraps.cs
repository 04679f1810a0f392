using System;
using System.Collections.Generic;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// What makes a response body JSONP: a value from the request (the callback name) followed at once by a constant that
/// opens a call, <c>"("</c>, in the pieces the body is built from (<c>+</c>, interpolation, <c>string.Concat</c>,
/// <c>string.Format</c>, <c>StringBuilder.Append</c> in order, locals assigned in the same function). A constant callback, a
/// body that wraps nothing, and a request value that is not followed by <c>"("</c> are not JSONP.
/// </summary>
internal static class JsonpWraps
{
    private const int MaxDepth = 8;

    /// <summary>The request value that names the wrapping function in <paramref name="body"/>, or null when the body is not JSONP.</summary>
    public static IOperation? CallbackOf(IOperation? body, KnownSymbols symbols)
    {
        var pieces = new List<(IOperation? Code, string? Text)>();
        Flatten(body, pieces, 0);
        for (var i = 0; i + 1 < pieces.Count; i++)
        {
            if (pieces[i].Code is { } callback
                && pieces[i + 1].Text is { } next && next.StartsWith("(", StringComparison.Ordinal)
                && RequestValues.Carries(callback, symbols, 0))
            {
                return callback;
            }
        }

        return null;
    }

    /// <summary>The pieces of a string in order: constant text, or the code of a part not known at compile time.</summary>
    private static void Flatten(IOperation? value, List<(IOperation? Code, string? Text)> pieces, int depth)
    {
        value = value.WalkDownConversions();
        if (value is null)
        {
            return;
        }

        if (value.ConstantValue is { HasValue: true, Value: string or char } constant)
        {
            pieces.Add((null, constant.Value.ToString()));
            return;
        }

        if (depth > MaxDepth)
        {
            pieces.Add((value, null));
            return;
        }

        switch (value)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                Flatten(add.LeftOperand, pieces, depth + 1);
                Flatten(add.RightOperand, pieces, depth + 1);
                return;

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    switch (part)
                    {
                        case IInterpolatedStringTextOperation { Text: { } partText }:
                            Flatten(partText, pieces, depth + 1);
                            break;
                        case IInterpolationOperation interpolation:
                            Flatten(interpolation.Expression, pieces, depth + 1);
                            break;
                    }
                }

                return;

            case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Concat" or "Format", ContainingType.SpecialType: SpecialType.System_String } method } call:
                if (method.Name == "Concat")
                {
                    foreach (var argument in Arguments(call))
                    {
                        Flatten(argument, pieces, depth + 1);
                    }
                }
                else
                {
                    FlattenFormat(call, pieces, depth);
                }

                return;

            case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } builder } when IsStringBuilder(builder.Type):
                FlattenBuilder(builder, pieces, depth);
                return;

            case ILocalReferenceOperation local when local.Type?.SpecialType == SpecialType.System_String && value.Root() is { } root:
                // A local assigned once (the usual shape) reads as its value; one assigned on several paths as each value in turn.
                foreach (var (assigned, _) in local.Local.AssignmentsOf(root))
                {
                    Flatten(assigned, pieces, depth + 1);
                }

                return;
        }

        pieces.Add((value, null));
    }

    /// <summary><c>string.Format("{0}({1})", callback, json)</c>: the format's text with each hole read as its argument.</summary>
    private static void FlattenFormat(IInvocationOperation call, List<(IOperation? Code, string? Text)> pieces, int depth)
    {
        var arguments = Arguments(call);
        var first = arguments.Count > 0 && arguments[0].WalkDownConversions()?.Type?.SpecialType != SpecialType.System_String ? 1 : 0; // Format(IFormatProvider, ...)
        if (arguments.Count <= first || arguments[first].WalkDownConversions()?.ConstantValue is not { HasValue: true, Value: string format })
        {
            pieces.Add((call, null));
            return;
        }

        var start = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '{')
            {
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '{')
            {
                i++;
                continue;
            }

            var close = format.IndexOf('}', i);
            if (close < 0)
            {
                break;
            }

            pieces.Add((null, format.Substring(start, i - start)));
            var hole = format.Substring(i + 1, close - i - 1).Split(',', ':')[0].Trim();
            if (int.TryParse(hole, out var index) && first + 1 + index < arguments.Count)
            {
                Flatten(arguments[first + 1 + index], pieces, depth + 1);
            }
            else
            {
                // A hole with no argument (the call throws at run time): a piece that is neither text nor a value.
                pieces.Add((null, null));
            }

            start = close + 1;
            i = close;
        }

        pieces.Add((null, format.Substring(start)));
    }

    /// <summary>A <c>StringBuilder</c>'s appends in source order: a chain (<c>new StringBuilder().Append(a).Append(b)</c>) or a local's.</summary>
    private static void FlattenBuilder(IOperation builder, List<(IOperation? Code, string? Text)> pieces, int depth)
    {
        builder = builder.WalkDownConversions()!;
        if (builder is IInvocationOperation { TargetMethod.Name: "Append" or "AppendLine", Instance: { } inner } append)
        {
            FlattenBuilder(inner, pieces, depth + 1);
            if (append.Arguments.Length > 0)
            {
                Flatten(append.Arguments[0].Value, pieces, depth + 1);
            }

            return;
        }

        if (builder is IObjectCreationOperation creation)
        {
            if (creation.Arguments.Length > 0 && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
            {
                Flatten(creation.Arguments[0].Value, pieces, depth + 1);
            }

            return;
        }

        if (builder is not ILocalReferenceOperation local)
        {
            pieces.Add((builder, null));
            return;
        }

        // Every Append on the local in the function, in source order.
        var appends = new List<IInvocationOperation>();
        foreach (var operation in builder.Root().Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Append" or "AppendLine", Arguments.Length: > 0 } call
                && BaseOfChain(call) is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local.Local))
            {
                appends.Add(call);
            }
        }

        appends.Sort((a, b) => a.Arguments[0].Syntax.SpanStart.CompareTo(b.Arguments[0].Syntax.SpanStart));
        foreach (var (assigned, _) in local.Local.AssignmentsOf(builder.Root()))
        {
            if (assigned.WalkDownConversions() is IObjectCreationOperation creationOfLocal)
            {
                FlattenBuilder(creationOfLocal, pieces, depth + 1);
            }
        }

        foreach (var call in appends)
        {
            Flatten(call.Arguments[0].Value, pieces, depth + 1);
        }
    }

    private static IOperation? BaseOfChain(IInvocationOperation call)
    {
        var current = call.Instance.WalkDownConversions();
        while (current is IInvocationOperation { TargetMethod.Name: "Append" or "AppendLine" } inner)
        {
            current = inner.Instance.WalkDownConversions();
        }

        return current;
    }

    /// <summary>The arguments as written, a params array's elements each on their own.</summary>
    private static List<IOperation> Arguments(IInvocationOperation call)
    {
        var list = new List<IOperation>();
        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                list.AddRange(initializer.ElementValues);
            }
            else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                list.Add(argument.Value);
            }
        }

        return list;
    }

    private static bool IsStringBuilder(ITypeSymbol? type)
        => type is { Name: "StringBuilder", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

}
