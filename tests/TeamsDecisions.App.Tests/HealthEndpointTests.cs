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
    public async Task Healthz_StoreUnreachable_Returns503SayingWhy()
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
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var store = body.RootElement.GetProperty("checks").GetProperty("store");
        Assert.AreEqual("Unhealthy", store.GetProperty("status").GetString());
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
        CollectionAssert.AreEquivalent(new[] { "Rfcs", "TeamIndex", "DueWindows", "Decisions", "TeamSettings", "Conversations" }, tables);
    }
}

[TestClass]
public sealed class StartupValidationTests
{
    [TestMethod]
    public void Startup_NoStorageConfigured_FailsNamingTheKeys()
    {
        // Arrange
        using var host = new AppHost(new Dictionary<string, string?>());

        // Act
        var failure = Assert.Throws<Exception>(() => host.CreateClient());

        // Assert
        StringAssert.Contains(failure.ToString(), "Storage:ConnectionString");
        StringAssert.Contains(failure.ToString(), "Storage:TableServiceUri");
    }

    [TestMethod]
    public void Startup_BothStorageSettings_FailsSayingToChooseOne()
    {
        // Arrange
        using var host = new AppHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:TableServiceUri"] = "https://contoso.table.core.windows.net",
        });

        // Act
        var failure = Assert.Throws<Exception>(() => host.CreateClient());

        // Assert
        StringAssert.Contains(failure.ToString(), "exactly one of Storage:ConnectionString");
    }

    [TestMethod]
    public void Startup_BadTablePrefix_FailsNamingTheKey()
    {
        // Arrange
        using var host = new AppHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:TablePrefix"] = "has-dashes",
        });

        // Act
        var failure = Assert.Throws<Exception>(() => host.CreateClient());

        // Assert
        StringAssert.Contains(failure.ToString(), "Storage:TablePrefix");
    }
}
