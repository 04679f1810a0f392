using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>
/// The .NET and ASP.NET Core reference assemblies of the SDK installed on this machine (its packs/ folder),
/// found without any network and loaded once per test run.
/// </summary>
public static class ReferenceAssemblies
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_netCore = new(() => Load("Microsoft.NETCore.App.Ref"));
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_aspNetCore = new(() => s_netCore.Value.AddRange(Load("Microsoft.AspNetCore.App.Ref")));

    /// <summary>Microsoft.NETCore.App only: a project without ASP.NET Core.</summary>
    public static ImmutableArray<MetadataReference> NetCore => s_netCore.Value;

    /// <summary>Microsoft.NETCore.App and Microsoft.AspNetCore.App: a web project.</summary>
    public static ImmutableArray<MetadataReference> AspNetCore => s_aspNetCore.Value;

    /// <summary>The dotnet root folder: DOTNET_ROOT, else the folder that holds the running shared framework (&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/).</summary>
    public static string DotNetRoot
        => Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } fromEnv && Directory.Exists(Path.Combine(fromEnv, "packs"))
            ? fromEnv
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar), "..", "..", ".."));

    private static ImmutableArray<MetadataReference> Load(string packName)
    {
        var packDir = Path.Combine(DotNetRoot, "packs", packName);
        if (!Directory.Exists(packDir))
        {
            throw new InvalidOperationException($"Reference pack '{packName}' not found: looked for the folder '{packDir}'. Install the .NET SDK 10 with the ASP.NET Core targeting pack, or set DOTNET_ROOT.");
        }

        var runtimeMajor = Environment.Version.Major;
        var versionDir = Directory.GetDirectories(packDir)
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(x => x.Version is not null)
            .OrderByDescending(x => x.Version!.Major == runtimeMajor)
            .ThenByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"Reference pack '{packName}' has no version folder under '{packDir}'.");

        var refRoot = Path.Combine(versionDir, "ref");
        var tfmDir = Directory.Exists(refRoot)
            ? Directory.GetDirectories(refRoot).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (tfmDir is null)
        {
            throw new InvalidOperationException($"Reference pack '{packName}' has no ref/<tfm> folder under '{versionDir}'.");
        }

        var dlls = Directory.GetFiles(tfmDir, "*.dll");
        if (dlls.Length == 0)
        {
            throw new InvalidOperationException($"Reference pack '{packName}' has no assemblies in '{tfmDir}'.");
        }

        return dlls.OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
