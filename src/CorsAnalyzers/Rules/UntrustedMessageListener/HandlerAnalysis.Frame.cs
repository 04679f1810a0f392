using System;
using System.Collections.Generic;
using Acornima.Ast;

namespace CorsAnalyzers.Rules;

// HandlerAnalysis: what one function, analysed with a parameter in a role, reads, checks and returns.
internal sealed partial class HandlerAnalysis
{
    private readonly record struct Read(int Position, string Code, OriginGuard Guard, string? Reason);

    private sealed class Frame
    {
        private readonly List<Read> _reads = new();
        private int _firstCheck = int.MaxValue;
        private OriginGuard? _truthy;
        private OriginGuard? _falsy;
        private OriginGuard? _anyReturn;

        public Frame(Node function, Node? owner, int depth)
        {
            Function = function;
            Owner = owner;
            Depth = depth;
        }

        public Node Function { get; }

        public Node? Owner { get; }

        public int Depth { get; }

        public HashSet<string> Events { get; } = new(StringComparer.Ordinal);

        public HashSet<string> JQueryEvents { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Origins { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Data { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Sources { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Urls { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Node> Locals { get; } = new(StringComparer.Ordinal);

        /// <summary>Declarations that only copy the message or destructure the event: not reads themselves.</summary>
        public HashSet<Node> Copies { get; } = new();

        public Dictionary<Node, ConditionFacts> Tests { get; } = new();

        public int NestedFunctions { get; set; }

        /// <summary>Above zero inside the test of an <c>if</c> whose only branch leaves: a read there only decides to leave, unless passed to a call.</summary>
        public int Deciding { get; set; }

        public bool HasCheck => _firstCheck != int.MaxValue;

        /// <summary>What is known of the origin when the function returns something truthy / falsy (a helper's answer).</summary>
        public ConditionFacts Answer => new(_truthy ?? OriginGuard.None, _falsy ?? OriginGuard.None);

        /// <summary>What is known when the function returns at all (a helper that returns or throws unless the origin is exact).</summary>
        public OriginGuard Completion => _anyReturn ?? OriginGuard.Exact;

        public void Checked(int position) => _firstCheck = Math.Min(_firstCheck, position);

        public void Read(int position, string code, OriginGuard guard, string? reason = null) => _reads.Add(new Read(position, code, guard, reason));

        public void Returned(Node? value, OriginGuard guard, ConditionFacts facts)
        {
            _anyReturn = _anyReturn is { } any ? OriginGuard.Both(any, guard) : guard;
            switch (Falsiness(value))
            {
                case false:
                    _truthy = Merge(_truthy, guard);
                    break;
                case true:
                    _falsy = Merge(_falsy, guard);
                    break;
                default:
                    _truthy = Merge(_truthy, OriginGuard.Either(guard, facts.WhenTrue));
                    _falsy = Merge(_falsy, OriginGuard.Either(guard, facts.WhenFalse));
                    break;
            }
        }

        public void Finish(OriginGuard end, bool reachable)
        {
            if (reachable)
            {
                Returned(null, end, ConditionFacts.Nothing);
            }
        }

        public Read? FirstUnguarded()
        {
            Read? first = null;
            foreach (var read in _reads)
            {
                if (read.Guard.Level != GuardLevel.Exact && (first is null || read.Position < first.Value.Position))
                {
                    first = read;
                }
            }

            return first;
        }

        public string ReasonFor(Read read)
            => read.Guard.Level == GuardLevel.Weak ? read.Guard.Reason!
               : read.Reason is { } given ? given
               : !HasCheck ? "it checks no origin"
               : _firstCheck > read.Position ? $"it reads '{read.Code}' before it checks the origin"
               : $"it reads '{read.Code}' where no origin check guards it";

        private static OriginGuard Merge(OriginGuard? all, OriginGuard one) => all is { } known ? OriginGuard.Both(known, one) : one;

        /// <summary>True for a value that is always falsy (<c>false</c>, <c>null</c>, <c>undefined</c>, <c>0</c>, <c>""</c>, nothing), false for one always truthy, null otherwise.</summary>
        private static bool? Falsiness(Node? value)
            => ScriptNodes.Unwrap(value) switch
            {
                null => true,
                BooleanLiteral boolean => !boolean.Value,
                NullLiteral => true,
                Identifier { Name: "undefined" } => true,
                NumericLiteral number => number.Value == 0,
                StringLiteral text => text.Value.Length == 0,
                NonUpdateUnaryExpression { Operator: Acornima.Operator.Void } => true,
                _ => null,
            };
    }
}
