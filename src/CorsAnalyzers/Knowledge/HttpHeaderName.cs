using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The header names the rules care about, and how a name is recognised in code: a constant string
/// (any casing), a member of <c>HeaderNames</c> / <c>CorsConstants</c> (static readonly fields, matched by symbol), or a
/// static read-only member of the app's own with a constant initializer, in any file (<see cref="DeclaredValues"/>).
/// </summary>
internal static class HttpHeaderName
{
    public const string Origin = "Origin";
    public const string Vary = "Vary";
    public const string AccessControlAllowOrigin = "Access-Control-Allow-Origin";
    public const string AccessControlAllowCredentials = "Access-Control-Allow-Credentials";

    /// <summary>Member names of HeaderNames/CorsConstants and of the typed IHeaderDictionary properties.</summary>
    private static readonly Dictionary<string, string> s_memberToHeader = new(StringComparer.Ordinal)
    {
        ["Origin"] = Origin,
        ["Vary"] = Vary,
        ["AccessControlAllowOrigin"] = AccessControlAllowOrigin,
        ["AccessControlAllowCredentials"] = AccessControlAllowCredentials,
        ["AccessControlAllowHeaders"] = "Access-Control-Allow-Headers",
        ["AccessControlAllowMethods"] = "Access-Control-Allow-Methods",
        ["AccessControlExposeHeaders"] = "Access-Control-Expose-Headers",
        ["AccessControlMaxAge"] = "Access-Control-Max-Age",
        ["AccessControlRequestHeaders"] = "Access-Control-Request-Headers",
        ["AccessControlRequestMethod"] = "Access-Control-Request-Method",
    };

    /// <summary>Access-Control-Allow-Headers, -Allow-Methods or -Expose-Headers: the headers whose <c>*</c> credentials turn into a name.</summary>
    public static bool IsWildcardable(string? name)
        => Is(name, "Access-Control-Allow-Headers") || Is(name, "Access-Control-Allow-Methods") || Is(name, "Access-Control-Expose-Headers");

    public static bool Is(string? name, string header) => name is not null && string.Equals(name.Trim(), header, StringComparison.OrdinalIgnoreCase);

    /// <summary>The header name of a typed <c>IHeaderDictionary</c> property (for example <c>AccessControlAllowOrigin</c>), if it is one we know.</summary>
    /// <remarks>Every property assignment asks, so names that cannot be one (every key starts with A, O or V) are turned away before hashing.</remarks>
    public static string? FromMemberName(string memberName)
        => memberName.Length >= 4 && (memberName[0] is 'A' or 'O' or 'V') && s_memberToHeader.TryGetValue(memberName, out var header) ? header : null;

    /// <summary>The header name an expression stands for, or null when it is not a name known at compile time.</summary>
    public static string? Resolve(IOperation? operation, KnownSymbols symbols)
    {
        // A name is a string: other arguments are turned away before their constant value (boxed when asked for) is read.
        operation = operation.WalkDownConversions();
        if (operation?.Type?.SpecialType != SpecialType.System_String)
        {
            return null;
        }

        // A literal's text is read from its token, which is cheaper than the operation's boxed constant value (measured).
        if (operation is ILiteralOperation { Syntax: LiteralExpressionSyntax literal })
        {
            return literal.Token.ValueText;
        }

        if (operation.ConstantValue.HasValue)
        {
            return operation.ConstantValue.Value as string;
        }

        ISymbol? member = operation switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (member is null || !member.IsStatic)
        {
            return null;
        }

        var container = member.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(container, symbols.HeaderNames)
            || SymbolEqualityComparer.Default.Equals(container, symbols.CorsConstants))
        {
            return FromMemberName(member.Name);
        }

        // A header-name class of the app's own: public static readonly string AllowOrigin = "Access-Control-Allow-Origin";
        // (in any file; a const needs none of this). Its initializer must be a constant: a name built at run time is unknown.
        return container?.TypeKind == TypeKind.Class && DeclaredValues.Of(operation) is { ConstantValue: { HasValue: true, Value: string text } }
            ? text
            : null;
    }
}
