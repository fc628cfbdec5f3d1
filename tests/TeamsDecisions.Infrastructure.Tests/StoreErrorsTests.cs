using System.Net;
using System.Net.Sockets;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

/// <summary>The storage ports the app resolves speak only the Core's exceptions: no Azure SDK type crosses into App.</summary>
[TestClass]
public sealed class StoreErrorsTests
{
    private static readonly RfcId Id = new(new TeamId("19:errors@thread.tacv2"), new RfcNumber(7));

    [TestMethod]
    public async Task Translate_ReadFailsWith503_StoreUnavailableNothingSaved()
    {
        // Arrange
        var inner = new Mock<IRfcStore>();
        inner.Setup(s => s.FindAsync(Id, It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException(503, "Server busy"));
        var store = StoreErrors.Translate(inner.Object);

        // Act
        var ex = await Assert.ThrowsExactlyAsync<StoreUnavailableException>(() => store.FindAsync(Id, CancellationToken.None));

        // Assert
        Assert.IsFalse(ex.MayHaveBeenSaved);
        Assert.IsInstanceOfType<RequestFailedException>(ex.InnerException);
    }

    [TestMethod]
    public async Task Translate_SocketErrorEscapesTheSdk_ReadIsStoreUnavailableNothingSaved()
    {
        // Arrange: a connection reset mid-write can surface as the socket's own error, not wrapped by the SDK.
        var inner = new Mock<IRfcStore>();
        inner.Setup(s => s.FindAsync(Id, It.IsAny<CancellationToken>())).ThrowsAsync(new SocketException((int)SocketError.NotConnected));
        var store = StoreErrors.Translate(inner.Object);

        // Act
        var ex = await Assert.ThrowsExactlyAsync<StoreUnavailableException>(() => store.FindAsync(Id, CancellationToken.None));

        // Assert
        Assert.IsFalse(ex.MayHaveBeenSaved);
        Assert.IsInstanceOfType<SocketException>(ex.InnerException);
    }

    [TestMethod]
    public async Task Translate_WriteGetsNoAnswer_StoreUnavailableMayHaveBeenSaved()
    {
        // Arrange: status 0 is how the SDK reports a request that got no HTTP answer.
        var inner = new Mock<IRfcStore>();
        inner.Setup(s => s.ExecuteAsync(Id, It.IsAny<CommandContext>(), It.IsAny<RfcCommand>(), It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException(0, "Connection reset"));
        var store = StoreErrors.Translate(inner.Object);

        // Act
        var ex = await Assert.ThrowsExactlyAsync<StoreUnavailableException>(() => store.ExecuteAsync(Id, new CommandContext(Sample.Alice), _ => [], CancellationToken.None));

        // Assert
        Assert.IsTrue(ex.MayHaveBeenSaved);
    }

    [TestMethod]
    public async Task Translate_StoreRefusesWith403_StoreWriteFailedNamingTheStatus()
    {
        // Arrange
        var inner = new Mock<IConversationStore>();
        inner.Setup(s => s.SaveTeamAsync(It.IsAny<TeamConversation>(), It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException(403, "Forbidden", "AuthorizationFailure", null));
        var store = StoreErrors.Translate(inner.Object);

        // Act
        var ex = await Assert.ThrowsExactlyAsync<StoreWriteFailedException>(() => store.SaveTeamAsync(new TeamConversation(Id.Team, "t", "n", new Uri("https://example.test/"), Id.Team.Value), CancellationToken.None));

        // Assert
        StringAssert.Contains(ex.Message, "403 AuthorizationFailure");
    }

    [TestMethod]
    public async Task Translate_DomainRefusalAndResults_PassThroughUnchanged()
    {
        // Arrange
        var inner = new Mock<IRfcStore>();
        var refusal = new DomainRuleException(Rules.VoteOnlyWhileOpen, "Closed.");
        inner.Setup(s => s.ExecuteAsync(Id, It.IsAny<CommandContext>(), It.IsAny<RfcCommand>(), It.IsAny<CancellationToken>())).ThrowsAsync(refusal);
        inner.Setup(s => s.IsChannelCardBehindAsync(Id, It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var store = StoreErrors.Translate(inner.Object);

        // Act
        var thrown = await Assert.ThrowsExactlyAsync<DomainRuleException>(() => store.ExecuteAsync(Id, new CommandContext(Sample.Alice), _ => [], CancellationToken.None));
        var behind = await store.IsChannelCardBehindAsync(Id, CancellationToken.None);

        // Assert
        Assert.AreSame(refusal, thrown);
        Assert.IsTrue(behind);
    }

    [TestMethod]
    public async Task Translate_RealStoreOnADeadPort_FindSaysTheStoreIsUnavailable()
    {
        // Arrange: the real Table Storage store, pointed at a loopback port nobody listens on.
        int deadPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var options = Options.Create(new StorageOptions { ConnectionString = AzuriteAssembly.Azurite.ConnectionString.Replace($":{AzuriteAssembly.Azurite.Port}/", $":{deadPort}/", StringComparison.Ordinal), MaxConflictRetries = 3 });
        var context = new TableStorageContext(options);
        var snapshots = new RfcSnapshots(context);
        var real = new TableRfcStore(context, snapshots, new RfcWriteLanes(context, snapshots, options, NullLogger<RfcWriteLanes>.Instance), new RfcIndexWriter(context, new RfcChangeLog(context, TimeProvider.System), NullLogger<RfcIndexWriter>.Instance), new DecisionLog(context, options), new TableOutbox(context), new TableNotificationOutbox(context), new RfcChangeSignal(), options, NullLogger<TableRfcStore>.Instance);
        var store = StoreErrors.Translate<IRfcStore>(real);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Act
        var ex = await Assert.ThrowsExactlyAsync<StoreUnavailableException>(() => store.FindAsync(Id, timeout.Token));

        // Assert
        Assert.IsFalse(ex.MayHaveBeenSaved);
    }
}
