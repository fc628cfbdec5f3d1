using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TeamsDecisions.App;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Faults.Tests;

/// <summary>
/// The app's tables seen through its public ports (RfcService, IRfcStore, IConversationStore), wired the way the app
/// wires them but with table clients of its own: what any instance would read, whoever wrote it.
/// </summary>
internal sealed class StoreView : IAsyncDisposable
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly ServiceProvider services;

    /// <summary>The view; its commands run at <paramref name="clock"/> (default: the system's), e.g. days ago to seed an RFC whose window is due.</summary>
    /// <param name="connectionString">The store.</param>
    /// <param name="tablePrefix">The app's tables.</param>
    /// <param name="clock">The clock its commands run at.</param>
    public StoreView(string connectionString, string tablePrefix, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = connectionString,
                ["Storage:TablePrefix"] = tablePrefix,
            })
            .Build();
        services = new ServiceCollection()
            .AddSingleton(clock ?? TimeProvider.System)
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDecisionsCore()
            .AddTableStorage()
            .BuildServiceProvider();
    }

    public IRfcStore Store => services.GetRequiredService<IRfcStore>();

    public INotificationOutbox Notifications => services.GetRequiredService<INotificationOutbox>();

    /// <summary>Creates the app's tables, as the app does at start-up (for seeding before the app runs).</summary>
    public async Task CreateTablesAsync()
    {
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The team as the app stores it on install (its Connector is <paramref name="serviceUrl"/>), and the team's next
    /// RFC (RFC-0001 first) by Alice, decided by Bob, open for comment and posted in a thread of General rooted at
    /// <paramref name="messageId"/>. Its review request went out when it was posted (the outbox row says sent), so
    /// the app has nothing of it left to send.
    /// </summary>
    public async Task<RfcId> SeedOpenRfcAsync(TeamId team, Uri serviceUrl, string messageId = "1730538412345")
    {
        await services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, Tenant, "Platform Engineering", serviceUrl, team.Value), CancellationToken.None);
        var rfcs = services.GetRequiredService<RfcService>();
        var author = new CommandContext(Sample.Alice);
        var rfc = (await rfcs.ProposeAsync(author, team, Sample.Proposal(), asDraft: false, CancellationToken.None)).Rfc;
        var thread = new ThreadReference($"{team.Value};messageid={messageId}", messageId, null);
        var attached = (await rfcs.AttachThreadAsync(author, rfc.Id, thread, CancellationToken.None)).Events.OfType<ThreadAttached>().Single();
        await Notifications.MarkSentAsync(Notification.ReviewRequest(rfc.Id, attached.Sequence, attached.At).Id, thread.ConversationId, "seeded", attached.At, CancellationToken.None);
        return rfc.Id;
    }

    /// <summary>Bob accepts the RFC now (closing its window early), optionally superseding <paramref name="supersedes"/>; returns the decision.</summary>
    public async Task<DecisionNumber> AcceptAsync(RfcId id, DecisionNumber? supersedes = null)
    {
        var result = await services.GetRequiredService<RfcService>().ResolveAsync(new CommandContext(Sample.Bob), id, Sample.Accept("The incident review needs an answer this week.", supersedes), CancellationToken.None);
        return result.Rfc.Decision!.Number;
    }

    /// <summary>The RFC and its audit trail, read after everything else has settled.</summary>
    public async Task<StoredRfc> ReadAsync(RfcId id)
    {
        var rfc = await Store.FindAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"{id.Number} is not in the store.");
        var events = await Store.ReadEventsAsync(id, CancellationToken.None);
        return new StoredRfc(rfc, events);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

/// <summary>An RFC as stored, with the checks every fault must leave true.</summary>
internal sealed record StoredRfc(Rfc Rfc, IReadOnlyList<RfcEvent> Events)
{
    /// <summary>Voter id → the kind of their current vote.</summary>
    public Dictionary<string, VoteKind> Ballots =>
        Rfc.Ballots.ToDictionary(b => b.Voter.Id, b => b.Current.Kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>Voter id → how many VoteCast events they have in the audit trail.</summary>
    public Dictionary<string, int> VoteEvents =>
        Events.OfType<VoteCast>().GroupBy(e => e.Actor!.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What makes the RFC half-written, empty when it is whole: the RFC's sequence counts exactly the stored events,
    /// numbered 1..n without gaps; every ballot has its vote in the audit trail with the same kind, and every vote in
    /// the trail has its ballot.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Rfc.LastSequence != Events.Count)
        {
            problems.Add($"The RFC says its last event is #{Rfc.LastSequence}, but {Events.Count} events are stored.");
        }

        if (!Events.Select(e => e.Sequence).SequenceEqual(Enumerable.Range(1, Events.Count).Select(i => (long)i)))
        {
            problems.Add("Event sequence numbers must run 1..n without gaps or repeats.");
        }

        var lastVote = Events.OfType<VoteCast>().GroupBy(e => e.Actor!.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Kind, StringComparer.OrdinalIgnoreCase);
        var ballots = Ballots;
        var withoutEvent = ballots.Keys.Except(lastVote.Keys, StringComparer.OrdinalIgnoreCase).ToList();
        var withoutBallot = lastVote.Keys.Except(ballots.Keys, StringComparer.OrdinalIgnoreCase).ToList();
        var disagreeing = ballots.Where(b => lastVote.TryGetValue(b.Key, out var kind) && kind != b.Value).Select(b => b.Key).ToList();
        if (withoutEvent.Count > 0)
        {
            problems.Add($"{withoutEvent.Count} ballots have no vote in the audit trail, e.g. {withoutEvent[0]}.");
        }

        if (withoutBallot.Count > 0)
        {
            problems.Add($"{withoutBallot.Count} votes in the audit trail have no ballot, e.g. {withoutBallot[0]}.");
        }

        if (disagreeing.Count > 0)
        {
            problems.Add($"{disagreeing.Count} ballots differ from the voter's last vote in the audit trail, e.g. {disagreeing[0]}.");
        }

        return problems;
    }
}
