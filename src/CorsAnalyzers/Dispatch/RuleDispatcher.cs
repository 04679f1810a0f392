using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Dispatch;

/// <summary>
/// Runs rules inside one analyzer: one Roslyn action per kind of event for all of them, since Roslyn pays per analyzer
/// and per callback (the measured cost is in tests/CorsAnalyzers.Benchmarks/README.md). An invocation is handed to the
/// package once, its header write (with the verdicts on it several rules read) and policy step are worked out once, and each rule gets what it asked for, only in
/// files where it is on (<see cref="RuleSwitches"/>); a call goes only to the rules that judge its method's name
/// (<see cref="RuleStart.OnInvocation"/>).
/// </summary>
internal sealed class RuleDispatcher
{
    /// <summary>In a method name's interest mask: the name can be a policy step's (<see cref="CorsPolicies.IsStepMethodName"/>).</summary>
    private const int PolicyStepName = 1 << 30;

    private static readonly ImmutableArray<(int Rule, Action<OperationAnalysisContext> Action)> s_none = ImmutableArray<(int, Action<OperationAnalysisContext>)>.Empty;

    private readonly CorsKnowledge _knowledge;
    private readonly RuleSwitches _switches;
    private readonly ImmutableArray<(int Rule, Action<OperationAnalysisContext> Action)>[] _operations;
    private readonly ImmutableArray<(int Rule, Func<string, bool> MayJudge, Action<OperationAnalysisContext> Action)> _invocations;

    /// <summary>
    /// Per method name, which of <see cref="_invocations"/> accept it (a bit per handler) and whether it can be a policy
    /// step: worked out once per name per compilation. A project calls a few thousand distinct names, most of them many
    /// times (Append, ToString, EndsWith), and a call nobody judges then costs one look-up.
    /// </summary>
    private readonly ConcurrentDictionary<string, int> _interest = new(StringComparer.Ordinal);
    private readonly Func<string, int> _interestOf;

    private readonly ImmutableArray<(int Rule, Action<OperationAnalysisContext, WriteVerdicts> Action)> _headerWrites;
    private readonly ImmutableArray<(int Rule, Action<OperationAnalysisContext, PolicyStep> Action)> _policySteps;
    private readonly int _headerWriteRules;
    private readonly int _policyStepRules;

    private RuleDispatcher(CorsKnowledge knowledge, RuleSwitches switches, RuleHandlers handlers)
    {
        _knowledge = knowledge;
        _switches = switches;
        var size = handlers.Operations.Keys.Select(k => (int)k + 1).DefaultIfEmpty(0).Max();
        _operations = new ImmutableArray<(int, Action<OperationAnalysisContext>)>[size];
        for (var i = 0; i < size; i++)
        {
            _operations[i] = handlers.Operations.TryGetValue((OperationKind)i, out var list) ? list.ToImmutableArray() : s_none;
        }

        if (handlers.Invocations.Count >= 30)
        {
            throw new ArgumentException("An interest mask holds at most 30 invocation handlers.", nameof(handlers));
        }

        _invocations = handlers.Invocations.ToImmutableArray();
        _interestOf = InterestOf;
        _headerWrites = handlers.HeaderWrites.ToImmutableArray();
        _policySteps = handlers.PolicySteps.ToImmutableArray();
        _headerWriteRules = _headerWrites.Aggregate(0, (mask, h) => mask | (1 << h.Rule));
        _policyStepRules = _policySteps.Aggregate(0, (mask, h) => mask | (1 << h.Rule));
    }

    /// <summary>Registers, for one compilation, what <paramref name="rules"/> asked for (those on somewhere in it).</summary>
    public static void Start(CompilationStartAnalysisContext context, ImmutableArray<CorsRule> rules)
    {
        var switches = RuleSwitches.Create(context.Compilation, rules, context.CancellationToken);
        var somewhere = switches.Somewhere(context.Compilation, context.CancellationToken);
        if (somewhere == 0)
        {
            return;
        }

        var knowledge = CorsKnowledge.Create(context.Compilation);
        var handlers = new RuleHandlers();
        for (var i = 0; i < rules.Length; i++)
        {
            if (RuleSwitches.IsOn(somewhere, i))
            {
                rules[i].Start(new RuleStart(context.Compilation, context.Options, knowledge, i, handlers));
            }
        }

        new RuleDispatcher(knowledge, switches, handlers).Register(context, handlers);
    }

    private void Register(CompilationStartAnalysisContext context, RuleHandlers handlers)
    {
        var kinds = new HashSet<OperationKind>(handlers.Operations.Keys);
        if (!_invocations.IsEmpty)
        {
            kinds.Add(OperationKind.Invocation);
        }

        if (!_headerWrites.IsEmpty)
        {
            kinds.UnionWith(HeaderWrites.OperationKinds);
        }

        if (!_policySteps.IsEmpty)
        {
            kinds.UnionWith(CorsPolicies.StepOperationKinds);
        }

        if (kinds.Count > 0)
        {
            context.RegisterOperationAction(OnOperation, kinds.OrderBy(k => k).ToImmutableArray());
        }

        if (handlers.AdditionalFiles.Count > 0 || handlers.ScriptFiles.Count > 0)
        {
            var additionalFiles = handlers.AdditionalFiles.ToImmutableArray();
            var scriptFiles = handlers.ScriptFiles.ToImmutableArray();
            var scriptRules = scriptFiles.Aggregate(0, (mask, h) => mask | (1 << h.Rule));
            context.RegisterAdditionalFileAction(c =>
            {
                foreach (var (rule, action) in additionalFiles)
                {
                    if (RuleSwitches.IsOn(_switches.Global, rule))
                    {
                        action(c);
                    }
                }

                if ((_switches.Global & scriptRules) != 0)
                {
                    OnScriptFile(c, scriptFiles);
                }
            });
        }

        foreach (var pair in handlers.SyntaxNodes)
        {
            var actions = pair.Value.ToImmutableArray();
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    var mask = _switches.For(c.Node.SyntaxTree, c.CancellationToken);
                    foreach (var (rule, action) in actions)
                    {
                        if (RuleSwitches.IsOn(mask, rule))
                        {
                            action(c);
                        }
                    }
                },
                pair.Key);
        }

        foreach (var pair in handlers.Symbols)
        {
            // A symbol may be declared in several files: each rule filters what it reports by the file's setting (Roslyn does).
            var actions = pair.Value.ToImmutableArray();
            context.RegisterSymbolAction(
                c =>
                {
                    foreach (var (_, action) in actions)
                    {
                        action(c);
                    }
                },
                pair.Key);
        }

        if (handlers.CompilationEnds.Count > 0)
        {
            var ends = handlers.CompilationEnds.ToImmutableArray();
            context.RegisterCompilationEndAction(c =>
            {
                foreach (var (_, action) in ends)
                {
                    action(c);
                }
            });
        }
    }

    /// <summary>A script file, parsed once (<see cref="ScriptFiles"/>), for the rules that read scripts and are on.</summary>
    private void OnScriptFile(AdditionalFileAnalysisContext context, ImmutableArray<(int Rule, Action<AdditionalFileAnalysisContext, ScriptFile> Action)> rules)
    {
        if (!ScriptFiles.IsScript(context.AdditionalFile) || _knowledge.ScriptFiles.Get(context.AdditionalFile) is not { } script)
        {
            return;
        }

        foreach (var (rule, action) in rules)
        {
            if (RuleSwitches.IsOn(_switches.Global, rule))
            {
                action(context, script);
            }
        }
    }

    private int InterestOf(string name)
    {
        var interest = CorsPolicies.IsStepMethodName(name) ? PolicyStepName : 0;
        for (var i = 0; i < _invocations.Length; i++)
        {
            if (_invocations[i].MayJudge(name))
            {
                interest |= 1 << i;
            }
        }

        return interest;
    }

    private void OnOperation(OperationAnalysisContext context)
    {
        var operation = context.Operation;
        var mask = _switches.For(operation.Syntax.SyntaxTree, context.CancellationToken);
        var kind = (int)operation.Kind;
        if (kind < _operations.Length)
        {
            foreach (var (rule, action) in _operations[kind])
            {
                if (RuleSwitches.IsOn(mask, rule))
                {
                    action(context);
                }
            }
        }

        var mayBeStep = true;
        if (operation is IInvocationOperation invocation && (!_invocations.IsEmpty || !_policySteps.IsEmpty))
        {
            var name = invocation.TargetMethod.Name;
            if (!_interest.TryGetValue(name, out var interest))
            {
                interest = _interest.GetOrAdd(name, _interestOf);
            }

            mayBeStep = (interest & PolicyStepName) != 0;
            for (var i = 0; interest != 0 && i < _invocations.Length; i++)
            {
                if ((interest & (1 << i)) != 0 && RuleSwitches.IsOn(mask, _invocations[i].Rule))
                {
                    _invocations[i].Action(context);
                }
            }
        }

        if ((mask & _headerWriteRules) != 0
            && _knowledge.HeaderWrites.TryGetWrite(operation, out var write)
            && write.IsCorsHeader)
        {
            // One set of verdicts per write, shared by its rules: CORS001 and CORS005 read the same echo, CORS005 CORS003's answer.
            var verdicts = new WriteVerdicts(_knowledge, write);
            foreach (var (rule, action) in _headerWrites)
            {
                if (RuleSwitches.IsOn(mask, rule))
                {
                    action(context, verdicts);
                }
            }
        }

        if ((mask & _policyStepRules) != 0
            && mayBeStep
            && _knowledge.CorsPolicies.GetStep(operation, context.CancellationToken) is { } step)
        {
            foreach (var (rule, action) in _policySteps)
            {
                if (RuleSwitches.IsOn(mask, rule))
                {
                    action(context, step);
                }
            }
        }
    }
}
