using System.Diagnostics;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class StoreProxyTests
{
    [TestMethod]
    public async Task Requests_OneGetEntity_CountsOne()
    {
        // Arrange
        await using var proxy = StoreProxy.Start(AzuriteAssembly.Azurite.Port);
        using var http = new HttpClient();
        var table = await NewTableAsync(proxy, http);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Text"] = "GET /devstoreaccount1/Other HTTP/1.1" });
        var before = proxy.Snapshot();

        // Act
        await table.GetEntityAsync<TableEntity>("p", "r");

        // Assert
        Assert.AreEqual(1, proxy.Snapshot().Since(before).Requests);
        Assert.AreEqual(0, proxy.FramingErrors);
    }

    [TestMethod]
    public async Task Requests_TransactionOfFiveEntities_CountsOne()
    {
        // Arrange
        await using var proxy = StoreProxy.Start(AzuriteAssembly.Azurite.Port);
        using var http = new HttpClient();
        var table = await NewTableAsync(proxy, http);
        var actions = Enumerable.Range(1, 5)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}") { ["Body"] = new string('x', 20_000) }))
            .ToList();
        var before = proxy.Snapshot();

        // Act
        await table.SubmitTransactionAsync(actions);
        var afterBatch = proxy.Snapshot();
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == "p"))
        {
            rows++;
        }

        // Assert
        Assert.AreEqual(1, afterBatch.Since(before).Requests, "a $batch is one request, whatever its multipart body holds");
        Assert.AreEqual(2, proxy.Snapshot().Since(before).Requests, "the request after the batch is counted as the next one");
        Assert.AreEqual(5, rows);
        Assert.AreEqual(0, proxy.FramingErrors);
    }

    [TestMethod]
    public async Task Stall_CallInFlight_TimesOutThenWorksAfterHeal()
    {
        // Arrange
        await using var proxy = StoreProxy.Start(AzuriteAssembly.Azurite.Port);
        using var http = new HttpClient();
        var table = await NewTableAsync(proxy, http);
        var before = proxy.Snapshot();
        proxy.Stall();

        // Act
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<OperationCanceledException>(() => table.AddEntityAsync(new TableEntity("p", "stalled"), timeout.Token));
        watch.Stop();
        var whileStalled = proxy.Snapshot().Since(before).Requests;
        proxy.Heal();
        await table.AddEntityAsync(new TableEntity("p", "healed"));

        // Assert
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), watch.Elapsed, "the call waited for its timeout");
        Assert.AreEqual(0, whileStalled, "nothing was forwarded while stalled");
        Assert.AreEqual("healed", (await table.GetEntityAsync<TableEntity>("p", "healed")).Value.RowKey);
    }

    [TestMethod]
    public async Task Refuse_NewConnection_FailsFastThenWorksAfterHeal()
    {
        // Arrange
        await using var proxy = StoreProxy.Start(AzuriteAssembly.Azurite.Port);
        using var http = new HttpClient();
        var table = await NewTableAsync(proxy, http);
        proxy.Refuse();
        proxy.DropAll();

        // Act
        var watch = Stopwatch.StartNew();
        // The SDK wraps a refused connection in RequestFailedException, except when the reset lands mid-write: then the
        // socket's own error escapes (StoreErrors translates both to "the store is unavailable").
        var failure = await Assert.ThrowsAsync<Exception>(() => table.AddEntityAsync(new TableEntity("p", "refused")));
        Assert.IsTrue(failure is RequestFailedException or System.Net.Sockets.SocketException or IOException, failure.ToString());
        watch.Stop();
        proxy.Heal();
        await table.AddEntityAsync(new TableEntity("p", "healed"));

        // Assert
        Assert.IsLessThan(TimeSpan.FromSeconds(2), watch.Elapsed, "a refused connection fails at once, not by timeout");
        Assert.AreEqual("healed", (await table.GetEntityAsync<TableEntity>("p", "healed")).Value.RowKey);
    }

    [TestMethod]
    public async Task DropAll_CallStalledInFlight_FailsFast()
    {
        // Arrange
        await using var proxy = StoreProxy.Start(AzuriteAssembly.Azurite.Port);
        using var http = new HttpClient();
        var table = await NewTableAsync(proxy, http);

        // A fresh pool: a request on a reused connection that breaks is re-sent by HttpClient on a new one, which would stall again.
        using var freshHttp = new HttpClient();
        var fresh = Client(proxy, freshHttp, table.Name);
        var before = proxy.Snapshot();
        proxy.Stall();
        var call = fresh.AddEntityAsync(new TableEntity("p", "dropped"));
        await WaitUntilAsync(() => proxy.Snapshot().Since(before).Connections > 0);

        // Act
        var watch = Stopwatch.StartNew();
        proxy.DropAll();
        await Assert.ThrowsAsync<RequestFailedException>(() => call);
        watch.Stop();

        // Assert
        Assert.IsLessThan(TimeSpan.FromSeconds(2), watch.Elapsed);
    }

    /// <summary>A fresh table reached through the proxy, on its own connection pool and without retries, so each fault shows as is.</summary>
    private static async Task<TableClient> NewTableAsync(StoreProxy proxy, HttpClient http)
    {
        var table = Client(proxy, http, "proxy" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        return table;
    }

    private static TableClient Client(StoreProxy proxy, HttpClient http, string tableName)
    {
        var options = new TableClientOptions { Transport = new HttpClientTransport(http) };
        options.Retry.MaxRetries = 0;
        return new TableClient(proxy.Route(AzuriteAssembly.Azurite.ConnectionString), tableName, options);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
