using System.Collections.Immutable;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Harness.Semantic;

/// <summary>The kinds of place where code decides that an origin is allowed, in the order a file is paired by.</summary>
public enum DecisionKind
{
    /// <summary>A lambda that configures a <c>CorsPolicyBuilder</c> (AddPolicy, AddDefaultPolicy, UseCors, RequireCors).</summary>
    Policy,

    /// <summary>A <c>new CorsPolicyBuilder(...)</c> or <c>new CorsPolicy</c> outside such a lambda: found, paired, never evaluated.</summary>
    PolicyObject,

    /// <summary>A hand-written <c>Access-Control-Allow-Origin</c> write, with the <c>if</c> conditions it stands under.</summary>
    HeaderWrite,
}

/// <summary>
/// One decision of a file. <see cref="Method"/> is the static method that answers it for an origin (a
/// <c>bool __CorsSemanticN(string __origin)</c> to add to <see cref="Host"/>), or null with <see cref="SkipReason"/>.
/// </summary>
/// <param name="Literals">Every string constant the decision reaches: in its own text and, transitively, in the source
/// members, local functions and locals it names (a method group's body, an allowlist field's initializer).</param>
public sealed record OriginDecision(
    string Path,
    DecisionKind Kind,
    int Ordinal,
    string Text,
    TextSpan Span,
    TypeDeclarationSyntax? Host,
    string? Method,
    string? SkipReason,
    ImmutableHashSet<string> Literals)
{
    /// <summary>The kind, its order in the file and, where there is one, the policy name or the member it is in.</summary>
    public string Name => $"{Kind} #{Ordinal + 1} in {System.IO.Path.GetFileName(Path)}" + (Label is null ? string.Empty : $" ({Label})");

    public string? Label { get; init; }

    /// <summary>The text with its whitespace collapsed: two decisions with the same normalized text were not rewritten.</summary>
    public string NormalizedText => string.Join(" ", Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>
/// Finds the origin decisions of a compilation, syntax first and symbols to confirm, and writes for each a static method
/// that answers it for one origin. What a decision reads besides the origin (a local of the enclosing method, an
/// instance member) is copied as it is: the method then does not compile and the decision is skipped, counted.
/// </summary>
public static class OriginDecisions
{
    private const string CorsInfrastructure = "Microsoft.AspNetCore.Cors.Infrastructure";
    private const string AllowOrigin = "Access-Control-Allow-Origin";
    private const int ReachDepth = 4;
    private static readonly string[] WriteMethods = { "Append", "Add", "TryAdd", "AddHeader", "AppendHeader", "TryAddWithoutValidation", "SetCommaSeparatedValues", "AppendCommaSeparatedValues" };

    public static List<OriginDecision> Find(Compilation compilation, Func<SyntaxTree, bool> include)
    {
        var decisions = new List<OriginDecision>();
        var counter = 0;
        foreach (var tree in compilation.SyntaxTrees.Where(include))
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot();
            var policies = root.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>().Where(f => ConfiguresPolicy(model, f)).ToList();
            var outer = policies.Where(p => !policies.Any(o => o != p && o.Span.Contains(p.Span))).ToList();
            var objects = root.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>()
                .Where(c => model.GetTypeInfo(c).Type is INamedTypeSymbol { Name: "CorsPolicyBuilder" or "CorsPolicy" } t && t.ContainingNamespace.ToDisplayString() == CorsInfrastructure)
                .Where(c => !outer.Any(p => p.Span.Contains(c.Span)))
                .ToList();
            var writes = root.DescendantNodes().Select(n => HeaderWrite(model, n)).OfType<(SyntaxNode Write, ExpressionSyntax Value)>().ToList();

            decisions.AddRange(outer.Select((p, i) => Policy(compilation, model, p, i, ref counter)));
            decisions.AddRange(objects.Select((o, i) => PolicyObject(compilation, model, o, i, ref counter)));
            decisions.AddRange(writes.Select((w, i) => Write(compilation, model, w.Write, w.Value, i, ref counter)));
        }

        return decisions;
    }

    private static bool ConfiguresPolicy(SemanticModel model, AnonymousFunctionExpressionSyntax function)
        => model.GetTypeInfo(function).ConvertedType is INamedTypeSymbol { DelegateInvokeMethod: { Parameters.Length: 1, ReturnsVoid: true } invoke }
           && invoke.Parameters[0].Type is { Name: "CorsPolicyBuilder" } type
           && type.ContainingNamespace.ToDisplayString() == CorsInfrastructure;

    private static OriginDecision Policy(Compilation compilation, SemanticModel model, AnonymousFunctionExpressionSyntax lambda, int ordinal, ref int counter)
    {
        var name = $"__CorsSemantic{counter++}";
        var method = $$"""
            public static bool {{name}}(string __origin)
            {
                {{LocalFunctions(model, lambda)}}
                var __builder = new global::{{CorsInfrastructure}}.CorsPolicyBuilder();
                ((global::System.Action<global::{{CorsInfrastructure}}.CorsPolicyBuilder>)({{lambda}}))(__builder);
                __builder.DisallowCredentials(); // Build() refuses any origin with credentials; credentials do not change which origins pass
                var __policy = __builder.Build();
                return __policy.AllowAnyOrigin || __policy.IsOriginAllowed(__origin);
            }
            """;
        return new OriginDecision(lambda.SyntaxTree.FilePath, DecisionKind.Policy, ordinal, lambda.ToString(), lambda.Span, Host(lambda), method, null, Reach(compilation, model, new[] { lambda })) { Label = Label(lambda) };
    }

    /// <summary>
    /// A policy object is answered through the method that makes it, when that method takes nothing and returns the
    /// policy or its builder: its text from the object to the end of the method is the decision (an <c>Origins.Add</c>
    /// after the creation is part of it). A builder is built without credentials; a policy whose own Build() refuses
    /// any origin with credentials is the any-origin it asks for.
    /// </summary>
    private static OriginDecision PolicyObject(Compilation compilation, SemanticModel model, BaseObjectCreationExpressionSyntax creation, int ordinal, ref int counter)
    {
        var path = creation.SyntaxTree.FilePath;
        if (SelfContainedChain(model, creation) is { } chain)
        {
            var chainName = $"__CorsSemantic{counter++}";
            var isBuilder = model.GetTypeInfo(chain).Type?.Name == "CorsPolicyBuilder";
            return new OriginDecision(path, DecisionKind.PolicyObject, ordinal, chain.ToString(), creation.Span, Host(creation), PolicyMethod(chainName, $"({chain})", isBuilder), null, Reach(compilation, model, new[] { chain }));
        }

        var member = creation.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        var text = member is null ? creation.ToString() : member.ToString().Substring(creation.SpanStart - member.SpanStart);
        var reached = Reach(compilation, model, new SyntaxNode[] { (SyntaxNode?)member?.Body ?? (SyntaxNode?)member?.ExpressionBody ?? creation });
        if (member is null || member.ParameterList.Parameters.Count > 0 || member.TypeParameterList is not null
            || model.GetDeclaredSymbol(member) is not { ReturnType: INamedTypeSymbol { Name: "CorsPolicy" or "CorsPolicyBuilder" } } method
            || Host(member) is not { } host)
        {
            return new OriginDecision(path, DecisionKind.PolicyObject, ordinal, text, creation.Span, null, null, "a policy built outside a configure lambda and outside a parameterless method that returns it", reached);
        }

        var typeName = host.Identifier.ValueText;
        var call = method.IsStatic ? $"{typeName}.{method.Name}()" : $"(({typeName})global::System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof({typeName}))).{method.Name}()";
        var code = PolicyMethod($"__CorsSemantic{counter++}", call, method.ReturnType.Name == "CorsPolicyBuilder");
        return new OriginDecision(path, DecisionKind.PolicyObject, ordinal, text, creation.Span, host, code, null, reached);
    }

    private static string PolicyMethod(string name, string policy, bool isBuilder) => $$"""
        public static bool {{name}}(string __origin)
        {
            global::{{CorsInfrastructure}}.CorsPolicy __policy;
            try
            {
                __policy = {{policy}}{{(isBuilder ? ".DisallowCredentials().Build()" : string.Empty)}};
            }
            catch (global::System.InvalidOperationException)
            {
                return true;
            }

            return __policy.AllowAnyOrigin || __policy.IsOriginAllowed(__origin);
        }
        """;

    /// <summary>
    /// The whole chain that starts at the creation (<c>new CorsPolicyBuilder().AllowAnyOrigin().AllowCredentials()</c>), when
    /// nothing else shapes the policy: the chain is not stored, or it is stored in a local that is only built or passed on.
    /// </summary>
    private static ExpressionSyntax? SelfContainedChain(SemanticModel model, BaseObjectCreationExpressionSyntax creation)
    {
        ExpressionSyntax chain = creation;
        while (chain.Parent is MemberAccessExpressionSyntax access && access.Expression == chain && access.Parent is InvocationExpressionSyntax invocation)
        {
            chain = invocation;
        }

        if (chain.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator })
        {
            return chain.Parent is ArgumentSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax ? chain : null;
        }

        var local = model.GetDeclaredSymbol(declarator);
        var block = declarator.Ancestors().OfType<BlockSyntax>().FirstOrDefault();
        var uses = block?.DescendantNodes().OfType<IdentifierNameSyntax>().Where(id => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id).Symbol, local)).ToList();
        return local is not null && uses is not null
               && uses.All(id => id.Parent is ArgumentSyntax || id.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build" } build && build.Expression == id)
            ? chain
            : null;
    }

    private static OriginDecision Write(Compilation compilation, SemanticModel model, SyntaxNode write, ExpressionSyntax value, int ordinal, ref int counter)
    {
        var path = write.SyntaxTree.FilePath;
        var guards = Guards(write).ToList();
        var reached = Reach(compilation, model, guards.Select(g => (SyntaxNode)g.Condition).Append(value));
        var text = string.Join(" && ", guards.Select(g => (g.Negated ? "!" : string.Empty) + $"({g.Condition})").Append(write.ToString()));
        OriginDecision Skip(string reason) => new(path, DecisionKind.HeaderWrite, ordinal, text, write.Span, Host(write), null, reason, reached) { Label = Label(write) };

        var conditions = new List<string>();
        var originLocals = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
        foreach (var (condition, negated) in guards)
        {
            var reads = condition.DescendantNodesAndSelf().Where(IsOriginRead).ToList();
            var free = FreeVariables(model, condition, reads).ToList();
            var origins = free.Where(IsOriginVariable).ToList();
            var others = free.Except(origins, SymbolEqualityComparer.Default).ToList();
            if (others.Count > 0)
            {
                // A condition on the request's path or method, the same before and after: it is left out. One that may
                // read the origin through another variable cannot be answered.
                if (reads.Count == 0 && origins.Count == 0 && !condition.ToString().Contains("rigin", StringComparison.Ordinal)
                    && others.All(s => TypeOf(s) is { SpecialType: not SpecialType.System_String and not SpecialType.System_Boolean } t && t.Name is not ("StringValues" or "Uri")))
                {
                    continue;
                }

                return Skip($"the condition '{condition}' reads {string.Join(", ", others.Select(s => s.Name))}");
            }

            foreach (var origin in origins)
            {
                originLocals[origin] = $"{TypeOf(origin)!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} {origin.Name} = __origin;";
            }

            var rewritten = reads.Count == 0 ? condition : condition.ReplaceNodes(reads, (read, _) => SyntaxFactory.ParseExpression(OriginReadReplacement(read)));
            conditions.Add((negated ? "!" : string.Empty) + $"({rewritten})");
        }

        // The written value: a constant other than '*' allows that origin only; anything else is the origin echoed.
        var constant = model.GetConstantValue(value);
        conditions.Add(constant is { HasValue: true, Value: string written } && written != "*" ? $"__origin == {SyntaxFactory.Literal(written)}" : "true");
        var name = $"__CorsSemantic{counter++}";
        var method = $$"""
            public static bool {{name}}(string __origin)
            {
                {{LocalFunctions(model, guards.Select(g => (SyntaxNode)g.Condition).ToArray())}}
                {{string.Concat(originLocals.Values)}}
                return {{string.Join(" && ", conditions)}};
            }
            """;
        return new OriginDecision(path, DecisionKind.HeaderWrite, ordinal, text, write.Span, Host(write), method, null, reached) { Label = Label(write) };
    }

    /// <summary>An <c>Access-Control-Allow-Origin</c> write: an assignment to the typed property or the indexer, or a call that adds the header.</summary>
    private static (SyntaxNode, ExpressionSyntax)? HeaderWrite(SemanticModel model, SyntaxNode node)
    {
        bool NamesHeader(ExpressionSyntax key)
            => model.GetConstantValue(key) is { HasValue: true, Value: string s } ? string.Equals(s, AllowOrigin, StringComparison.OrdinalIgnoreCase) : key.ToString().EndsWith("AccessControlAllowOrigin", StringComparison.Ordinal);

        switch (node)
        {
            case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AccessControlAllowOrigin" } } assignment:
                return (assignment, assignment.Right);
            case AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax { ArgumentList.Arguments: [var key] } } assignment when NamesHeader(key.Expression):
                return (assignment, assignment.Right);
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member, ArgumentList.Arguments: [var key, var value, ..] } invocation
                when WriteMethods.Contains(member.Name.Identifier.ValueText) && NamesHeader(key.Expression):
                return (invocation, value.Expression);
            default:
                return null;
        }
    }

    /// <summary>The <c>if</c> conditions the node stands under (negated in an <c>else</c>), up to its method, lambda or local function.</summary>
    private static IEnumerable<(ExpressionSyntax Condition, bool Negated)> Guards(SyntaxNode node)
    {
        for (var child = node; child.Parent is { } parent; child = parent)
        {
            if (parent is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
            {
                yield break;
            }

            if (parent is IfStatementSyntax { } statement && child == statement.Statement)
            {
                yield return (statement.Condition, false);
            }
            else if (parent is ElseClauseSyntax && parent.Parent is IfStatementSyntax { } elseOf)
            {
                yield return (elseOf.Condition, true);
            }
        }
    }

    /// <summary>
    /// <c>x.Headers.Origin</c>, <c>x.Headers["Origin"]</c> or <c>x.Headers.TryGetValue("Origin", out var v)</c>: the
    /// request's Origin, read where the check stands.
    /// </summary>
    private static bool IsOriginRead(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TryGetValue", Expression: var headers },
            ArgumentList.Arguments: [{ Expression: LiteralExpressionSyntax key }, { RefKindKeyword.ValueText: "out", Expression: DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax } }],
        } => headers.ToString().EndsWith("Headers", StringComparison.Ordinal) && string.Equals(key.Token.ValueText, "Origin", StringComparison.OrdinalIgnoreCase),
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Origin", Expression: var headers } => headers.ToString().EndsWith("Headers", StringComparison.Ordinal),
        ElementAccessExpressionSyntax { Expression: var headers, ArgumentList.Arguments: [{ Expression: LiteralExpressionSyntax key }] }
            => headers.ToString().EndsWith("Headers", StringComparison.Ordinal) && string.Equals(key.Token.ValueText, "Origin", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>The origin read as the parameter of the check: a TryGetValue declares its variable with it and succeeds.</summary>
    private static string OriginReadReplacement(SyntaxNode read)
        => read is InvocationExpressionSyntax { ArgumentList.Arguments: [_, { Expression: DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax variable } }] }
            ? $"(((global::Microsoft.Extensions.Primitives.StringValues)__origin) is var {variable.Identifier.ValueText})"
            : "((global::Microsoft.Extensions.Primitives.StringValues)__origin)";

    /// <summary>Locals and parameters the expression reads but does not declare (outside the origin reads it replaces).</summary>
    private static IEnumerable<ISymbol> FreeVariables(SemanticModel model, SyntaxNode expression, IReadOnlyList<SyntaxNode> replaced)
        => expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(id => !replaced.Any(r => r.Span.Contains(id.Span)))
            .Select(id => model.GetSymbolInfo(id).Symbol)
            .Where(s => s is ILocalSymbol or IParameterSymbol && !s.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == expression.SyntaxTree && expression.Span.Contains(r.Span)))
            .Distinct(SymbolEqualityComparer.Default)!;

    /// <summary>A string or StringValues local or parameter that holds the origin: named so, or declared from an Origin read.</summary>
    private static bool IsOriginVariable(ISymbol symbol)
        => TypeOf(symbol) is { } type && (type.SpecialType == SpecialType.System_String || type.Name == "StringValues")
           && (symbol.Name.Contains("origin", StringComparison.OrdinalIgnoreCase)
               || symbol.DeclaringSyntaxReferences.Any(r => r.GetSyntax().Parent?.ToString().Contains("Origin", StringComparison.Ordinal) == true));

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, _ => null };

    /// <summary>The text of the local functions the nodes call that are declared outside them (a method group passed to SetIsOriginAllowed).</summary>
    private static string LocalFunctions(SemanticModel model, params SyntaxNode[] nodes)
    {
        var found = new List<LocalFunctionStatementSyntax>();
        var queue = new Queue<SyntaxNode>(nodes);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var id in node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                var info = model.GetSymbolInfo(id);
                foreach (var symbol in info.CandidateSymbols.Prepend(info.Symbol).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.LocalFunction))
                {
                    foreach (var declaration in symbol.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<LocalFunctionStatementSyntax>())
                    {
                        if (!nodes.Any(n => n.Span.Contains(declaration.Span)) && !found.Contains(declaration))
                        {
                            found.Add(declaration);
                            queue.Enqueue(declaration);
                        }
                    }
                }
            }
        }

        return string.Join("\n", found.Select(f => f.ToString()));
    }

    /// <summary>The string constants the nodes reach, directly or through the source members, local functions and locals they name.</summary>
    private static ImmutableHashSet<string> Reach(Compilation compilation, SemanticModel model, IEnumerable<SyntaxNode> nodes)
    {
        var literals = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var seen = new HashSet<SyntaxNode>();
        var level = nodes.Select(n => (Node: n, Model: model)).ToList();
        for (var depth = 0; depth <= ReachDepth && level.Count > 0; depth++)
        {
            var next = new List<(SyntaxNode, SemanticModel)>();
            foreach (var (node, nodeModel) in level.Where(l => seen.Add(l.Node)))
            {
                literals.UnionWith(node.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)).Select(l => l.Token.ValueText));
                literals.UnionWith(node.DescendantNodesAndSelf().OfType<InterpolatedStringExpressionSyntax>().Select(s => nodeModel.GetConstantValue(s)).Where(c => c.HasValue).Select(c => (string)c.Value!));
                foreach (var id in node.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
                {
                    var info = nodeModel.GetSymbolInfo(id);
                    foreach (var symbol in info.CandidateSymbols.Prepend(info.Symbol).Where(s => s is IMethodSymbol or IFieldSymbol or IPropertySymbol or ILocalSymbol))
                    {
                        foreach (var reference in symbol!.DeclaringSyntaxReferences.Where(r => compilation.SyntaxTrees.Contains(r.SyntaxTree)))
                        {
                            next.Add((reference.GetSyntax(), compilation.GetSemanticModel(reference.SyntaxTree)));
                        }
                    }
                }
            }

            level = next;
        }

        return literals.ToImmutable();
    }

    /// <summary>The policy name a configure lambda is passed with (<c>AddPolicy("Intranet", ...)</c>), else the member the node is in.</summary>
    private static string? Label(SyntaxNode node)
        => node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments: [{ Expression: LiteralExpressionSyntax name }, ..] } } && name.IsKind(SyntaxKind.StringLiteralExpression)
            ? $"policy \"{name.Token.ValueText}\""
            : node.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault() switch
            {
                MethodDeclarationSyntax method => Host(method) is { } type ? $"{type.Identifier.ValueText}.{method.Identifier.ValueText}" : method.Identifier.ValueText,
                _ => null,
            };

    private static TypeDeclarationSyntax? Host(SyntaxNode node) => node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();

    /// <summary>The exact origins the decision names (<see cref="OriginPatterns.ExactOriginNamedBy"/> of each literal, and "null").</summary>
    public static ImmutableHashSet<string> NamedOrigins(OriginDecision decision)
    {
        var patterns = new OriginPatterns(Array.Empty<string>(), reportSubdomainWildcards: false);
        return decision.Literals
            .Select(l => l == "null" ? l : patterns.ExactOriginNamedBy(l))
            .OfType<string>()
            .ToImmutableHashSet(StringComparer.Ordinal);
    }
}
