using System.Diagnostics;
using System.Text;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>The outcome of one child <c>dotnet</c> process.</summary>
internal sealed record DotNetRun(string CommandLine, int ExitCode, string Output, TimeSpan Duration)
{
    /// <summary>What a failing assertion prints: the command, its exit code and everything it wrote.</summary>
    public string Describe() => $"`{CommandLine}` exited with {ExitCode} after {Duration.TotalSeconds:F1}s. Output:{Environment.NewLine}{Output}";
}

/// <summary>Runs the <c>dotnet</c> CLI as a child process with a timeout, capturing stdout and stderr together.</summary>
internal static class DotNetCli
{
    /// <summary>Generous for two shared cores; a normal run takes seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static async Task<DotNetRun> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(DotNetExecutable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would point the child build at the parent's state.
        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(name);
            }
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }
        }

        var commandLine = "dotnet " + string.Join(' ', arguments);
        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:F0}s. Output so far:{Environment.NewLine}{Snapshot(output)}");
        }

        // The parameterless wait also drains the redirected streams.
        process.WaitForExit();
        return new DotNetRun(commandLine, process.ExitCode, Snapshot(output), stopwatch.Elapsed);
    }

    /// <summary>The same dotnet host that runs the tests when it is known; otherwise the one on the PATH.</summary>
    private static string DotNetExecutable
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            var fromRoot = Path.Combine(Harness.ReferenceAssemblies.DotNetRoot, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(fromRoot) ? fromRoot : "dotnet";
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
