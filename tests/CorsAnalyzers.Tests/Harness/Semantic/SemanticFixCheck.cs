using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace CorsAnalyzers.Tests.Harness.Semantic;

/// <summary>The code of a project as the semantic check compiles it.</summary>
public sealed record SemanticProject(
    IReadOnlyList<(string Path, string Text)> Sources,
    IReadOnlyList<MetadataReference> References,
    CSharpParseOptions ParseOptions,
    OutputKind OutputKind);

/// <summary>One paired decision the check could not answer, or that widened.</summary>
public sealed record DecisionOutcome(string Name, bool Rewritten, bool Checked, string? SkipReason, IReadOnlyList<string> Widened, string Before, string After);

/// <summary>What the check did: per decision, checked or skipped, and the widenings found.</summary>
public sealed record SemanticReport(IReadOnlyList<DecisionOutcome> Decisions, int BatterySize, string? Unpaired)
{
    public int Checked => Decisions.Count(d => d.Checked);
    public int Skipped => Decisions.Count(d => !d.Checked);
    public int RewrittenChecked => Decisions.Count(d => d.Rewritten && d.Checked);
    public int Rewritten => Decisions.Count(d => d.Rewritten);
    public bool Widens => Decisions.Any(d => d.Widened.Count > 0);

    /// <summary>Why the fix fails the check, or null: a widening, decisions that cannot be paired, or rewritten decisions none of which could be answered.</summary>
    public string? Failure
    {
        get
        {
            if (Unpaired is not null)
            {
                return "The semantic check cannot pair the decisions before and after the fix: " + Unpaired;
            }

            var builder = new StringBuilder();
            foreach (var d in Decisions.Where(d => d.Widened.Count > 0))
            {
                builder.AppendLine($"The fix widens {d.Name}:").AppendLine("  before: " + d.Before).AppendLine("  after:  " + d.After);
                foreach (var w in d.Widened)
                {
                    builder.AppendLine("  " + w);
                }
            }

            if (builder.Length == 0 && Rewritten > 0 && RewrittenChecked == 0)
            {
                builder.AppendLine($"The fix rewrote {Rewritten} decision(s) and the semantic check could answer none of them:");
                foreach (var d in Decisions.Where(d => d.Rewritten))
                {
                    builder.AppendLine($"  {d.Name}: {d.SkipReason}");
                }
            }

            return builder.Length == 0 ? null : builder.ToString();
        }
    }

    public override string ToString() => $"{Checked} decision(s) checked ({RewrittenChecked} of {Rewritten} rewritten), {Skipped} skipped, {BatterySize} origins"
        + string.Concat(Decisions.Where(d => !d.Checked).Select(d => $"; skipped {d.Name}{(d.Rewritten ? " (rewritten)" : string.Empty)}: {d.SkipReason}"));
}

/// <summary>
/// The semantic test of a fix (issue 19): compiles the code before and after it, runs every origin decision of both on
/// one battery of origins, and pairs the N-th decision of a kind in a file before with the N-th after (the fixes rewrite
/// in place). After the fix a decision may accept only origins it accepted before, and, when the fix changed what it
/// accepts, only origins it names itself (its own exact entries, the origin its suffix or prefix spells out, their
/// subdomains under a wildcard entry the fix wrote): never an origin only another decision named.
/// </summary>
public static class SemanticFixCheck
{
    public static SemanticReport Run(SemanticProject before, SemanticProject after, Func<string, bool>? includePath = null)
    {
        includePath ??= path => !path.Contains("/obj/", StringComparison.Ordinal) && path.EndsWith(".cs", StringComparison.Ordinal);
        var (beforeCompilation, beforeDecisions) = Decide(before, includePath);
        var (afterCompilation, afterDecisions) = Decide(after, includePath);
        var battery = OriginBattery.For(beforeDecisions.Concat(afterDecisions).SelectMany(d => d.Literals));

        var unpaired = beforeDecisions.GroupBy(d => (d.Path, d.Kind)).Select(g => (g.Key, Before: g.Count(), After: afterDecisions.Count(a => (a.Path, a.Kind) == g.Key)))
            .Concat(afterDecisions.GroupBy(d => (d.Path, d.Kind)).Where(g => !beforeDecisions.Any(b => (b.Path, b.Kind) == g.Key)).Select(g => (g.Key, Before: 0, After: g.Count())))
            .Where(x => x.Before != x.After)
            .Select(x => $"{x.Key.Kind} decisions in {x.Key.Path}: {x.Before} before, {x.After} after")
            .ToList();
        if (unpaired.Count > 0)
        {
            return new SemanticReport(Array.Empty<DecisionOutcome>(), battery.Count, string.Join("; ", unpaired));
        }

        var beforeAnswers = Answer(beforeCompilation, beforeDecisions, battery);
        var afterAnswers = Answer(afterCompilation, afterDecisions, battery);
        var outcomes = new List<DecisionOutcome>();
        foreach (var b in beforeDecisions)
        {
            var a = afterDecisions.Single(x => (x.Path, x.Kind, x.Ordinal) == (b.Path, b.Kind, b.Ordinal));
            // Rewritten: its own text, or what it reaches (a validator it calls, a set it reads), changed.
            var rewritten = a.NormalizedText != b.NormalizedText || !a.Literals.SetEquals(b.Literals);
            var (beforeAccepts, beforeSkip) = beforeAnswers[b];
            var (afterAccepts, afterSkip) = afterAnswers[a];
            if (beforeAccepts is null || afterAccepts is null)
            {
                outcomes.Add(new DecisionOutcome(b.Name, rewritten, false, beforeAccepts is null ? "before: " + beforeSkip : "after: " + afterSkip, Array.Empty<string>(), b.Text, a.Text));
                continue;
            }

            var widened = new List<string>();
            rewritten |= !beforeAccepts.SetEquals(afterAccepts);
            if (!beforeAccepts.SetEquals(afterAccepts))
            {
                var named = OriginDecisions.NamedOrigins(b);
                var wildcards = WildcardDomains(a, b, named);
                foreach (var origin in afterAccepts.OrderBy(o => o, StringComparer.Ordinal))
                {
                    if (!beforeAccepts.Contains(origin))
                    {
                        widened.Add($"'{Show(origin)}' is accepted after the fix and was refused before");
                    }
                    else if (!named.Contains(origin) && !wildcards.Any(w => UnderWildcard(origin, w.Scheme, w.Authority)))
                    {
                        widened.Add($"'{Show(origin)}' is accepted after the fix and the decision does not name it (it names: {(named.Count == 0 ? "no exact origin" : string.Join(", ", named.OrderBy(n => n, StringComparer.Ordinal)))})");
                    }
                }
            }

            outcomes.Add(new DecisionOutcome(b.Name, rewritten, true, null, widened, b.Text, a.Text));
        }

        return new SemanticReport(outcomes, battery.Count, null);
    }

    /// <summary>What a wildcard entry <c>scheme://*.authority</c> matches in ASP.NET Core: the origin parsed as a URI, same scheme and port, a host under the domain.</summary>
    private static bool UnderWildcard(string origin, string scheme, string authority)
        => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && Uri.TryCreate(scheme + authority, UriKind.Absolute, out var domain)
           && uri.Scheme == domain.Scheme && uri.Port == domain.Port && uri.Host.EndsWith("." + domain.Host, StringComparison.OrdinalIgnoreCase);

    private static string Show(string origin) => origin.Length == 0 ? "(empty)" : origin;

    /// <summary>
    /// The domains whose subdomains the decision names after the fix, when the fixed code allows wildcard subdomains: its
    /// own wildcard entries (<c>https://*.contoso.com</c>), and those the fix wrote for a bare domain the decision names.
    /// </summary>
    private static List<(string Scheme, string Authority)> WildcardDomains(OriginDecision after, OriginDecision before, ImmutableHashSet<string> named)
    {
        static IEnumerable<(string Scheme, string Authority)> Wildcards(OriginDecision d)
            => d.Literals.Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Contains("://*.", StringComparison.Ordinal))
                .Select(l => (l.Substring(0, l.IndexOf("://", StringComparison.Ordinal) + 3), l.Substring(l.IndexOf("://*.", StringComparison.Ordinal) + 5)));

        return !after.Text.Contains("SetIsOriginAllowedToAllowWildcardSubdomains", StringComparison.Ordinal)
            ? new()
            : Wildcards(after).Where(w => named.Contains(w.Scheme + w.Authority) || Wildcards(before).Contains(w)).ToList();
    }

    private static (CSharpCompilation, List<OriginDecision>) Decide(SemanticProject project, Func<string, bool> includePath)
    {
        var trees = project.Sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, project.ParseOptions, s.Path, Encoding.UTF8)).ToList();
        var compilation = CSharpCompilation.Create(
            "CorsSemantic" + Guid.NewGuid().ToString("N"),
            trees,
            project.References,
            new CSharpCompilationOptions(project.OutputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        return (compilation, OriginDecisions.Find(compilation, t => includePath(t.FilePath)));
    }

    /// <summary>
    /// Adds every decision's method to its type (top-level code: to a partial Program), compiles once, drops the methods
    /// that do not compile (what they read is not there), compiles again, and runs the rest on the battery.
    /// </summary>
    private static Dictionary<OriginDecision, (HashSet<string>? Accepts, string? Skip)> Answer(CSharpCompilation compilation, List<OriginDecision> decisions, IReadOnlyList<string> battery)
    {
        var answers = decisions.ToDictionary(d => d, d => ((HashSet<string>?)null, (string?)(d.SkipReason ?? "not compiled")));
        var live = decisions.Where(d => d.Method is not null).ToList();
        for (var attempt = 0; attempt < 4 && live.Count > 0; attempt++)
        {
            var (withMethods, spans) = Inject(compilation, live);
            using var stream = new MemoryStream();
            var result = withMethods.Emit(stream);
            if (!result.Success)
            {
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var failed = live.Where(d => errors.Any(e => e.Location.SourceTree is { } tree && spans.TryGetValue(d, out var s) && s.Tree == tree.FilePath && s.Span.Contains(e.Location.SourceSpan))).ToList();
                if (failed.Count == 0)
                {
                    foreach (var d in live)
                    {
                        answers[d] = (null, "the code does not compile: " + errors.First());
                    }

                    return answers;
                }

                foreach (var d in failed)
                {
                    var first = errors.First(e => spans[d].Span.Contains(e.Location.SourceSpan) && e.Location.SourceTree!.FilePath == spans[d].Tree);
                    answers[d] = (null, "its check reads more than the origin: " + first.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
                }

                live = live.Except(failed).ToList();
                continue;
            }

            Run(stream, live, battery, answers);
            break;
        }

        return answers;
    }

    private static (CSharpCompilation, Dictionary<OriginDecision, (string Tree, Microsoft.CodeAnalysis.Text.TextSpan Span)>) Inject(CSharpCompilation compilation, List<OriginDecision> decisions)
    {
        var spans = new Dictionary<OriginDecision, (string, Microsoft.CodeAnalysis.Text.TextSpan)>();
        var result = compilation;
        foreach (var byTree in decisions.GroupBy(d => d.Path))
        {
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == byTree.Key);
            var root = (CompilationUnitSyntax)tree.GetRoot();
            var marks = new Dictionary<OriginDecision, SyntaxAnnotation>();
            MemberDeclarationSyntax Member(OriginDecision d)
            {
                marks[d] = new SyntaxAnnotation();
                return SyntaxFactory.ParseMemberDeclaration(d.Method! + "\n")!.WithAdditionalAnnotations(marks[d]);
            }

            var typed = byTree.Where(d => d.Host is not null).GroupBy(d => d.Host!).ToList();
            var newRoot = root.ReplaceNodes(typed.Select(g => g.Key), (original, rewritten) => rewritten.AddMembers(typed.Single(g => g.Key == original).Select(Member).ToArray()));
            var topLevel = byTree.Where(d => d.Host is null).ToList();
            if (topLevel.Count > 0)
            {
                newRoot = newRoot.AddMembers(SyntaxFactory.ClassDeclaration("Program").AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword)).AddMembers(topLevel.Select(Member).ToArray()).NormalizeWhitespace());
            }

            var newTree = tree.WithRootAndOptions(newRoot, tree.Options);
            var newText = newTree.GetRoot();
            foreach (var (d, mark) in marks)
            {
                spans[d] = (tree.FilePath, newText.GetAnnotatedNodes(mark).Single().Span);
            }

            result = result.ReplaceSyntaxTree(tree, newTree);
        }

        return (result, spans);
    }

    private static void Run(MemoryStream image, List<OriginDecision> decisions, IReadOnlyList<string> battery, Dictionary<OriginDecision, (HashSet<string>?, string?)> answers)
    {
        var context = new CheckContext();
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            Type?[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types;
            }

            var counter = 0;
            var methods = types.OfType<Type>()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Where(m => m.Name.StartsWith("__CorsSemantic", StringComparison.Ordinal))
                .ToDictionary(m => m.Name);
            foreach (var decision in decisions)
            {
                var name = decision.Method!.Substring(decision.Method.IndexOf("__CorsSemantic", StringComparison.Ordinal));
                name = name.Substring(0, name.IndexOf('('));
                if (!methods.TryGetValue(name, out var method) || method.DeclaringType!.ContainsGenericParameters)
                {
                    answers[decision] = (null, "its method cannot be run (a generic or unloadable type)");
                    continue;
                }

                try
                {
                    var check = method.CreateDelegate<Func<string, bool>>();
                    var accepts = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var origin in battery)
                    {
                        counter++;
                        bool accepted;
                        try
                        {
                            accepted = check(origin);
                        }
                        catch (Exception e) when (e is not TypeInitializationException and not FileNotFoundException and not TypeLoadException)
                        {
                            accepted = false; // a check that throws allows nothing (ASP.NET Core answers 500 without CORS headers)
                        }

                        if (accepted)
                        {
                            accepts.Add(origin);
                        }
                    }

                    answers[decision] = (accepts, null);
                }
                catch (Exception e)
                {
                    answers[decision] = (null, $"its method throws {e.GetType().Name}: {e.Message}");
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// A collectible context per run. The test process is not a web app: the ASP.NET Core assemblies the checks use
    /// (CorsPolicyBuilder, StringValues) come from the shared framework on this machine, loaded once for all runs.
    /// </summary>
    private sealed class CheckContext() : AssemblyLoadContext("CorsSemanticCheck", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) => Framework.Instance.Find(name);
    }

    private sealed class Framework() : AssemblyLoadContext("CorsSemanticFramework")
    {
        public static readonly Framework Instance = new();
        private readonly string? _directory = Directory.Exists(Path.Combine(ReferenceAssemblies.DotNetRoot, "shared", "Microsoft.AspNetCore.App"))
            ? Directory.GetDirectories(Path.Combine(ReferenceAssemblies.DotNetRoot, "shared", "Microsoft.AspNetCore.App"))
                .OrderByDescending(d => Path.GetFileName(d).Split('-')[0] is var v && Version.TryParse(v, out var version) && version.Major == Environment.Version.Major)
                .ThenByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;

        public Assembly? Find(AssemblyName name)
        {
            if (_directory is null || Default.Assemblies.Any(a => a.GetName().Name == name.Name))
            {
                return null;
            }

            var path = Path.Combine(_directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyName(name) : null;
        }

        protected override Assembly? Load(AssemblyName name)
        {
            var path = _directory is null ? null : Path.Combine(_directory, name.Name + ".dll");
            return path is not null && File.Exists(path) && !Default.Assemblies.Any(a => a.GetName().Name == name.Name) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
