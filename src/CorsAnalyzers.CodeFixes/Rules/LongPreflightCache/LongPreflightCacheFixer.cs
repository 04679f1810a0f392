using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS011: cache the preflight for 7200 seconds, the longest Chromium keeps, in the shape the value has. A
/// <c>TimeSpan</c> factory keeps its factory where that expresses 7200 seconds exactly (<c>FromHours(2)</c>,
/// <c>FromMinutes(120)</c>, <c>FromSeconds(7200)</c>, <c>FromMilliseconds(7200000)</c>, <c>FromMicroseconds(7200000000)</c>)
/// and becomes <c>FromHours(2)</c> otherwise (<c>FromDays</c>); <c>new TimeSpan(...)</c> keeps its constructor
/// (<c>new TimeSpan(2, 0, 0)</c>, ...); a header value becomes <c>"7200"</c>, a number of seconds <c>7200</c>. Not offered for
/// a value named by a constant (other code may use it) nor for a configuration file (a code fix edits no additional file).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LongPreflightCacheFixer)), Shared]
public sealed class LongPreflightCacheFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS011.Cache7200Seconds";

    private static readonly string s_seconds = PreflightMaxAges.Suggested.ToString(CultureInfo.InvariantCulture);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LongPreflightCache);

    // Each fix replaces only its own value, so Fix All can apply them all at once.
    internal override string? BatchEquivalenceKey => EquivalenceKey;

    internal override Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<CorsFix>>(
            Plan(node, diagnostic) is { } text ? new[] { new CorsFix($"Cache the preflight for {s_seconds} seconds ('{text}')", EquivalenceKey) } : Array.Empty<CorsFix>());

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (Plan(node, diagnostic) is not { } replacement)
        {
            return null;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(new TextChange(node.Span, replacement)));
    }

    /// <summary>The text that replaces the value, where the code is still the shape the diagnostic's kind says.</summary>
    private static string? Plan(SyntaxNode node, Diagnostic diagnostic)
        => DiagnosticProperties.KindOf(diagnostic) switch
        {
            DiagnosticProperties.Kinds.MaxAgeTimeSpan => TimeSpanText(node),
            DiagnosticProperties.Kinds.MaxAgeSeconds => node switch
            {
                LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => "\"" + s_seconds + "\"",
                LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression) => s_seconds,
                _ => null,
            },
            _ => null,
        };

    private static string? TimeSpanText(SyntaxNode node)
    {
        switch (node)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access }:
                return Factory(name.Identifier.ValueText) is { } factory ? access.Expression + access.OperatorToken.Text + factory : null;
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax name }:
                // using static System.TimeSpan;
                return Factory(name.Identifier.ValueText);
            case BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation when Parts(arguments.Arguments.Count) is { } parts:
                var type = creation is ObjectCreationExpressionSyntax explicitType ? "new " + explicitType.Type : "new";
                return $"{type}({parts})";
            default:
                return null;
        }
    }

    /// <summary>The factory call that says 7200 seconds: the same factory where it can, else <c>FromHours(2)</c>.</summary>
    private static string? Factory(string name)
        => name switch
        {
            "FromDays" or "FromHours" => "FromHours(2)",
            "FromMinutes" => "FromMinutes(120)",
            "FromSeconds" => "FromSeconds(7200)",
            "FromMilliseconds" => "FromMilliseconds(7200000)",
            "FromMicroseconds" => "FromMicroseconds(7200000000)",
            _ => null,
        };

    /// <summary>The arguments of the <c>TimeSpan</c> constructor of that many parameters that make two hours.</summary>
    private static string? Parts(int count)
        => count switch
        {
            1 => "72000000000",
            3 => "2, 0, 0",
            4 => "0, 2, 0, 0",
            5 => "0, 2, 0, 0, 0",
            6 => "0, 2, 0, 0, 0, 0",
            _ => null,
        };
}
