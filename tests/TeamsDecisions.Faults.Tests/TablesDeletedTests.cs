using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Faults.Tests;

/// <summary>
/// Someone deletes all of the app's tables while it runs. Without a restart, /healthz turns Healthy again, the
/// RFC that was in them answers with an error card, and new RFCs and votes work; no answer is HTTP 500 or a stack trace.
/// </summary>
[TestClass]
public sealed class TablesDeletedTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Tables_DeletedWhileTheAppRuns_HealthRecoversGoneRfcAnswersWithErrorCardAndNewRfcTakesVotes()
    {
        // Arrange: the app as its own process; RFC-0001 open in the team with one vote cast through the app, so the
        // app has read and written the RFC before its tables go.
        await using var azurite = await Azurite.StartAsync();
        await using var connector = await StubConnector.StartAsync();
        var prefix = "gone" + Guid.NewGuid().ToString("N")[..10];
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, prefix);
        var team = Sample.NewTeam();
        Core.RfcId seeded;
        await using (var seeding = new StoreView(azurite.ConnectionString, prefix))
        {
            seeded = await seeding.SeedOpenRfcAsync(team, connector.ServiceUrl);
        }

        using var before = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, seeded, voters: 1);
        var first = (await before.SendAsync(before.Voters)).Single();
        Assert.AreEqual(VoteAnswer.Saved, first.Answer, $"Precondition: the app takes votes before the tables go. {first.Detail}");
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // Act: delete every table with the app's prefix, straight through the SDK.
        var deleted = await DeleteTablesAsync(azurite.ConnectionString, prefix);
        var goneVote = await CardInvoke.SendAsync(http, app.BotEndpoint, connector.ServiceUrl, team, Sample.Carol, CardVerbs.Vote, new JsonObject { ["rfc"] = seeded.Number.Value, [InputIds.Vote] = "Approve" });
        var health = await HealthyAgainAsync(http);
        var form = await CardInvoke.SendAsync(http, app.BotEndpoint, connector.ServiceUrl, team, Sample.Alice, CardVerbs.NewRfcForm, []);
        await using var view = new StoreView(azurite.ConnectionString, prefix);
        var rfc = await view.SeedOpenRfcAsync(team, connector.ServiceUrl);
        using var afterwards = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, rfc, voters: 1);
        var vote = (await afterwards.SendAsync(afterwards.Voters)).Single();
        var stored = await view.ReadAsync(rfc);

        // Assert: the tables were there and went; /healthz answered 200 throughout and turned Healthy by itself.
        TestContext.WriteLine($"Deleted {deleted.Count} tables: {string.Join(", ", deleted)}.");
        TestContext.WriteLine($"/healthz until Healthy: {string.Join(" → ", health)}.");
        TestContext.WriteLine($"Vote on the gone RFC: {string.Join(" | ", goneVote.Texts)}");
        Assert.IsGreaterThanOrEqualTo(3, deleted.Count, "The app's tables existed before the fault.");
        Assert.AreEqual("Healthy", health[^1], $"/healthz must turn Healthy again without a restart: {string.Join(" → ", health)}\n{Tail(app.Output)}");
        Assert.IsTrue(health.All(h => h is "Healthy" or "Degraded"), $"/healthz answers 200 Healthy or Degraded while it recovers, never 503: {string.Join(" → ", health)}");

        // The vote on the RFC that is gone is an error card, not a 500 or a stack trace.
        AssertCard(goneVote, "A vote on an RFC whose tables were deleted");
        Assert.IsTrue(goneVote.IsErrorCard, $"A vote on a deleted RFC must answer with an error card: {goneVote}");

        // The new-RFC form opens, and a new RFC in the same team takes a vote that is stored.
        AssertCard(form, "rfc new after the tables were deleted");
        Assert.IsFalse(form.IsErrorCard, $"The new-RFC form must open: {form}");
        CollectionAssert.Contains(form.Ids.ToList(), InputIds.Title, "The answer is the new-RFC form.");
        Assert.AreEqual(VoteAnswer.Saved, vote.Answer, $"A vote on a new RFC must be saved: {vote.Detail}\n{Tail(app.Output)}");
        Assert.AreEqual(vote.Voter.Kind, stored.Ballots.GetValueOrDefault(vote.Voter.Id));
        stored.AssertWhole();
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Vote_TablesDeletedAndRecreatedAfterTheAppCachedTheRfc_ErrorCardSaysTheRfcDoesNotExist()
    {
        // Arrange: the app has voted on RFC-0001, so it holds the RFC in memory; then every table goes and comes
        // back empty (as after any single-entity call through the app's TableNotFound policy, e.g. another instance).
        await using var azurite = await Azurite.StartAsync();
        await using var connector = await StubConnector.StartAsync();
        var prefix = "again" + Guid.NewGuid().ToString("N")[..10];
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, prefix);
        var team = Sample.NewTeam();
        await using var view = new StoreView(azurite.ConnectionString, prefix);
        var rfc = await view.SeedOpenRfcAsync(team, connector.ServiceUrl);
        using var before = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, rfc, voters: 1);
        var first = (await before.SendAsync(before.Voters)).Single();
        Assert.AreEqual(VoteAnswer.Saved, first.Answer, $"Precondition: the app takes votes before the tables go. {first.Detail}");
        var service = new TableServiceClient(azurite.ConnectionString);
        foreach (var name in await DeleteTablesAsync(azurite.ConnectionString, prefix))
        {
            await service.CreateTableIfNotExistsAsync(name);
        }

        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // Act
        var answer = await CardInvoke.SendAsync(http, app.BotEndpoint, connector.ServiceUrl, team, Sample.Carol, CardVerbs.Vote, new JsonObject { ["rfc"] = rfc.Number.Value, [InputIds.Vote] = "Approve" });

        // Assert: the voter learns the RFC is gone; "try again" would fail the same way.
        AssertCard(answer, "A vote on an RFC whose tables were deleted and created again");
        Assert.IsTrue(answer.IsErrorCard, $"A vote on a deleted RFC must answer with an error card: {answer}");
        Assert.IsTrue(answer.Texts.Any(t => t.Contains("does not exist", StringComparison.Ordinal)), $"The card must say the RFC does not exist, not to try again: {string.Join(" | ", answer.Texts)}");
        Assert.IsNull(await view.Store.FindAsync(rfc, CancellationToken.None), "Nothing was written for the deleted RFC.");
    }

    private static void AssertCard(InvokeAnswer answer, string what)
    {
        Assert.AreEqual(HttpStatusCode.OK, answer.Status, $"{what} must answer HTTP 200: {answer}");
        Assert.IsNotNull(answer.Card, $"{what} must answer with an Adaptive Card: {answer}");
        Assert.IsFalse(answer.Body.Contains("Exception", StringComparison.Ordinal) || answer.Body.Contains("   at ", StringComparison.Ordinal), $"{what} must not show a stack trace: {answer}");
    }

    /// <summary>Deletes every table whose name starts with <paramref name="prefix"/>; returns their names.</summary>
    private static async Task<List<string>> DeleteTablesAsync(string connectionString, string prefix)
    {
        var service = new TableServiceClient(connectionString);
        var names = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(table.Name);
            }
        }

        foreach (var name in names)
        {
            await service.DeleteTableAsync(name);
        }

        return names;
    }

    /// <summary>Polls /healthz until it says Healthy (or 30 s pass); every status seen, in order (the HTTP code when not 200).</summary>
    private static async Task<List<string>> HealthyAgainAsync(HttpClient http)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
            var status = response.StatusCode == HttpStatusCode.OK
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() ?? "(none)"
                : $"HTTP {(int)response.StatusCode}";
            seen.Add(status);
            if (status == "Healthy")
            {
                break;
            }

            await Task.Delay(250);
        }

        return seen;
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
