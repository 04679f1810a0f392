using System.Collections.Immutable;
using System.Reflection;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Tests;

/// <summary>
/// Rule tests on the real types of the other project kinds the package claims: .NET Framework 4.8 (System.Web) from
/// Microsoft.NETFramework.ReferenceAssemblies.net48, and the Azure Functions isolated worker (HttpRequestData,
/// HttpResponseData) from its packages, both restored by the test project (see its csproj) and found here offline.
/// </summary>
internal static class ProjectKinds
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_netFramework48 = new(() =>
    {
        var root = Path.Combine(PackageFolder("Net48ReferenceAssemblies"), "build", ".NETFramework", "v4.8");
        return Dlls(root).Concat(Dlls(Path.Combine(root, "Facades"))).ToImmutableArray();
    });

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_functionsWorker = new(() => ReferenceAssemblies.NetCore
        .AddRange(Dlls(Path.Combine(PackageFolder("FunctionsWorkerCore"), "lib", "net8.0")))
        .AddRange(Dlls(Path.Combine(PackageFolder("FunctionsWorkerHttp"), "lib", "netstandard2.0")))
        .AddRange(Dlls(Path.Combine(PackageFolder("FunctionsWorkerAbstractions"), "lib", "netstandard2.0"))));

    /// <summary>Compiles the sources as a .NET Framework 4.8 class library referencing System.Web (no ASP.NET Core, no implicit usings).</summary>
    public static ProjectBuilder OnNetFramework48(this ProjectBuilder builder)
        => builder.WithoutAspNetCore().WithTest(test => Replace(test, s_netFramework48.Value));

    /// <summary>Compiles the sources as an Azure Functions isolated-worker library (.NET and the worker's HTTP types, no ASP.NET Core).</summary>
    public static ProjectBuilder OnFunctionsWorker(this ProjectBuilder builder)
        => builder.WithoutAspNetCore().WithTest(test => Replace(test, s_functionsWorker.Value));

    private static void Replace(CorsTest test, ImmutableArray<MetadataReference> references)
    {
        foreach (var state in new[] { test.TestState, test.FixedState, test.BatchFixedState })
        {
            if (state.AdditionalReferences.Count > 0)
            {
                state.AdditionalReferences.Clear();
                state.AdditionalReferences.AddRange(references);
            }
        }
    }

    private static string PackageFolder(string key)
    {
        var folder = typeof(ProjectKinds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value;
        return string.IsNullOrEmpty(folder) || !Directory.Exists(folder)
            ? throw new InvalidOperationException($"The package folder '{key}' was not restored with the test project (got '{folder}').")
            : folder;
    }

    /// <summary>The managed assemblies of a folder (net48's has two native ones, System.EnterpriseServices.Thunk/Wrapper).</summary>
    private static IEnumerable<MetadataReference> Dlls(string folder)
        => Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.dll").Where(IsManaged).OrderBy(p => p, StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            : throw new InvalidOperationException($"No assemblies folder '{folder}'.");

    private static bool IsManaged(string path)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        return reader.HasMetadata && System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader).IsAssembly;
    }
}
