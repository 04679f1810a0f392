using System;
using System.Collections.Generic;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Dispatch;

/// <summary>
/// What one rule may register for one compilation. Unlike Roslyn's own registrations these are not callbacks of their
/// own: <see cref="RuleDispatcher"/> makes one Roslyn action per kind of event for all rules and calls the rules that
/// asked for it, with what the package has already worked out for that operation (the header write and its shared
/// verdicts, the policy step).
/// </summary>
internal sealed class RuleStart
{
    private readonly int _rule;
    private readonly RuleHandlers _handlers;

    internal RuleStart(Compilation compilation, AnalyzerOptions options, CorsKnowledge knowledge, int rule, RuleHandlers handlers)
    {
        Compilation = compilation;
        Options = options;
        Knowledge = knowledge;
        _rule = rule;
        _handlers = handlers;
    }

    public Compilation Compilation { get; }

    public AnalyzerOptions Options { get; }

    public CorsKnowledge Knowledge { get; }

    /// <summary>Every operation of <paramref name="kinds"/>.</summary>
    public void OnOperation(Action<OperationAnalysisContext> action, params OperationKind[] kinds)
    {
        foreach (var kind in kinds)
        {
            _handlers.Add(_handlers.Operations, kind, (_rule, action));
        }
    }

    /// <summary>
    /// The calls of a method whose name <paramref name="mayJudge"/> accepts: the same test the handler makes first, asked
    /// once per method name per compilation by the dispatcher, so that a call nobody judges costs one look-up, not one test
    /// per rule. The test must accept every name the handler can act on.
    /// </summary>
    public void OnInvocation(Func<string, bool> mayJudge, Action<OperationAnalysisContext> action) => _handlers.Invocations.Add((_rule, mayJudge, action));

    /// <summary>Every response-header write <see cref="HeaderWrites"/> recognises (worked out once for all rules).</summary>
    public void OnHeaderWrite(Action<OperationAnalysisContext, HeaderWrite> action) => _handlers.HeaderWrites.Add((_rule, (c, verdicts) => action(c, verdicts.Write)));

    /// <summary>
    /// Every response-header write, with the judgements of it that other rules read too (<see cref="WriteVerdicts"/>: made
    /// once per write and shared by the rules called for it, so none is worked out twice).
    /// </summary>
    public void OnHeaderWriteVerdicts(Action<OperationAnalysisContext, WriteVerdicts> action) => _handlers.HeaderWrites.Add((_rule, action));

    /// <summary>Every call or assignment that shapes a CORS policy (<see cref="CorsPolicies.GetStep"/>, worked out once for all rules).</summary>
    public void OnPolicyStep(Action<OperationAnalysisContext, PolicyStep> action) => _handlers.PolicySteps.Add((_rule, action));

    public void OnAdditionalFile(Action<AdditionalFileAnalysisContext> action) => _handlers.AdditionalFiles.Add((_rule, action));

    /// <summary>
    /// Every script file (<see cref="ScriptFiles"/>: a <c>.js</c> file, or a page's inline scripts) that holds JavaScript
    /// that parses, parsed once for all rules that asked.
    /// </summary>
    public void OnScriptFile(Action<AdditionalFileAnalysisContext, ScriptFile> action) => _handlers.ScriptFiles.Add((_rule, action));

    public void OnSyntaxNode(Action<SyntaxNodeAnalysisContext> action, SyntaxKind kind) => _handlers.Add(_handlers.SyntaxNodes, kind, (_rule, action));

    public void OnSymbol(Action<SymbolAnalysisContext> action, SymbolKind kind) => _handlers.Add(_handlers.Symbols, kind, (_rule, action));

    public void OnCompilationEnd(Action<CompilationAnalysisContext> action) => _handlers.CompilationEnds.Add((_rule, action));
}

/// <summary>What the rules of one compilation asked for, by kind of event; each entry remembers its rule's index.</summary>
internal sealed class RuleHandlers
{
    public Dictionary<OperationKind, List<(int Rule, Action<OperationAnalysisContext> Action)>> Operations { get; } = new();

    public List<(int Rule, Func<string, bool> MayJudge, Action<OperationAnalysisContext> Action)> Invocations { get; } = new();

    public List<(int Rule, Action<OperationAnalysisContext, WriteVerdicts> Action)> HeaderWrites { get; } = new();

    public List<(int Rule, Action<OperationAnalysisContext, PolicyStep> Action)> PolicySteps { get; } = new();

    public List<(int Rule, Action<AdditionalFileAnalysisContext> Action)> AdditionalFiles { get; } = new();

    public List<(int Rule, Action<AdditionalFileAnalysisContext, ScriptFile> Action)> ScriptFiles { get; } = new();

    public Dictionary<SyntaxKind, List<(int Rule, Action<SyntaxNodeAnalysisContext> Action)>> SyntaxNodes { get; } = new();

    public Dictionary<SymbolKind, List<(int Rule, Action<SymbolAnalysisContext> Action)>> Symbols { get; } = new();

    public List<(int Rule, Action<CompilationAnalysisContext> Action)> CompilationEnds { get; } = new();

    public void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = new List<TValue>();
        }

        list.Add(value);
    }
}
