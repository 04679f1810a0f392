using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The one place that knows which expressions carry the request's <c>Origin</c> header: where it is read
/// (<c>Request.Headers["Origin"]</c>, <c>Headers.Origin</c>, <c>TryGetValue("Origin", out o)</c>, <c>GetValues("Origin")</c>, ...)
/// and how it flows (locals, conversions, <c>ToString()</c>, <c>First()</c>, <c>[0]</c>, <c>??</c>, <c>?:</c>, interpolation,
/// concatenation, arrays, captured variables in lambdas, and simple helpers of ours that return it).
/// </summary>
internal sealed class OriginFlow
{
    private readonly KnownSymbols _symbols;
    private readonly HeaderWrites _headers;
    /// <summary>Where each file's text spells "origin" (<see cref="Spellings"/>), found in one scan of its text, per file.</summary>
    private readonly ConcurrentDictionary<SyntaxTree, Spellings> _spellings = new();
    private static readonly Func<SyntaxTree, Spellings> s_findSpellings = static tree => Spellings.Find(tree);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _returnsOrigin = new(SymbolEqualityComparer.Default);

    public OriginFlow(KnownSymbols symbols, HeaderWrites headers)
    {
        _symbols = symbols;
        _headers = headers;
    }

    /// <summary>
    /// True when the value of <paramref name="operation"/> may be (or contain) the request's Origin, or the value of
    /// <paramref name="originParameter"/> (the origin a predicate or validator receives).
    /// </summary>
    public bool CarriesOrigin(IOperation? operation, IParameterSymbol? originParameter = null)
        => operation is not null
           && (originParameter is not null || MayReadOrigin(operation))
           && Carries(operation, new TraceState(null, originParameter, new HashSet<ISymbol>(SymbolEqualityComparer.Default)), 0);

    /// <summary>
    /// Like <see cref="CarriesOrigin(IOperation?, IParameterSymbol?)"/>, and collects where, inside this expression, the origin
    /// comes in: the direct reads of the header, helper calls that return it, and the locals that hold it.
    /// </summary>
    public bool CarriesOrigin(IOperation? operation, List<IOperation> entries)
        => operation is not null
           && MayReadOrigin(operation)
           && Carries(operation, new TraceState(entries, null, new HashSet<ISymbol>(SymbolEqualityComparer.Default)), 0);

    /// <summary>
    /// A cheap test made once per member body: the request's Origin can only be read where some name or string in the
    /// body says "origin" (<c>Headers.Origin</c>, <c>"Origin"</c>, <c>HeaderNames.Origin</c>, <c>GetOrigin(...)</c>,
    /// <c>var origin = ...</c>). Most string matching in a project is in bodies that never do, and pays nothing more.
    /// </summary>
    /// <remarks>
    /// Answered from the file's one scan (<see cref="Spellings"/>): only the spellings inside the body are looked at, each
    /// decided once; nothing is allocated.
    /// </remarks>
    public bool MayReadOrigin(IOperation operation)
    {
        var body = operation.Root().Syntax;
        return SpellingsOf(body.SyntaxTree).AnyMentionIn(body.SyntaxTree, body);
    }

    /// <summary>The same test for a whole file, made once per file: where no name or string says "origin", no code decides on one.</summary>
    public bool MayMentionOrigin(SyntaxTree tree) => SpellingsOf(tree).AnyMentionIn(tree, null);

    private Spellings SpellingsOf(SyntaxTree tree) => _spellings.GetOrAdd(tree, s_findSpellings);

    /// <summary>A name with the word origin in it (Origin, origins, GetOrigin, OriginHeader), not original or originate.</summary>
    private static bool NamesOrigin(string name)
    {
        for (var index = name.IndexOf("origin", StringComparison.OrdinalIgnoreCase); index >= 0; index = name.IndexOf("origin", index + 1, StringComparison.OrdinalIgnoreCase))
        {
            var next = index + 6;
            if (next == name.Length || !char.IsLower(name[next]) || name[next] == 's')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where a file's text spells "origin" (any case), in order, and for each, once asked, whether it is a mention: a name
    /// that says origin or the header name as a string (<see cref="IsMention"/>), not a comment, "original" or
    /// "same-origin". Most files never spell it and share one empty instance; a spelling is judged (a token look-up) only
    /// when a body that holds it is asked about, so a file pays for the spellings in the bodies that match strings, not for
    /// every one. (An identifier spelled with a Unicode escape such as <c>\u006Frigin</c> is not seen; nothing real writes one.)
    /// </summary>
    private sealed class Spellings
    {
        private const byte Unknown = 0;
        private const byte Mention = 1;
        private const byte NoMention = 2;

        private static readonly Spellings s_none = new(Array.Empty<int>());

        private readonly int[] _positions;

        /// <summary>Per spelling: <see cref="Unknown"/> until judged (threads that judge the same one write the same answer).</summary>
        private readonly byte[] _verdicts;

        private Spellings(int[] positions)
        {
            _positions = positions;
            _verdicts = positions.Length == 0 ? Array.Empty<byte>() : new byte[positions.Length];
        }

        /// <summary>Some spelling inside <paramref name="node"/> (the whole of <paramref name="tree"/> when null) is a mention.</summary>
        public bool AnyMentionIn(SyntaxTree tree, SyntaxNode? node)
        {
            if (_positions.Length == 0)
            {
                return false;
            }

            var index = 0;
            var end = int.MaxValue;
            if (node is not null)
            {
                var span = node.Span;
                index = Array.BinarySearch(_positions, span.Start);
                index = index < 0 ? ~index : index;
                end = span.End;
            }

            for (; index < _positions.Length && _positions[index] + OriginLength <= end; index++)
            {
                var verdict = _verdicts[index];
                if (verdict == Unknown)
                {
                    var position = _positions[index];
                    verdict = IsMention((node ?? tree.GetRoot()).FindToken(position), position) ? Mention : NoMention;
                    _verdicts[index] = verdict;
                }

                if (verdict == Mention)
                {
                    return true;
                }
            }

            return false;
        }

        public static Spellings Find(SyntaxTree tree)
        {
            var root = tree.GetRoot();
            if (!tree.TryGetText(out var text))
            {
                return ByTokens(root);
            }

            List<int>? found = null;
            var buffer = t_textBuffer ??= new char[TextChunk];
            var end = root.FullSpan.End;
            for (var start = 0; start < end;)
            {
                var count = Math.Min(buffer.Length, end - start);
                text.CopyTo(start, buffer, 0, count);
                var chunk = new ReadOnlySpan<char>(buffer, 0, count);

                // "rigin" and "RIGIN" are rare in code and found by a vectorized search, where 'o' is everywhere: Origin, origin
                // and ORIGIN are found, a mixed spelling such as OrIgIn is not.
                foreach (var tail in s_originTails)
                {
                    for (var offset = 0; offset < count;)
                    {
                        var at = chunk.Slice(offset).IndexOf(tail.AsSpan());
                        if (at < 0)
                        {
                            break;
                        }

                        // A word cut by the chunk's end is seen whole, once, at the start of the next chunk.
                        var word = offset + at - 1;
                        if (word >= 0 && word + OriginLength <= count && IsOriginWord(chunk.Slice(word, OriginLength)))
                        {
                            (found ??= new List<int>()).Add(start + word);
                        }

                        offset += at + 1;
                    }
                }

                if (start + count >= end)
                {
                    break;
                }

                // The next chunk starts early enough to see a word cut by this one's end.
                start += count - (OriginLength - 1);
            }

            if (found is null)
            {
                return s_none;
            }

            found.Sort();
            return new Spellings(found.ToArray());
        }

        /// <summary>The same search token by token, for a tree that holds no text (built from nodes, not parsed).</summary>
        private static Spellings ByTokens(SyntaxNode root)
        {
            List<int>? found = null;
            foreach (var token in root.DescendantTokens())
            {
                if (IsMention(token, token.SpanStart))
                {
                    (found ??= new List<int>()).Add(token.SpanStart);
                }
            }

            return found is null ? s_none : new Spellings(found.ToArray());
        }
    }

    private const int OriginLength = 6; // "origin"

    private static readonly string[] s_originTails = { "rigin", "RIGIN" };

    private const int TextChunk = 4096;

    [ThreadStatic]
    private static char[]? t_textBuffer;

    /// <summary>"origin" in any case.</summary>
    private static bool IsOriginWord(ReadOnlySpan<char> word)
        => (word[0] | 0x20) == 'o' && (word[1] | 0x20) == 'r' && (word[2] | 0x20) == 'i' && (word[3] | 0x20) == 'g' && (word[4] | 0x20) == 'i' && (word[5] | 0x20) == 'n';

    /// <summary>
    /// The token at <paramref name="position"/> is a name that says origin (Origin, origin, GetOrigin, OriginHeader), or the
    /// header name itself as a string ("Origin"; not "same-origin" or "strict-origin-when-cross-origin", which are
    /// Referrer-Policy values). A comment is neither.
    /// </summary>
    private static bool IsMention(SyntaxToken token, int position)
        => token.Span.Contains(position)
           && token.Kind() switch
           {
               SyntaxKind.IdentifierToken => NamesOrigin(token.ValueText),
               SyntaxKind.StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.Utf8StringLiteralToken
                   => HttpHeaderName.Is(token.ValueText, HttpHeaderName.Origin) || IsServerVariable(token.ValueText),
               _ => false,
           };

    private sealed record TraceState(List<IOperation>? Entries, IParameterSymbol? Parameter, HashSet<ISymbol> Visited);

    private bool Carries(IOperation? operation, TraceState state, int depth)
    {
        if (operation is null || depth > Guards.MaxDepth)
        {
            return false;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Carries(conversion.Operand, state, depth + 1);

            case ILocalReferenceOperation local:
                if (CarriesThroughLocal(local, state with { Entries = null }, depth))
                {
                    state.Entries?.Add(local);
                    return true;
                }

                return false;

            case IParameterReferenceOperation parameter:
                if (IsBoundToOriginHeader(parameter.Parameter))
                {
                    state.Entries?.Add(parameter);
                    return true;
                }

                return state.Parameter is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter.OriginalDefinition, state.Parameter);

            case IPropertyReferenceOperation property:
                if (IsOriginRead(property))
                {
                    state.Entries?.Add(property);
                    return true;
                }

                // request.Headers.FirstOrDefault(h => h.Key == "Origin").Value (Azure Functions, HttpRequestMessage).
                if (property.Property.Name == "Value" && IsOriginPairLookup(property.Instance))
                {
                    state.Entries?.Add(property);
                    return true;
                }

                // origins[0], values.Count is not the origin; uri.Host, uri.Authority are parts of it.
                return property.Property.IsIndexer
                    ? Carries(property.Instance, state, depth + 1)
                    : IsUriPart(property) && Carries(property.Instance, state, depth + 1);

            case IArrayElementReferenceOperation element:
                return Carries(element.ArrayReference, state, depth + 1);

            case IInvocationOperation invocation:
                return CarriesThroughInvocation(invocation, state, depth);

            case ICoalesceOperation coalesce:
                return Either(Carries(coalesce.Value, state, depth + 1), Carries(coalesce.WhenNull, state, depth + 1));

            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return Either(Carries(conditional.WhenTrue, state, depth + 1), Carries(conditional.WhenFalse, state, depth + 1));

            case ISwitchExpressionOperation switchExpression:
                var anyArm = false;
                foreach (var arm in switchExpression.Arms)
                {
                    anyArm |= Carries(arm.Value, state, depth + 1);
                }

                return anyArm;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return Either(Carries(binary.LeftOperand, state, depth + 1), Carries(binary.RightOperand, state, depth + 1));

            case IInterpolatedStringOperation interpolated:
                var anyPart = false;
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation)
                    {
                        anyPart |= Carries(interpolation.Expression, state, depth + 1);
                    }
                }

                return anyPart;

            case IArrayCreationOperation { Initializer: { } initializer }:
                var anyElement = false;
                foreach (var element in initializer.ElementValues)
                {
                    anyElement |= Carries(element, state, depth + 1);
                }

                return anyElement;

            case IObjectCreationOperation creation when IsStringValues(creation.Type) || IsUri(creation.Type):
                return creation.Arguments.Length > 0 && Carries(creation.Arguments[0].Value, state, depth + 1);

            case IAwaitOperation awaited:
                return Carries(awaited.Operation, state, depth + 1);

            default:
                return false;
        }
    }

    private static bool Either(bool left, bool right) => left || right;

    /// <summary>
    /// A minimal-API or MVC parameter the framework binds to the Origin header: <c>[FromHeader(Name = "Origin")] string origin</c>
    /// (ASP.NET Core's <c>FromHeaderAttribute</c>, by name only, so that cost stays one attribute look-up).
    /// </summary>
    private static bool IsBoundToOriginHeader(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "FromHeaderAttribute" })
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Name" && named.Value.Value is string name)
                    {
                        return HttpHeaderName.Is(name, HttpHeaderName.Origin);
                    }
                }

                return HttpHeaderName.Is(parameter.Name, HttpHeaderName.Origin);
            }
        }

        return false;
    }

    /// <summary><c>headers.FirstOrDefault(h =&gt; h.Key == "Origin")</c> (or First, Single, SingleOrDefault, LastOrDefault) over request headers.</summary>
    private bool IsOriginPairLookup(IOperation? instance)
    {
        if (instance.WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "FirstOrDefault" or "First" or "SingleOrDefault" or "Single" or "LastOrDefault", Arguments.Length: 2 } lookup
            || !SymbolEqualityComparer.Default.Equals(lookup.TargetMethod.ContainingType, _symbols.Enumerable))
        {
            return false;
        }

        var source = lookup.Arguments[0].Value.WalkDownConversions()?.Type;
        if (!(HeaderWrites.IsOrDerives(source, _symbols.HttpHeaders) || _headers.IsHeaderDictionary(source)))
        {
            return false;
        }

        if (lookup.Arguments[1].Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation predicate })
        {
            return false;
        }

        var readsKey = false;
        var namesOrigin = false;
        foreach (var operation in predicate.Body.Descendants())
        {
            readsKey |= operation is IPropertyReferenceOperation { Property.Name: "Key" };
            namesOrigin |= operation is ILiteralOperation && HttpHeaderName.Is(HttpHeaderName.Resolve(operation, _symbols), HttpHeaderName.Origin);
        }

        return readsKey && namesOrigin;
    }

    /// <summary>The server variable IIS passes the Origin header in (System.Web <c>Request.ServerVariables</c>).</summary>
    private static bool IsServerVariable(string? name) => string.Equals(name, "HTTP_ORIGIN", StringComparison.OrdinalIgnoreCase);

    /// <summary>A direct read of the request's Origin header.</summary>
    public bool IsOriginRead(IOperation operation)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer:
                // Headers["Origin"] on IHeaderDictionary, WebHeaderCollection or a NameValueCollection (HttpListener, System.Web).
                var owner = indexer.Property.ContainingType;
                var name = HttpHeaderName.Resolve(indexer.Arguments[0].Value, _symbols);
                if (IsServerVariable(name))
                {
                    // System.Web: Request.ServerVariables["HTTP_ORIGIN"] is the Origin header as IIS passes it on.
                    return HeaderWrites.IsOrDerives(owner, _symbols.NameValueCollection);
                }

                if (!HttpHeaderName.Is(name, HttpHeaderName.Origin))
                {
                    return false;
                }

                return _headers.IsHeaderDictionary(owner)
                    || HeaderWrites.IsOrDerives(owner, _symbols.NameValueCollection)
                    || IsDictionaryOfHeaderValues(owner);

            case IPropertyReferenceOperation property:
                // Request.Headers.Origin (the typed property of IHeaderDictionary).
                return property.Property.Name == "Origin" && _headers.IsHeaderDictionary(property.Property.ContainingType);

            case IInvocationOperation invocation:
                // HttpRequestMessage.Headers.GetValues("Origin"), headers.Get("Origin"), GetCommaSeparatedValues(headers, "Origin").
                if (invocation.TargetMethod.Name is not ("GetValues" or "Get" or "GetCommaSeparatedValues" or "GetValueOrDefault"))
                {
                    return false;
                }

                var isExtension = invocation.TargetMethod.IsExtensionMethod && invocation.Instance is null;
                var receiverType = isExtension ? invocation.GetArgument(0)?.Type : invocation.Instance?.Type;
                var isHeaders = HeaderWrites.IsOrDerives(receiverType, _symbols.HttpHeaders)
                    || HeaderWrites.IsOrDerives(receiverType, _symbols.NameValueCollection)
                    || _headers.IsHeaderDictionary(receiverType)
                    || receiverType is INamedTypeSymbol named && IsDictionaryOfHeaderValues(named);
                var header = HttpHeaderName.Resolve(invocation.GetArgument(isExtension ? 1 : 0), _symbols);
                return isHeaders && (HttpHeaderName.Is(header, HttpHeaderName.Origin)
                                     || IsServerVariable(header) && HeaderWrites.IsOrDerives(receiverType, _symbols.NameValueCollection));

            default:
                return false;
        }
    }

    private bool CarriesThroughLocal(ILocalReferenceOperation reference, TraceState state, int depth)
    {
        var local = reference.Local;
        if (!state.Visited.Add(local))
        {
            return false;
        }

        var carries = false;
        foreach (var (assigned, site) in local.AssignmentsOf(reference.Root()))
        {
            if (assigned is null)
            {
                // out argument: TryGetValue("Origin", out var origin), TryGetValues("Origin", out var values).
                if (site is IInvocationOperation { TargetMethod.Name: "TryGetValue" or "TryGetValues" } tryGet
                    && HttpHeaderName.Is(HttpHeaderName.Resolve(tryGet.GetArgument(tryGet.TargetMethod.IsExtensionMethod && tryGet.Instance is null ? 1 : 0), _symbols), HttpHeaderName.Origin))
                {
                    carries = true;
                }

                // Uri.TryCreate(origin, kind, out var uri): the uri is the origin.
                if (site is IInvocationOperation { TargetMethod.Name: "TryCreate" } tryCreate
                    && IsUri(tryCreate.TargetMethod.ContainingType)
                    && tryCreate.Arguments.Length > 0
                    && Carries(tryCreate.Arguments[0].Value, state, depth + 1))
                {
                    carries = true;
                }

                continue;
            }

            carries |= Carries(assigned, state, depth + 1);
        }

        return carries;
    }

    private bool CarriesThroughInvocation(IInvocationOperation invocation, TraceState state, int depth)
    {
        if (IsOriginRead(invocation))
        {
            state.Entries?.Add(invocation);
            return true;
        }

        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            // origin.ToString(), values.First(), origin.Trim(), origin.ToLowerInvariant(), uri.GetLeftPart(...).
            case "ToString" or "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault" or "ElementAt" or "ElementAtOrDefault"
                or "Trim" or "TrimEnd" or "TrimStart" or "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Normalize" or "GetLeftPart" or "ToArray":
                return Carries(invocation.Instance ?? invocation.GetArgument(0), state, depth + 1);

            // new IdnMapping().GetAscii(new Uri(origin).Host): the host, in its ASCII or Unicode form.
            case "GetAscii" or "GetUnicode" when method.ContainingType.Name == "IdnMapping":
                return Carries(invocation.GetArgument(0), state, depth + 1);

            // string.Concat/Format/Join(...): any argument.
            case "Concat" or "Format" or "Join" when method.ContainingType.SpecialType == SpecialType.System_String:
                var any = false;
                foreach (var argument in invocation.Arguments)
                {
                    any |= Carries(argument.Value, state, depth + 1);
                }

                return any;
        }

        return CarriesThroughHelper(invocation, state, depth);
    }

    /// <summary>
    /// A method of ours that returns the origin (<c>static string GetOrigin(HttpContext c) =&gt; c.Request.Headers["Origin"];</c>,
    /// <c>RequestOrigin.From(request)</c>, an extension <c>request.GetOrigin()</c>), declared in this file or another: its
    /// body is read through its own file's model (<see cref="Declarations"/>). Whether it returns the request's Origin is
    /// worked out once per method and compilation; a helper that returns the origin a predicate receives is asked anew.
    /// </summary>
    private bool CarriesThroughHelper(IInvocationOperation invocation, TraceState state, int depth)
    {
        var method = invocation.TargetMethod;
        if (method.ReturnsVoid || method.ReturnType.SpecialType == SpecialType.System_Boolean
            || method.DeclaringSyntaxReferences.Length != 1 || !state.Visited.Add(method.OriginalDefinition))
        {
            return false;
        }

        bool returnsOrigin;
        if (state.Parameter is null)
        {
            var definition = method.OriginalDefinition;
            if (!_returnsOrigin.TryGetValue(definition, out returnsOrigin))
            {
                returnsOrigin = _returnsOrigin.GetOrAdd(definition, ReturnsOrigin(definition, invocation.SemanticModel, state, depth));
            }
        }
        else
        {
            returnsOrigin = ReturnsOrigin(method, invocation.SemanticModel, state, depth);
        }

        if (returnsOrigin)
        {
            state.Entries?.Add(invocation);
        }

        return returnsOrigin;
    }

    private bool ReturnsOrigin(IMethodSymbol method, SemanticModel? model, TraceState state, int depth)
    {
        var reference = method.DeclaringSyntaxReferences[0];
        if (model is null || Declarations.OperationAt(reference, model) is not { } body)
        {
            return false;
        }

        foreach (var returned in body.Descendants())
        {
            if (returned is IReturnOperation { ReturnedValue: { } value } && returned.IsOwnReturnOf(body) && Carries(value, new TraceState(null, state.Parameter, state.Visited), depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsStringValues(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, _symbols.StringValues);

    private bool IsUri(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, _symbols.Uri);

    private bool IsUriPart(IPropertyReferenceOperation property)
        => IsUri(property.Property.ContainingType)
           && property.Property.Name is "Host" or "Authority" or "DnsSafeHost" or "IdnHost" or "OriginalString" or "AbsoluteUri";

    /// <summary>A dictionary from header names to <c>StringValues</c> (what <c>IHeaderDictionary</c> is, seen through an interface).</summary>
    private bool IsDictionaryOfHeaderValues(INamedTypeSymbol type)
        => type.Name is "Dictionary" or "IDictionary" or "IReadOnlyDictionary" && type.TypeArguments.Length == 2
           && (type.Is(_symbols.Dictionary) || type.Is(_symbols.IDictionary) || type.Is(_symbols.IReadOnlyDictionary))
           && type.TypeArguments[0].SpecialType == SpecialType.System_String
           && IsStringValues(type.TypeArguments[1]);
}
