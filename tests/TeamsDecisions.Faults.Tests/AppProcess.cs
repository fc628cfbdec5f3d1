using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeamsDecisions.Faults.Tests;

/// <summary>
/// The built app run as its own process, as it runs in production: <c>dotnet TeamsDecisions.App.dll</c> in the
/// Development environment and local mode (no Bot:AppId: unauthenticated activities from loopback), on a fixed
/// loopback port, configured only through environment variables. It can be killed (SIGKILL) and started again on
/// the same port and store.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string> settings;
    private readonly string pagesFolder;
    private readonly StringBuilder output = new();
    private Process? process;

    private AppProcess(int port, string connectionString, string tablePrefix, IReadOnlyDictionary<string, string>? extra)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        pagesFolder = Path.Combine(Path.GetTempPath(), "teamsdecisions-faults-" + Guid.NewGuid().ToString("N")[..8]);
        settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = BaseAddress.AbsoluteUri.TrimEnd('/'),
            ["Storage__ConnectionString"] = connectionString,
            ["Storage__TablePrefix"] = tablePrefix,
            ["Publishing__LocalFolder"] = pagesFolder,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
    }

    public Uri BaseAddress { get; }

    public Uri BotEndpoint => new(BaseAddress, "api/messages");

    /// <summary>What the process wrote to stdout and stderr, across restarts, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the app; <paramref name="extra"/> adds or overrides settings, e.g. <c>Bot__InvokeBudget</c>.</summary>
    public static async Task<AppProcess> StartAsync(string connectionString, string tablePrefix, IReadOnlyDictionary<string, string>? extra = null)
    {
        var app = new AppProcess(FreePort(), connectionString, tablePrefix, extra);
        try
        {
            await app.LaunchAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, by PID: no shutdown hooks, no flushing, requests in flight are cut.</summary>
    public async Task KillAsync()
    {
        var running = process ?? throw new InvalidOperationException("The app is not running.");
        running.Kill();
        await running.WaitForExitAsync();
    }

    /// <summary>Starts the app again with the same settings: the same port and the same store.</summary>
    public Task RestartAsync() =>
        process is { HasExited: false } ? throw new InvalidOperationException("The app is still running.") : LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (Directory.Exists(pagesFolder))
        {
            Directory.Delete(pagesFolder, recursive: true);
        }
    }

    private async Task LaunchAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TeamsDecisions.App.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);

        // Nothing from the test runner's environment may switch authentication on or point the app elsewhere.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Bot__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("APPLICATIONINSIGHTS", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        process?.Dispose();
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Record($"--- started {dll} as PID {process.Id} on {BaseAddress}");
        await WaitUntilHealthyAsync();
    }

    /// <summary>/healthz answers 200 once the app is up and reaches its store.</summary>
    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The app did not become healthy on {BaseAddress} within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Record(string? line)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
