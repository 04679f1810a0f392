using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Benchmarks;

/// <summary>Finds every analyzer of the CorsAnalyzers assembly by reflection, so rules written later are measured without a change here.</summary>
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

    /// <summary>A short name for tables: the rule ids it reports and its type name, e.g. "CORS003 OriginSubstringMatchAnalyzer".</summary>
    public static string Name(DiagnosticAnalyzer analyzer)
    {
        var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        return string.Join("+", ids) + " " + analyzer.GetType().Name;
    }
}
