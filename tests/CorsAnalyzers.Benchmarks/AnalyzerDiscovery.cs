using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Benchmarks;

/// <summary>
/// Finds the analyzers the CorsAnalyzers assembly ships (by reflection, as a host does) and, for the per-rule rows, one
/// <see cref="CorsAnalyzer"/> per rule of the package, so rules written later are measured without a change here.
/// </summary>
public static class AnalyzerDiscovery
{
    public static Assembly AnalyzerAssembly => typeof(CorsAnalyzers.RuleIds).Assembly;

    /// <summary>One new instance of every concrete, C#-capable <see cref="DiagnosticAnalyzer"/> in the assembly, ordered by their first rule id.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateAll()
    {
        Type[] types;
        try
        {
            types = AnalyzerAssembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        return types
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .Where(t => t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .OrderBy(Name, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>Each rule of the package alone, run as the package runs it (an analyzer of one rule), ordered by rule id.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreatePerRule()
        => new CorsAnalyzer().Rules
            .Select(r => (DiagnosticAnalyzer)new CorsAnalyzer(r))
            .OrderBy(Name, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>A short name for tables: the rule ids it reports and its type name (a one-rule analyzer: the rule's), e.g. "CORS003 OriginSubstringMatchRule".</summary>
    public static string Name(DiagnosticAnalyzer analyzer)
    {
        if (analyzer is CorsAnalyzer { Rules.Length: 1 } single)
        {
            return single.Rules[0].Descriptor.Id + " " + single.Rules[0].GetType().Name;
        }

        var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        return string.Join("+", ids) + " " + analyzer.GetType().Name;
    }
}
