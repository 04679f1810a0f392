using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Dispatch;

/// <summary>
/// Which rules may report in a file: a bit per rule, set unless the rule is off there (<c>NoWarn</c>, a rule set,
/// <c>dotnet_diagnostic.CORSnnn.severity = none</c> in an .editorconfig or a global config, or disabled by default and
/// not turned on). Roslyn skips an analyzer that is off for a file; with every rule in one analyzer the package does it
/// per rule, so that a rule turned off costs nothing. The order of the settings is the compiler's: the compilation's
/// options, then the file's setting or else the global config's.
/// </summary>
internal sealed class RuleSwitches
{
    /// <summary>The last file asked about on this thread: operations of one file come in runs, so this is almost always a hit.</summary>
    [ThreadStatic]
    private static LastTree? t_last;

    /// <summary>Who asked last on a thread: a token, not this object, so that a thread keeps no compilation's options alive.</summary>
    private readonly object _identity = new();

    private readonly ImmutableArray<DiagnosticDescriptor> _descriptors;
    private readonly ReportDiagnostic[] _fromCompilationOptions;
    private readonly SyntaxTreeOptionsProvider? _provider;

    private RuleSwitches(ImmutableArray<DiagnosticDescriptor> descriptors, CompilationOptions options, CancellationToken cancellationToken)
    {
        _descriptors = descriptors;
        _provider = options.SyntaxTreeOptionsProvider;
        _fromCompilationOptions = new ReportDiagnostic[descriptors.Length];
        for (var i = 0; i < descriptors.Length; i++)
        {
            _fromCompilationOptions[i] = descriptors[i].GetEffectiveSeverity(options);
        }

        Global = Mask(tree: null, cancellationToken);
    }

    /// <summary>The rules on where no file's own setting applies (additional files, symbols, the compilation's end).</summary>
    public int Global { get; }

    public static RuleSwitches Create(Compilation compilation, ImmutableArray<CorsRule> rules, CancellationToken cancellationToken)
    {
        if (rules.Length > 31)
        {
            throw new ArgumentException("A mask holds at most 31 rules.", nameof(rules));
        }

        var descriptors = ImmutableArray.CreateBuilder<DiagnosticDescriptor>(rules.Length);
        foreach (var rule in rules)
        {
            descriptors.Add(rule.Descriptor);
        }

        return new RuleSwitches(descriptors.MoveToImmutable(), compilation.Options, cancellationToken);
    }

    public static bool IsOn(int mask, int rule) => (mask & (1 << rule)) != 0;

    /// <summary>
    /// The rules that may report somewhere in the compilation: on in the global settings, or on in some file's. Files are
    /// asked only when a rule is off globally (rare), so a compilation pays nothing here in the usual case.
    /// </summary>
    public int Somewhere(Compilation compilation, CancellationToken cancellationToken)
    {
        var all = (1 << _descriptors.Length) - 1;
        if (Global == all || _provider is null)
        {
            return Global;
        }

        var mask = Global;
        foreach (var tree in compilation.SyntaxTrees)
        {
            mask |= For(tree, cancellationToken);
            if (mask == all)
            {
                break;
            }
        }

        return mask;
    }

    /// <summary>The rules on in <paramref name="tree"/>.</summary>
    public int For(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (_provider is null)
        {
            return Global;
        }

        var last = t_last;
        if (last is not null && ReferenceEquals(last.Owner, _identity) && ReferenceEquals(last.Tree, tree))
        {
            return last.Mask;
        }

        var mask = Mask(tree, cancellationToken);
        if (last is null)
        {
            t_last = new LastTree(_identity, tree, mask);
        }
        else
        {
            (last.Owner, last.Tree, last.Mask) = (_identity, tree, mask);
        }

        return mask;
    }

    private int Mask(SyntaxTree? tree, CancellationToken cancellationToken)
    {
        var mask = 0;
        for (var i = 0; i < _descriptors.Length; i++)
        {
            var descriptor = _descriptors[i];
            var severity = _fromCompilationOptions[i];
            if (_provider is not null
                && ((tree is not null && _provider.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var configured))
                    || _provider.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out configured)))
            {
                severity = configured;
            }

            if (!descriptor.IsEnabledByDefault && severity == ReportDiagnostic.Default)
            {
                severity = ReportDiagnostic.Suppress;
            }

            if (severity != ReportDiagnostic.Suppress)
            {
                mask |= 1 << i;
            }
        }

        return mask;
    }

    /// <summary>Holds one file per thread until the thread asks about another (a bounded, short-lived reference).</summary>
    private sealed class LastTree
    {
        public LastTree(object owner, SyntaxTree tree, int mask) => (Owner, Tree, Mask) = (owner, tree, mask);

        public object Owner { get; set; }

        public SyntaxTree Tree { get; set; }

        public int Mask { get; set; }
    }
}
