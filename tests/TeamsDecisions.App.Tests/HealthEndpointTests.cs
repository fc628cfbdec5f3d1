using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

[TestClass]
public sealed class HealthEndpointTests
{
    [TestMethod]
    public async Task Healthz_StoreReachable_Returns200WithTheStoreHealthy()
    {
        // Arrange
        await using var host = AppHost.WithAzurite();
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("Healthy", body.RootElement.GetProperty("status").GetString());
        var store = body.RootElement.GetProperty("checks").GetProperty("store");
        Assert.AreEqual("Healthy", store.GetProperty("status").GetString());
        Assert.AreEqual($"http://127.0.0.1:{AzuriteAssembly.Azurite.Port}/devstoreaccount1", store.GetProperty("data").GetProperty("endpoint").GetString());
        Assert.DoesNotContain(Azurite.AccountKey, body.RootElement.GetRawText(), "The health report must not leak the account key.");
    }

    [TestMethod]
    public async Task Healthz_StoreUnreachable_ReportsDegradedSayingWhy()
    {
        // Arrange: a loopback port nobody listens on.
        int deadPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var host = new AppHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString.Replace($":{AzuriteAssembly.Azurite.Port}/", $":{deadPort}/", StringComparison.Ordinal),
        });
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Assert
        // The app is alive and recovers by itself when the store answers again: recycling it would not help.
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("Degraded", body.RootElement.GetProperty("status").GetString());
        var store = body.RootElement.GetProperty("checks").GetProperty("store");
        Assert.AreEqual("Degraded", store.GetProperty("status").GetString());
        StringAssert.Contains(store.GetProperty("description").GetString(), "Table Storage");
    }

    [TestMethod]
    public async Task Startup_WithAzurite_CreatesTheTables()
    {
        // Arrange
        var prefix = "boot" + Guid.NewGuid().ToString("N")[..10];
        await using var host = new AppHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
        });

        // Act
        using var client = host.CreateClient();
        var service = new Azure.Data.Tables.TableServiceClient(AzuriteAssembly.Azurite.ConnectionString);
        var tables = new List<string>();
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(prefix) >= 0))
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                tables.Add(table.Name[prefix.Length..]);
            }
        }

        // Assert
        CollectionAssert.AreEquivalent(new[] { "Rfcs", "TeamIndex", "DueWindows", "Decisions", "TeamSettings", "Conversations", "Outbox", "MeetingTests", "MeetingPrompts" }, tables);
    }
}

/// <summary>Start-up validation as an operator sees it: the real app process exits at once, naming the key to fix.</summary>
[TestClass]
public sealed class StartupValidationTests
{
    [TestMethod]
    public async Task Startup_NoStorageConfigured_FailsNamingTheKeys()
    {
        // Act
        var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>());

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "Storage:ConnectionString");
        StringAssert.Contains(output, "Storage:TableServiceUri");
    }

    [TestMethod]
    public async Task Startup_BothStorageSettings_FailsSayingToChooseOne()
    {
        // Act
        var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage__TableServiceUri"] = "https://contoso.table.core.windows.net",
        });

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "exactly one of Storage:ConnectionString");
    }

    [TestMethod]
    public async Task Startup_SearchCatchUpIntervalZero_FailsNamingTheKey()
    {
        // Act
        var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["Search__CatchUpInterval"] = "00:00:00",
        });

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "Search:CatchUpInterval");
    }

    [TestMethod]
    public async Task Startup_BadTablePrefix_FailsNamingTheKey()
    {
        // Act
        var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage__TablePrefix"] = "has-dashes",
        });

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "Storage:TablePrefix");
    }

    [TestMethod]
    public async Task Startup_LocalModeInProduction_FailsNamingBotAppId()
    {
        // Act
        var (exitCode, output) = await AppProcess.RunAsync(
            new Dictionary<string, string> { ["Storage__ConnectionString"] = "UseDevelopmentStorage=true" },
            environment: "Production");

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "Bot:AppId is required in Production");
    }

    [TestMethod]
    public async Task Startup_AppIdWithoutAnyCredential_FailsNamingTheChoices()
    {
        // Act
        var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["Bot__AppId"] = "5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21",
        });

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "Bot:ClientSecret");
    }

    [TestMethod]
    public async Task Startup_CalendarOnWithoutGraphIdentity_FailsNamingTheFeatureAndTheGraphKeys()
    {
        // Act
        var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["Calendar__Enabled"] = "true",
        });

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(output, "Calendar:Enabled=true (meeting prompts from calendars) needs a Microsoft Graph identity");
        StringAssert.Contains(output, "Graph:UseManagedIdentity=true");
    }
}

/// <summary>Runs the built app as its own process with only the given settings, on a loopback port.</summary>
internal static class AppProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IDictionary<string, string> settings, string environment = "Development")
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Storage__", StringComparison.Ordinal) || k.StartsWith("Bot__", StringComparison.Ordinal) || k.StartsWith("TabAuth__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException("The app did not stop: start-up validation let it run.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
