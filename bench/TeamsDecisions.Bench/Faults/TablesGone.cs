using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Faults.Tests;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Bench.Faults;

/// <summary>How the app's tables go while it runs.</summary>
internal enum TablesLoss
{
    /// <summary>Every table with the app's prefix deleted through the SDK; the store keeps running.</summary>
    Deleted,

    /// <summary>A fresh emulator: Azurite stopped, its data folder emptied, started again on the same port.</summary>
    FreshEmulator,
}

/// <summary>
/// The app's tables go mid-burst while the app keeps running: what the votes answer, /healthz over time, and whether
/// the new-RFC form (rfc.new) still opens. Then whether a new RFC takes a vote.
/// </summary>
internal static class TablesGone
{
    /// <summary>/healthz is given this long to come back Healthy.</summary>
    private static readonly TimeSpan HealthLimit = TimeSpan.FromSeconds(30);

    public static async Task<FaultRow> RunAsync(FaultLab lab, LabApp app, TablesLoss loss)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(app);
        var rfc = await lab.SeedAsync(app);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Task<HealthTimeline>? health = null;
        InvokeAnswer? form = null;
        using var run = await lab.BurstAsync(app, rfc, async () =>
        {
            health = HealthTimeline.WatchAsync(app.Process.BaseAddress, HealthLimit, quiet: TimeSpan.FromSeconds(10));
            if (loss == TablesLoss.Deleted)
            {
                await DeleteTablesAsync(lab.Azurite.ConnectionString, app.Prefix);
            }
            else
            {
                await lab.Azurite.StopAsync(graceful: true);
                EmptyFolder(lab.Azurite.DataFolder!);
                await lab.Azurite.RestartAsync();
            }

            lab.Progress("  tables gone; opening the new-RFC form");
            form = await CardInvoke.SendAsync(http, app.Process.BotEndpoint, lab.Connector.ServiceUrl, rfc.Team, Sample.Alice, CardVerbs.NewRfcForm, []);
        });
        var timeline = await health!;

        // Once /healthz has settled: a vote on the RFC that went with the tables, then a new RFC and a vote on it.
        var late = await CardInvoke.SendAsync(http, app.Process.BotEndpoint, lab.Connector.ServiceUrl, rfc.Team, Sample.Carol, CardVerbs.Vote, new JsonObject { ["rfc"] = rfc.Id.Number.Value, [InputIds.Vote] = nameof(VoteKind.Approve) });
        string afterwards;
        try
        {
            var fresh = await lab.SeedAsync(app);
            using var one = new VoteBurst(app.Process.BotEndpoint, lab.Connector.ServiceUrl, fresh.Id, voters: 1);
            var vote = (await one.SendAsync(one.Voters)).Single();
            await using var view = lab.View(app.Prefix);
            var stored = (await view.ReadAsync(fresh.Id)).Ballots.ContainsKey(vote.Voter.Id);
            afterwards = $"a new RFC's vote {Describe(vote.Answer)}{(stored ? string.Empty : ", **not stored**")}";
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or InvalidOperationException or TeamsDecisions.Core.StoreUnavailableException)
        {
            afterwards = $"a new RFC could not be seeded ({ex.GetType().Name})";
        }

        var classes = run.Answers.ClassesWithReasons();
        var lateText = late.IsErrorCard && late.Texts.Count > 1 ? $"“{late.Texts[1]}”" : Describe(late);
        var what = loss == TablesLoss.Deleted ? "tables deleted while the app runs" : "a fresh emulator while the app runs";
        return new FaultRow(
            what,
            $"votes: {classes}{(classes.Contains(lateText, StringComparison.Ordinal) ? string.Empty : $"; later: {lateText}")}; /healthz {timeline}; `rfc.new`: {Describe(form!)}; {afterwards}",
            "—",
            run.Answers.Odd());
    }

    /// <summary>"the form (card)", "error card “⚠ …: …”", "HTTP 500".</summary>
    public static string Describe(InvokeAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Card is null)
        {
            return answer.Status == System.Net.HttpStatusCode.OK ? "HTTP 200 without a card" : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)answer.Status}");
        }

        if (answer.IsErrorCard)
        {
            return answer.Texts.Count > 1 ? $"error card “{BurstAnswers.Shorten(answer.Texts[1], 100)}”" : "error card";
        }

        return answer.Ids.Contains(InputIds.Title) ? "form card" : $"card “{BurstAnswers.Shorten(answer.Texts.Count > 0 ? answer.Texts[0] : string.Empty, 80)}”";
    }

    private static string Describe(VoteAnswer answer) => answer switch
    {
        VoteAnswer.Saved => "saved",
        VoteAnswer.NotSaved => "'not saved'",
        VoteAnswer.Unconfirmed => "'not confirmed'",
        VoteAnswer.NoAnswer => "unanswered",
        _ => "answered unexpectedly",
    };

    /// <summary>Deletes every table whose name starts with <paramref name="prefix"/>.</summary>
    private static async Task DeleteTablesAsync(string connectionString, string prefix)
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
    }

    private static void EmptyFolder(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Delete(file);
        }

        foreach (var directory in Directory.EnumerateDirectories(folder))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
