using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Testing;

/// <summary>
/// A team's history for the decision log tab, made through the app's own <see cref="RfcService"/> on a fake clock:
/// three decisions in July, September and October 2026 (one closed early, one extended, one with an overruled
/// concern), a withdrawn RFC, and two RFCs still open on <see cref="Now"/> (Monday 2 November 2026 09:00 UTC).
/// Alice proposes, Bob decides, Carol and Dana review.
/// </summary>
public static class TabSeed
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>When the history starts: a fake clock can only go forward, so the app's clock starts here.</summary>
    public static readonly DateTimeOffset Start = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);

    public const string Kafka = "Adopt Kafka for order events";
    public const string XmlExport = "Retire the XML export";
    public const string Builds = "Move builds to GitHub Actions";
    public const string Telemetry = "Adopt OpenTelemetry for tracing";
    public const string Flags = "Feature flags for every release";
    public const string Rust = "Rewrite the gateway in Rust";

    /// <summary>
    /// Seeds each of <paramref name="teams"/> with the same history, step by step (a fake clock only goes forward), and
    /// leaves the clock at <see cref="Now"/>; the clock must not be past <see cref="Start"/>.
    /// </summary>
    public static async Task SeedAsync(RfcService rfcs, FakeTimeProvider clock, params TeamId[] teams) =>
        await SeedAsync(rfcs, null, clock, teams);

    /// <summary>
    /// As <see cref="SeedAsync(RfcService, FakeTimeProvider, TeamId[])"/>, and with <paramref name="meetingTests"/> three
    /// meeting tests per team in October: a status update that became a thread, a decision that became an RFC, and an
    /// onboarding session kept as a meeting.
    /// </summary>
    public static async Task SeedAsync(RfcService rfcs, IMeetingTestLog? meetingTests, FakeTimeProvider clock, params TeamId[] teams)
    {
        ArgumentNullException.ThrowIfNull(rfcs);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(teams);
        var alice = new CommandContext(Sample.Alice);
        var bob = new CommandContext(Sample.Bob);
        var carol = new CommandContext(Sample.Carol);
        var dana = new CommandContext(Sample.Dana);
        var none = CancellationToken.None;
        var ids = teams.ToDictionary(t => t, _ => new Dictionary<string, RfcId>());
        var concerns = teams.ToDictionary(t => t, _ => 0);

        async Task At(DateTimeOffset at, Func<TeamId, Task> step)
        {
            clock.SetUtcNow(at);
            foreach (var team in teams)
            {
                await step(team);
            }
        }

        async Task Propose(TeamId team, string title) =>
            ids[team][title] = (await rfcs.ProposeAsync(alice, team, Sample.Proposal(title), asDraft: false, none)).Rfc.Id;

        RfcId Id(TeamId team, string title) => ids[team][title];

        // DEC-0001, July: Carol approves, Dana comments, Carol's concern is resolved; Bob closes early and accepts.
        await At(Start, t => Propose(t, Kafka));
        await At(Start.AddHours(5), async t =>
        {
            await rfcs.CastVoteAsync(carol, Id(t, Kafka), VoteKind.Approve, null, none);
            await rfcs.AddCommentAsync(dana, Id(t, Kafka), "Retention of 7 days covers our replay needs.", CommentSource.Card, none);
            var concern = (await rfcs.RaiseConcernAsync(carol, Id(t, Kafka), "On-call load", "Who carries the pager?", none)).Rfc.Concerns[^1].Id;
            await rfcs.ResolveConcernAsync(carol, Id(t, Kafka), concern, "Platform team carries it.", none);
        });
        await At(Start.AddDays(1).AddHours(5), t => rfcs.ResolveAsync(bob, Id(t, Kafka), Sample.Accept(earlyCloseReason: "Everyone required has answered."), none));

        // DEC-0002, September: Dana objects, Bob extends the window, then rejects after it closed.
        var september = new DateTimeOffset(2026, 9, 7, 9, 0, 0, TimeSpan.Zero);
        await At(september, t => Propose(t, XmlExport));
        await At(september.AddHours(30), async t =>
        {
            await rfcs.CastVoteAsync(dana, Id(t, XmlExport), VoteKind.Object, "Two customers still import it every night.", none);
            await rfcs.ExtendWindowAsync(bob, Id(t, XmlExport), 2, "Waiting for the customers' answer.", none);
        });
        await At(september.AddDays(13), t => rfcs.ResolveAsync(bob, Id(t, XmlExport), Reject(), none));

        // DEC-0003, October: Dana's concern is overruled; accepted after the window.
        var october = new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);
        await At(october, t => Propose(t, Builds));
        await At(october.AddHours(20), async t =>
        {
            await rfcs.CastVoteAsync(carol, Id(t, Builds), VoteKind.ApproveWithConcerns, null, none);
            await rfcs.AddCommentAsync(carol, Id(t, Builds), "Runners must stay in our subscription.", CommentSource.Card, none);
            concerns[t] = (await rfcs.RaiseConcernAsync(dana, Id(t, Builds), "Secrets in CI", "Where do the signing keys live?", none)).Rfc.Concerns[^1].Id;
        });
        await At(october.AddDays(9).AddHours(20), t =>
            rfcs.ResolveAsync(bob, Id(t, Builds), Sample.Accept(overrules: [new ConcernOverrule(concerns[t], "Keys stay in Key Vault; the runner only gets a short-lived token.")]), none));

        // Withdrawn by its author in October.
        var withdrawn = new DateTimeOffset(2026, 10, 19, 9, 0, 0, TimeSpan.Zero);
        await At(withdrawn, t => Propose(t, Rust));
        await At(withdrawn.AddDays(1), t => rfcs.WithdrawAsync(alice, Id(t, Rust), "Not this year: the gateway is stable.", none));

        // Still open on Now: Carol voted on the first; nobody on the second yet.
        var open = new DateTimeOffset(2026, 10, 29, 9, 0, 0, TimeSpan.Zero);
        await At(open, t => Propose(t, Telemetry));
        await At(open.AddHours(3), t => rfcs.CastVoteAsync(carol, Id(t, Telemetry), VoteKind.Approve, null, none));
        await At(Now.AddHours(-1), t => Propose(t, Flags));
        if (meetingTests is not null)
        {
            foreach (var team in teams)
            {
                await meetingTests.RecordAsync(new MeetingTestRecord(Sample.Alice, new DateTimeOffset(2026, 10, 12, 9, 0, 0, TimeSpan.Zero), "Weekly status", MeetingPurpose.StatusUpdate, MeetingVerdict.MakeItAThread, MeetingChoice.AsyncThread, null, team), none);
                await meetingTests.RecordAsync(new MeetingTestRecord(Sample.Bob, new DateTimeOffset(2026, 10, 13, 9, 0, 0, TimeSpan.Zero), "Pick a queue", MeetingPurpose.Decision, MeetingVerdict.MakeItAnRfc, MeetingChoice.Rfc, null, team), none);
                await meetingTests.RecordAsync(new MeetingTestRecord(Sample.Carol, new DateTimeOffset(2026, 10, 14, 9, 0, 0, TimeSpan.Zero), "New joiners' intro", MeetingPurpose.Onboarding, MeetingVerdict.KeepTheMeeting, MeetingChoice.KeptMeeting, "Onboarding keeps its meeting.", team), none);
            }
        }

        clock.SetUtcNow(Now);
    }

    private static ResolutionRequest Reject() => new(
        DecisionOutcome.Rejected,
        "Two customers still depend on the nightly XML import, and the cost of keeping it is one small job a month.",
        null,
        [new AlternativeNotChosen("Kafka", "Not what this RFC is about."), new AlternativeNotChosen("Service Bus", "Not what this RFC is about."), new AlternativeNotChosen("Status quo", "Kept: the export stays.")],
        null,
        []);
}
