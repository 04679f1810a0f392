using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>HTTP method or header names as far as they can be read, each with the expression that gives it.</summary>
internal readonly struct HttpNameList
{
    public HttpNameList(ImmutableArray<string> values, ImmutableArray<IOperation> sources, bool isComplete)
    {
        Values = values;
        Sources = sources;
        IsComplete = isComplete;
    }

    public ImmutableArray<string> Values { get; }

    /// <summary>The expression of each value (a literal, <c>HttpMethods.Delete</c>, ...), in the same order.</summary>
    public ImmutableArray<IOperation> Sources { get; }

    /// <summary>False when some element is not a constant the analyzer can read: the list may hold more.</summary>
    public bool IsComplete { get; }
}

/// <summary>
/// Reads HTTP method and header names: the strings <see cref="CorsPolicies.GetStrings"/> reads, and the framework's
/// <c>HttpMethods.Delete</c> and <c>HeaderNames.ContentType</c>, which are <c>static readonly</c> fields, not constants
/// (their values are the field names: <c>DELETE</c>; <c>Content-Type</c>).
/// </summary>
internal static class HttpNames
{
    public static HttpNameList Read(IOperation? value)
    {
        var values = ImmutableArray.CreateBuilder<string>();
        var sources = ImmutableArray.CreateBuilder<IOperation>();
        var complete = true;
        value = value.WalkDownConversions();
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                Add(element, values, sources, ref complete);
            }
        }
        else if (value is null)
        {
            complete = false;
        }
        else
        {
            Add(value, values, sources, ref complete);
        }

        return new HttpNameList(values.ToImmutable(), sources.ToImmutable(), complete);
    }

    /// <summary><c>HttpMethods.Delete</c> → <c>DELETE</c>, <c>HeaderNames.ContentType</c> → <c>Content-Type</c>; null for any other field.</summary>
    public static string? FrameworkName(IFieldReferenceOperation field)
    {
        var type = field.Field.ContainingType;
        if (!field.Field.IsStatic || type is null)
        {
            return null;
        }

        var ns = type.ContainingNamespace?.ToDisplayString();
        if (type.Name == "HttpMethods" && ns == "Microsoft.AspNetCore.Http")
        {
            return field.Field.Name.ToUpperInvariant();
        }

        if (type.Name == "HeaderNames" && ns == "Microsoft.Net.Http.Headers")
        {
            // ContentType → Content-Type, XRequestedWith → X-Requested-With.
            var name = field.Field.Name;
            var builder = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]))
                {
                    builder.Append('-');
                }

                builder.Append(name[i]);
            }

            return builder.ToString();
        }

        return null;
    }

    private static void Add(IOperation element, ImmutableArray<string>.Builder values, ImmutableArray<IOperation>.Builder sources, ref bool complete)
    {
        element = element.WalkDownConversions()!;
        if (element is IFieldReferenceOperation field && FrameworkName(field) is { } name)
        {
            values.Add(name);
            sources.Add(element);
            return;
        }

        var strings = CorsPolicies.GetStrings(element, CancellationToken.None);
        complete &= strings.IsComplete;
        foreach (var text in strings.Values)
        {
            if (text.Value is { } found)
            {
                values.Add(found);
                sources.Add(text.Source);
            }
            else
            {
                complete = false;
            }
        }
    }
}
