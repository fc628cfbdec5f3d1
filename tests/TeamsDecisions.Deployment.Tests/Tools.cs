using System.Diagnostics;
using TeamsDecisions.Testing;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]

namespace TeamsDecisions.Deployment.Tests;

/// <summary>Runs the offline tools the deployment checks need: the Bicep CLI (NuGet package) and node scripts.</summary>
internal static class Tools
{
    public static string Bicep { get; } = FindBicep();

    public static (int ExitCode, string StdOut, string StdErr) Run(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in 3 minutes.");
        }

        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string FindBicep()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var bicep = Path.Combine(packages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        if (!File.Exists(bicep))
        {
            throw new FileNotFoundException($"The Bicep CLI was not restored at {bicep}; it comes from the PackageDownload in this project.");
        }

        // NuGet does not keep the executable bit. (The package is the linux-x64 build: these checks run on Linux.)
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
        }

        return bicep;
    }
}
