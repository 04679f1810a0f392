using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>
/// Every analyzer of the CorsAnalyzers assembly and every exported fixer of CorsAnalyzers.CodeFixes, found by
/// reflection so that rules added later are checked without touching these tests.
/// </summary>
public static class AnalyzerCatalog
{
    public static Assembly AnalyzerAssembly => typeof(RuleIds).Assembly;

    public static Assembly CodeFixAssembly => Assembly.Load(new AssemblyName("CorsAnalyzers.CodeFixes"));

    /// <summary>The concrete analyzer types, ordered by name so that every run sees them in the same order.</summary>
    public static ImmutableArray<Type> AnalyzerTypes { get; } = ConcreteSubtypes<DiagnosticAnalyzer>(AnalyzerAssembly);

    /// <summary>The concrete fixer types that carry [ExportCodeFixProvider], ordered by name.</summary>
    public static ImmutableArray<Type> FixerTypes { get; } = ConcreteSubtypes<CodeFixProvider>(CodeFixAssembly)
        .Where(t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .ToImmutableArray();

    /// <summary>New instances of every analyzer (a fresh set per call, as a new IDE session would have).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers()
        => AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    /// <summary>New instances of every exported fixer.</summary>
    public static ImmutableArray<CodeFixProvider> CreateFixers()
        => FixerTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToImmutableArray();

    private static ImmutableArray<Type> ConcreteSubtypes<T>(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        return types
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && !t.IsGenericTypeDefinition && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToImmutableArray();
    }
}
