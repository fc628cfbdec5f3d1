using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards;

/// <summary>One card of the gallery: a file name and the card.</summary>
public sealed record GalleryCard(string Name, AdaptiveCard Card);

/// <summary>
/// Every card the builders make, in every state and viewer variant, filled with realistic data: long texts,
/// non-Latin names, and an RFC with 1,000 voters, 500 comments and 50 concerns. Used by the export-cards command
/// and by the schema, size and renderer tests.
/// </summary>
public static class CardGallery
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 14, 30, 0, TimeSpan.Zero);
    private static readonly TeamId Team = new("19:a3f1c0de7b5e4c2f9d8e6b4a2c0e1f3d@thread.tacv2");
    private static readonly UserRef Author = new("6b2d1a3e-0c1f-4a4e-9a57-1c1f0f8c0a01", "Zofia Wójcik");
    private static readonly UserRef Decider = new("0f7b9d7c-5f6e-4bb5-8d55-52d0b0d7a102", "田中 愛子 (Aiko Tanaka)");
    private static readonly UserRef Reviewer1 = new("9c1e3f44-2b7a-4c58-a0f4-6f6c5d3a2b03", "Иван Петров");
    private static readonly UserRef Reviewer2 = new("3a8f0e21-7d4c-4e0b-b1c9-8e2f7a6d5c04", "محمد العلي");
    private static readonly UserRef Reviewer3 = new("5d2c8b17-9e3f-4a61-8c72-1b4e6f9a0d05", "राहुल शर्मा");
    private static readonly UserRef Bystander = new("7e4a9c30-1f8b-4d27-9b63-2c5d8e1f4a06", "Søren Ødegård");
    private static readonly Uri Page = new("https://contoso.sharepoint.com/sites/eng/SitePages/dec-0042-adopt-kafka-for-order-events.aspx");
    private static readonly Uri Log = new("https://contoso.sharepoint.com/sites/eng/SitePages/decision-log.aspx");

    public static IReadOnlyList<GalleryCard> Build()
    {
        var cards = new List<GalleryCard>
        {
            new("welcome", MessageCards.Welcome("Platform Engineering", "TeamsDecisions")),
            new("help", MessageCards.Help("TeamsDecisions")),
            new("error-refused", MessageCards.Error("Your vote was not saved", "Only members of the team that owns RFC-0007 can act on it.", "Open it from its own thread in that team.", (Team, new RfcNumber(7)))),
            new("error-busy", MessageCards.Error("Your comment was not saved", "This RFC is busy with other changes right now. Nothing was saved; please try again in a moment.", "Try again in a moment.", (Team, new RfcNumber(7)), SaveState.AlreadySaid, [new("Comment", "We should also measure consumer lag under the backfill load before deciding.")])),
            new("error-not-saved-slow", MessageCards.Error("Your vote was not saved", "Not saved: the store is slow and did not answer in time.", "Try again in a minute.", (Team, new RfcNumber(7)), SaveState.NothingChanged, [new("Vote", "Object"), new("Vote reason", "Three brokers are more than on-call can carry this quarter.")])),
            new("error-not-confirmed", MessageCards.Error("Not confirmed: the store is slow", "The store did not confirm this in time, so it may or may not have been saved.", "Refresh the card in a minute to see whether it was saved; if it was not, try again.", (Team, new RfcNumber(7)), SaveState.Unknown, [new("Comment", "Retention of 14 days settles it for me.")])),
            new("error-unexpected", MessageCards.Error("The decision was not recorded", "Something went wrong on our side.", "Refresh the card to see whether your change was saved; if it was not, try again in a minute, and if it keeps failing, tell your admin.", (Team, new RfcNumber(7)), SaveState.Unknown)),
            new("new-rfc-form", NewRfcForm.Build(Team.Value, Channels, 5)),
            new("new-rfc-form-refused", NewRfcForm.Build(Team.Value, Channels, 5, new NewRfcFormValues("Ka", LongContext, LongProposal, "Kafka: managed\nService Bus", "Durability", 5, Channels[1].Id, "Title needs at least 3 characters; it has 2.", Decider.Id, $"{Reviewer1.Id},{Reviewer2.Id}")
            {
                PickedNames = new Dictionary<string, string> { [Decider.Id] = Decider.DisplayName, [Reviewer1.Id] = Reviewer1.DisplayName, [Reviewer2.Id] = Reviewer2.DisplayName },
            })),
        };

        var draft = Propose(1, asDraft: true);
        cards.Add(new("rfc-draft-shared", RfcCard.Build(draft, new CardViewer(Now))));
        cards.Add(new("rfc-draft-author", RfcCard.Build(draft, new CardViewer(Now, Author))));

        var open = OpenWithActivity(2);
        cards.Add(new("rfc-open-shared", RfcCard.Build(open, new CardViewer(Now))));
        cards.Add(new("rfc-open-author", RfcCard.Build(open, new CardViewer(Now, Author))));
        cards.Add(new("rfc-open-decider", RfcCard.Build(open, new CardViewer(Now, Decider))));
        cards.Add(new("rfc-open-reviewer-voted", RfcCard.Build(open, new CardViewer(Now, Reviewer1))));
        cards.Add(new("rfc-open-reviewer-not-voted", RfcCard.Build(open, new CardViewer(Now, Reviewer3))));
        cards.Add(new("rfc-open-concern-raiser", RfcCard.Build(open, new CardViewer(Now, Reviewer2))));
        cards.Add(new("rfc-open-bystander", RfcCard.Build(open, new CardViewer(Now, Bystander))));
        cards.Add(new("rfc-open-refused-objection", RfcCard.Build(open, new CardViewer(Now, Reviewer3), refusal: new CardRefusal(
            CardVerbs.Vote,
            "Your vote was not saved",
            "An objection needs a reason: say what would have to change for you to approve.",
            null,
            new Dictionary<string, string> { ["vote"] = "Object", [InputIds.ObjectReason] = " " }))));
        cards.Add(new("rfc-open-refused-concern", RfcCard.Build(open, new CardViewer(Now, Bystander), refusal: new CardRefusal(
            CardVerbs.RaiseConcern,
            "Your concern was not raised",
            "This RFC already has a concern named \"On-call load for brokers\".",
            "Give yours another name, or add to that one in the thread.",
            new Dictionary<string, string> { [InputIds.ConcernTitle] = "On-call load for brokers", [InputIds.ConcernDetail] = "Who carries the pager for the brokers at night, and is it in the budget?" }))));

        var large = Large(3);
        cards.Add(new("rfc-large-shared", RfcCard.Build(large, new CardViewer(Now))));
        cards.Add(new("rfc-large-decider", RfcCard.Build(large, new CardViewer(Now, Decider))));
        cards.Add(new("rfc-large-voter", RfcCard.Build(large, new CardViewer(Now, large.Ballots.Last().Voter))));

        var awaiting = OpenWithActivity(4);
        var later = Now.AddDays(6);
        cards.Add(new("rfc-awaiting-shared", RfcCard.Build(awaiting, new CardViewer(later))));
        cards.Add(new("rfc-awaiting-decider", RfcCard.Build(awaiting, new CardViewer(later, Decider))));

        var closedEarly = OpenWithActivity(5);
        closedEarly.CloseEarly(Decider, "Everyone who owns a consuming service has voted; the incident review needs an answer this week.", Now.AddHours(1));
        cards.Add(new("rfc-closed-early-decider", RfcCard.Build(closedEarly, new CardViewer(Now.AddHours(2), Decider))));

        var supersedable = new List<DecisionLogEntry>
        {
            new(new DecisionNumber(12), new RfcId(Team, new RfcNumber(30)), "Use RabbitMQ for internal events", RfcState.Accepted, Now.AddDays(-400), Decider, null, null),
            new(new DecisionNumber(9), new RfcId(Team, new RfcNumber(21)), "HTTP callbacks between services", RfcState.Accepted, Now.AddDays(-700), Decider, null, null),
        };
        cards.Add(new("resolve-form-open", ResolveForm.Build(open, new CardViewer(Now, Decider), supersedable)));
        cards.Add(new("resolve-form-awaiting", ResolveForm.Build(awaiting, new CardViewer(later, Decider), supersedable)));
        cards.Add(new("resolve-form-large", ResolveForm.Build(large, new CardViewer(later, Decider), supersedable)));

        // The resolve form at the domain's limits in CJK (3 bytes a character), fresh and refilled after a refusal.
        var max = GalleryAtLimits.Rfc(Team, 12, cjk: true, Now);
        var maxViewer = new CardViewer(Now, GalleryAtLimits.Decider(cjk: true));
        var maxForm = ResolveForm.Build(max, maxViewer, GalleryAtLimits.Supersedable(Team, cjk: true, Now));
        cards.Add(new("resolve-form-max", maxForm));
        cards.Add(new("resolve-form-max-refused", ResolveForm.Build(max, maxViewer, GalleryAtLimits.Supersedable(Team, cjk: true, Now), GalleryAtLimits.FillEveryInput(maxForm, cjk: true), $"\"{max.Options[0].ShortName}\" is the chosen option, so it cannot also be an alternative not chosen.")));

        var accepted = OpenWithActivity(6);
        Resolve(accepted, DecisionOutcome.Accepted, 42, new DecisionNumber(12));
        cards.Add(new("final-accepted-published", FinalCard.Build(accepted, new CardLinks(Page, Log))));
        cards.Add(new("final-accepted-publishing", FinalCard.Build(accepted, new CardLinks(null, Log))));
        cards.Add(new("final-accepted-publishing-failed", FinalCard.Build(accepted, new CardLinks(null, Log, "Publishing the decision page is failing (SharePoint answered 503); it is retried automatically. The decision itself is saved."))));

        var rejected = OpenWithActivity(7);
        Resolve(rejected, DecisionOutcome.Rejected, 43, null);
        cards.Add(new("final-rejected", FinalCard.Build(rejected, new CardLinks(Page, Log))));

        var deferred = OpenWithActivity(8);
        Resolve(deferred, DecisionOutcome.Deferred, 44, null);
        cards.Add(new("final-deferred", FinalCard.Build(deferred, new CardLinks(Page, Log))));

        var withdrawn = OpenWithActivity(9);
        withdrawn.Withdraw(Author, "Superseded by the broader messaging RFC (RFC-0011); comments there please.", Now.AddHours(3));
        cards.Add(new("final-withdrawn-by-author", FinalCard.Build(withdrawn, new CardLinks(null, Log))));

        var superseded = OpenWithActivity(10);
        Resolve(superseded, DecisionOutcome.Accepted, 30, null);
        superseded.MarkSuperseded(Decider, new DecisionNumber(57), Now.AddDays(200));
        cards.Add(new("final-superseded", FinalCard.Build(superseded, new CardLinks(Page, Log))));

        cards.Add(new("rfc-posted", ConversationCards.RfcPosted(open, "Architecture", new Uri("https://teams.microsoft.com/l/message/19:5b7e9d1c3a2f4e6d8c0b1a3e5f7d9c2b@thread.tacv2/1795765595425"))));
        cards.Add(new("rfc-not-posted", ConversationCards.RfcNotPosted(open, "Architecture", "Teams did not accept the post (it may be busy).", new NewRfcData
        {
            Team = open.Id.Team.Value,
            FormId = "0f5d2c8a9b7e4f1aa6c3d2e1f0b9a8c7",
            Title = open.Title,
            Context = open.Context,
            Proposal = open.Proposal,
            WindowDays = 5,
            Channel = "19:5b7e9d1c3a2f4e6d8c0b1a3e5f7d9c2b@thread.tacv2",
        })));
        cards.Add(new("rfc-list", ConversationCards.RfcList("Platform Engineering", [Summary(open), Summary(awaiting), Summary(large)], Now)));
        cards.Add(new("rfc-list-empty", ConversationCards.RfcList("Platform Engineering", [], Now)));
        cards.Add(new("window-closed", ConversationCards.WindowClosed(awaiting)));

        var meeting = new MeetingData
        {
            Team = Team.Value,
            MeetingTitle = "Weekly architecture sync — Lyon, Warsaw & Singapore",
            MeetingAgenda = "Kafka retention: 7 or 14 days?\nWho owns the broker runbook?\nMigration order of the consumers",
            MeetingPurpose = nameof(Core.Meetings.MeetingPurpose.StatusUpdate),
            MeetingRealTime = "false",
            MeetingVisual = "false",
            MeetingShared = "false",
            MeetingAttendees = 12,
            MeetingTimeZones = 3,
        };
        cards.Add(new("meeting-test-form", MeetingCards.Questionnaire(Team.Value)));
        cards.Add(new("meeting-test-form-refused", MeetingCards.Questionnaire(Team.Value, meeting with { MeetingAttendees = 0 }, "Say how many people attend (1 to 1,000).")));
        foreach (var (name, purpose, realTime) in new[] { ("thread", "StatusUpdate", "false"), ("rfc", "Decision", "false"), ("keep", "EarlyBrainstorming", "false"), ("short", "Decision", "true") })
        {
            var answers = meeting with { MeetingPurpose = purpose, MeetingRealTime = realTime };
            var advice = Core.Meetings.MeetingTest.Evaluate(new Core.Meetings.MeetingProfile(Enum.Parse<Core.Meetings.MeetingPurpose>(purpose), realTime == "true", false, false, 12, 3, 4));
            cards.Add(new($"meeting-test-{name}", MeetingCards.Advice(advice, answers, Channels, Now.AddHours(24))));
        }

        cards.Add(new("meeting-test-personal", MeetingCards.Advice(Core.Meetings.MeetingTest.Evaluate(new Core.Meetings.MeetingProfile(Core.Meetings.MeetingPurpose.InformationSharing, false, false, false, 5, 1)), meeting with { Team = null, MeetingPurpose = "InformationSharing" }, [], Now.AddHours(24))));
        cards.Add(new("meeting-thread", MeetingCards.Thread(meeting.MeetingTitle!, ["Kafka retention: 7 or 14 days?", "Who owns the broker runbook?", "Migration order of the consumers"], Now.AddHours(24), "田中 愛子 (Aiko Tanaka)")));
        cards.Add(new("meeting-thread-posted", MeetingCards.ThreadPosted(meeting.MeetingTitle!, "Architecture", Now.AddHours(24))));
        cards.Add(new("meeting-kept", MeetingCards.Kept("Friday demo", "It is the team's one shared moment of the week; we record it for Singapore.")));

        var sync = new Core.Meetings.RecurringSeries(
            "AAMkAGI2TGuLAAA=",
            "Architecture sync",
            Author.Id,
            [
                new("zofia@contoso.example", "Europe/Warsaw"), new("ivan@contoso.example", "Europe/Paris"), new("aiko@contoso.example", "Asia/Singapore"),
                new("li@contoso.example", "Asia/Singapore"), new("wei@contoso.example", "Singapore Standard Time"), new("ana@contoso.example", "Europe/Paris"),
            ],
            [.. Enumerable.Range(0, 4).Select(w => new Core.Meetings.MeetingOccurrence(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero).AddDays(7 * w), new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero).AddDays(7 * w)))],
            "weekly");
        cards.Add(new("meeting-prompt", MeetingCards.Prompt(Core.Meetings.MeetingCosts.Price(sync))));
        cards.Add(new("meeting-prompt-note", MeetingCards.Note("OK, not now. I'll ask about Architecture sync again next quarter.")));

        var largeDecided = Large(11);
        largeDecided.Resolve(Decider, Request(largeDecided, DecisionOutcome.Accepted, null) with { Overrules = [.. largeDecided.OpenConcerns.Select(c => new ConcernOverrule(c.Id, "Accepted risk: covered by the rollout plan."))] }, new DecisionNumber(45), Now.AddDays(6));
        cards.Add(new("final-large", FinalCard.Build(largeDecided, new CardLinks(Page, Log))));

        var settings = Core.Teams.TeamSettings.DefaultsFor(Team) with { TimeZone = "America/Argentina/Buenos_Aires", DesignReviewResponseHours = 72 };
        Core.Teams.TeamSettingsChange[] settingsChanges =
        [
            new(Team, Decider, Now.AddDays(-1), [nameof(settings.TimeZone), nameof(settings.DesignReviewResponseHours)], settings),
            new(Team, Author, Now.AddDays(-9), [nameof(settings.WorkingDays), nameof(settings.WorkdayStart), nameof(settings.WorkdayEnd), nameof(settings.ReminderPercent)], settings),
            new(Team, Reviewer2, Now.AddDays(-30), [nameof(settings.DefaultWindowDays)], settings),
        ];
        cards.Add(new("settings", SettingsCard.Build(settings, new SettingsViewer(true, "You own this team."), settingsChanges)));
        cards.Add(new("settings-read-only", SettingsCard.Build(settings, new SettingsViewer(false, "Only the team's owners and TeamsDecisions admins can change these settings; ask an owner of this team."), settingsChanges)));
        cards.Add(new("settings-refused", SettingsCard.Build(
            settings,
            new SettingsViewer(true, "You own this team."),
            settingsChanges,
            SettingsCard.ToData(settings) with { SettingsTimeZone = "Europe/Pariss", SettingsWorkingDays = "Monday,Tuesday,Wednesday,Thursday,Saturday" },
            "The time zone is an IANA id such as Europe/Paris, America/New_York or UTC.")));
        var remindOf = OpenWithActivity(2);
        cards.Add(new("reminder", ReminderCards.Reviewer(remindOf, Now.AddHours(12), TimeSpan.FromHours(48))));
        cards.Add(new("reminder-decider", ReminderCards.Decider(OpenWithActivity(4))));
        cards.Add(new("reminder-snoozed", ReminderCards.Snoozed(remindOf.Number, Now.AddDays(1))));
        cards.Add(new("reminder-told-author", ReminderCards.ToldAuthor(remindOf.Number, Author)));
        AddQueues(cards);
        AddSearch(cards, open);
        AddExploration(cards);
        return cards;
    }

    /// <summary>
    /// The exploration phase: slots for Paris and Warsaw (in everyone's hours, one tentative clash), the Paris–New
    /// York–Singapore case with no common hour, someone busy throughout, not configured, booked, and Write the RFC.
    /// </summary>
    private static void AddExploration(List<GalleryCard> cards)
    {
        static WorkingTime NineToFive(string zone) => new(TimeZoneInfo.FindSystemTimeZoneById(zone), WeekDaysExtensions.MondayToFriday, new TimeOnly(9, 0), new TimeOnly(17, 0));
        var monday = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
        var request = new ExplorationRequest(Team.Value, "5f0c2a7e9b1d4e3f8a6c0b2d4e6f8a0c", "Event streaming for order events", LongContext, Author, "Europe/Paris", [Decider, Reviewer1, Reviewer2]);
        var europe = Core.Meetings.ExplorationSlots.Propose(
            NineToFive("Europe/Paris"),
            [
                new(Author, NineToFive("Europe/Paris"), [new(monday.AddHours(2), monday.AddHours(3), Core.Meetings.BlockKind.Tentative)]),
                new(Decider, NineToFive("Europe/Warsaw"), []),
                new(Reviewer1, NineToFive("Europe/Berlin"), []),
                new(Reviewer2, NineToFive("Europe/Madrid"), []),
            ],
            monday);
        cards.Add(new("exploration-slots", ExplorationCards.Slots(request, europe)));
        var apart = Core.Meetings.ExplorationSlots.Propose(
            NineToFive("Europe/Paris"),
            [
                new(Author, NineToFive("Europe/Paris"), []),
                new(Decider, NineToFive("America/New_York"), []),
                new(Reviewer1, NineToFive("Asia/Singapore"), [new(monday, monday.AddDays(1), Core.Meetings.BlockKind.Busy)]),
                new(Reviewer2, NineToFive("Asia/Singapore"), []),
            ],
            monday);
        cards.Add(new("exploration-slots-no-common-hour", ExplorationCards.Slots(request, apart)));
        var busy = Core.Meetings.ExplorationSlots.Propose(
            NineToFive("Europe/Paris"),
            [new(Author, NineToFive("Europe/Paris"), [new(monday, monday.AddDays(30), Core.Meetings.BlockKind.Busy)]), new(Decider, NineToFive("Europe/Warsaw"), [])],
            monday);
        cards.Add(new("exploration-slots-everyone-busy", ExplorationCards.Slots(request with { Invitees = [Decider] }, busy)));
        cards.Add(new("exploration-not-configured", ExplorationCards.NotConfigured(
            "Graph:UseManagedIdentity=true (with Graph:ManagedIdentityClientId for a user-assigned identity), or Graph:TenantId, Graph:ClientId and Graph:ClientSecret",
            "Microsoft Graph Calendars.ReadWrite, application, with admin consent")));
        cards.Add(new("exploration-booked", ExplorationCards.Booked(request.Topic, europe.Slots[0].Start, europe.Slots[0].End, [Author, Decider, Reviewer1, Reviewer2], new Uri("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NmE0YjQ2%40thread.v2/0"))));
        cards.Add(new("exploration-write-rfc", ExplorationCards.WriteTheRfc(Team.Value, request.Topic, LongContext, [Decider, Reviewer1, Reviewer2])));
    }

    /// <summary>"my queue" in a personal chat (two teams, 12 entries: overdue first, "and 2 more"), in a channel, empty, and the digest.</summary>
    private static void AddQueues(List<GalleryCard> cards)
    {
        var data = new TeamId("19:7c2e4b9a1d3f4e5a8b6c0d2e4f6a8b0c@thread.tacv2");
        var names = new Dictionary<TeamId, string> { [Team] = "Platform Engineering", [data] = "Data Platform — ingestion, analytics and the warehouse" };
        var awaiting = OpenWithActivity(9);
        var concern = awaiting.OpenConcerns.First();
        List<QueueItem> items =
        [
            new(QueueItemKind.Decide, awaiting, Now.AddHours(-3)),
            new(QueueItemKind.Respond, Propose(10, asDraft: false), Now.AddHours(5)),
            new(QueueItemKind.Concern, OpenWithActivity(11), Now.AddDays(2), concern),
            .. Enumerable.Range(12, 9).Select(n => new QueueItem(QueueItemKind.Respond, Propose(n, asDraft: false, team: data, kind: n % 2 == 0 ? RfcKind.Routine : RfcKind.DesignReview), Now.AddHours(n * 3))),
        ];
        cards.Add(new("my-queue", QueueCards.Build(Reviewer2, items, QueueAudience.PersonalChat, Now, names)));
        cards.Add(new("my-queue-channel", QueueCards.Build(Reviewer2, [.. items.Where(i => i.Rfc.Team == Team)], QueueAudience.Team, Now, names)));
        cards.Add(new("my-queue-empty", QueueCards.Build(Reviewer2, [], QueueAudience.PersonalChat, Now, names, digestOn: true)));
        cards.Add(new("digest", QueueCards.Build(Reviewer2, [.. items.Take(4)], QueueAudience.Digest, Now, names)));
        cards.Add(new("digest-on", QueueCards.DigestSwitched(on: true, "Europe/Paris")));
    }

    /// <summary>Finding decisions: "why kafka" (5 hits, one superseded, highlighted), no results, the compact card the message extension inserts and a link unfurls to, and the RFC confirmation with related decisions.</summary>
    private static void AddSearch(List<GalleryCard> cards, Rfc open)
    {
        static Core.Search.Highlighted Mark(string text, params string[] words) => new(
            text,
            [.. words.SelectMany(w => Enumerable.Range(0, text.Length).Where(i => string.Compare(text, i, w, 0, w.Length, StringComparison.OrdinalIgnoreCase) == 0).Select(i => new Core.Search.TextSpan(i, w.Length))).OrderBy(m => m.Start)]);
        Uri Thread(int n) => new($"https://teams.microsoft.com/l/message/19:5b7e9d1c3a2f4e6d8c0b1a3e5f7d9c2b@thread.tacv2/17957655954{n:D2}");
        Uri PageOf(int n, string slug) => new($"https://contoso.sharepoint.com/sites/eng/SitePages/dec-{n:D4}-{slug}.aspx");
        Core.Search.SearchHit Hit(int rfc, int dec, string title, DecisionOutcome? outcome, int daysAgo, Core.Search.Highlighted? line, int? supersedes = null, int? supersededBy = null) => new(
            new RfcId(Team, new RfcNumber(rfc)),
            title,
            supersededBy is not null ? RfcState.Superseded : outcome?.ToState() ?? RfcState.Open,
            outcome is null ? null : new DecisionNumber(dec),
            outcome,
            Now.AddDays(-daysAgo),
            line,
            supersedes is { } s ? new DecisionNumber(s) : null,
            supersededBy is { } b ? new DecisionNumber(b) : null,
            Thread(rfc),
            1f);
        var hits = new List<Core.Search.SearchHit>
        {
            Hit(40, 42, "Adopt Kafka for order events", DecisionOutcome.Accepted, 12, Mark("Kafka gives us replay for the order backfill and per-partition ordering; the on-call load of three brokers is covered by the managed offering.", "kafka", "order"), supersedes: 12),
            Hit(30, 12, "Use RabbitMQ for internal events", DecisionOutcome.Accepted, 400, Mark("RabbitMQ was what the team knew; Kafka was rejected then because nobody could run it at night.", "kafka"), supersededBy: 42),
            Hit(44, 47, "Kafka topic retention: 14 days for order events", DecisionOutcome.Accepted, 3, Mark("Fourteen days covers the longest consumer outage we had (9 days) with margin; seven did not.", "order")),
            Hit(45, 48, "注文イベントのスキーマ管理に Kafka Schema Registry を使う", DecisionOutcome.Rejected, 20, Mark("Schema Registry は運用の負担が大きく、Kafka の JSON スキーマで十分と判断した。", "kafka")),
            Hit(51, 0, "Move analytics ingestion off Kafka Connect", null, 1, Mark("Proposal: replace the Connect cluster with the warehouse's native Kafka ingestion.", "kafka")),
        };
        var found = hits.Select(h => new FoundDecision(h, h.Decision is { } d ? PageOf(d.Value, "decision") : null)).ToList();
        cards.Add(new("search-results", SearchCards.Results("why kafka for order events", found)));
        cards.Add(new("search-no-results", SearchCards.NoResults("kakfa retension")));
        cards.Add(new("search-what", SearchCards.WhatToSearch()));
        var compact = new FoundDecision(hits[0] with { BestLine = null }, Page);
        cards.Add(new("decision-compact", SearchCards.Compact(compact, "Kafka gives us replay for the order backfill and per-partition ordering; the on-call load of three brokers is covered by the managed offering, and the team has run it for a year in the payments domain.")));
        cards.Add(new("decision-unfurl", SearchCards.Compact(new FoundDecision(hits[1] with { BestLine = null }, PageOf(12, "use-rabbitmq-for-internal-events")), "RabbitMQ was what the team knew, and the volumes then were small.")));
        cards.Add(new("rfc-posted-related", ConversationCards.RfcPosted(open, "Architecture", Thread(2), [hits[0], hits[1], hits[2]])));
    }

    /// <summary>Writes every gallery card as &lt;name&gt;.json (indented) into <paramref name="directory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Export(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var card in Build())
        {
            var path = Path.Combine(directory, card.Name + ".json");
            File.WriteAllText(path, CardJson.Serialize(card.Card, indented: true));
            paths.Add(path);
        }

        return paths;
    }

    private static readonly ChannelChoice[] Channels =
    [
        new("19:a3f1c0de7b5e4c2f9d8e6b4a2c0e1f3d@thread.tacv2", "General"),
        new("19:5b7e9d1c3a2f4e6d8c0b1a3e5f7d9c2b@thread.tacv2", "Architecture"),
        new("19:8c6a4e2d0b9f7e5c3a1d2b4f6e8a0c9d@thread.tacv2", "Platform – 基盤チーム"),
    ];

    private const string LongContext =
        "Order events are lost when the billing service restarts during a deploy: the HTTP callback fails, the retry queue lives in memory, "
        + "and nobody notices until month-end reconciliation. In the last quarter we lost 1,912 events across 14 deploys; finance corrected "
        + "invoices by hand twice. Three teams (billing, fulfilment, analytics) consume order events, each with its own retry logic, and a "
        + "fourth (loyalty) wants to start in Q1. We need durable, replayable events with at-least-once delivery and consumer-side idempotency. "
        + "This RFC compares a managed Kafka cluster, Azure Service Bus topics, and keeping the callbacks with a durable outbox.";

    private const string LongProposal =
        "Publish every order event to a managed Kafka topic (orders.v1, 12 partitions keyed by order id, 7-day retention), written through a "
        + "transactional outbox in the order service. Consumers commit offsets after processing and de-duplicate by event id. Migration in "
        + "three steps over six weeks: dual-write, switch consumers one by one, remove callbacks.";

    private static Rfc Propose(int number, bool asDraft, TeamId? team = null, RfcKind kind = RfcKind.DesignReview)
    {
        var proposal = new RfcProposal(
            "Adopt Kafka for order events — durable, replayable, and owned by the platform team",
            Decider,
            [Reviewer1, Reviewer2, Reviewer3],
            LongContext,
            LongProposal,
            [new RfcOption("Kafka", "Managed Kafka, 3 brokers, 7-day retention"), new RfcOption("Service Bus", "Azure Service Bus topics and subscriptions"), new RfcOption("Outbox + callbacks", "Keep HTTP callbacks, add a durable outbox")],
            ["Durability across restarts", "Replay for new consumers", "Operational cost", "Team familiarity"],
            [new RfcLink("Incident 2291 postmortem", new Uri("https://contoso.example/incidents/2291"))],
            Kind: kind);
        var (rfc, _) = Rfc.Propose(new RfcId(team ?? Team, new RfcNumber(number)), Author, proposal, 5, Now.AddDays(-2));
        if (!asDraft)
        {
            rfc.Open(Author, Now.AddDays(-1));
        }

        return rfc;
    }

    private static Rfc OpenWithActivity(int number)
    {
        var rfc = Propose(number, asDraft: false);
        var t = Now.AddHours(-20);
        rfc.CastVote(Reviewer1, VoteKind.Object, "Retention of 7 days is too short for the analytics backfill.", t);
        rfc.CastVote(Reviewer1, VoteKind.ApproveWithConcerns, "Fine with 14 days of retention.", t.AddHours(2));
        rfc.CastVote(Bystander, VoteKind.Approve, null, t.AddHours(3));
        rfc.CastVote(Author, VoteKind.Approve, null, t.AddHours(3.5));
        rfc.RaiseConcern(Reviewer2, "On-call load for brokers", "Who is paged at 03:00 when a broker disk fills? We need a runbook and an owner before go-live.", t.AddHours(4));
        rfc.RaiseConcern(Reviewer1, "Schema evolution", "How do we evolve event schemas without breaking the three consumers?", t.AddHours(5));
        rfc.ResolveConcern(Reviewer1, 2, "Schema registry with backward-compatible evolution, checked in CI.", t.AddHours(8));
        rfc.AddComment(Reviewer3, "We ran Kafka at my last company; the operational cost is real but manageable with the managed offering. **Not** a blocker.", CommentSource.Card, t.AddHours(6));
        rfc.AddComment(Reviewer2, "Service Bus would keep us in one vendor's tooling — worth a line on why not.", CommentSource.ThreadReply, t.AddHours(7));
        rfc.AddComment(Author, "Added a cost table to the design doc: Kafka ≈ 1,850 €/month, Service Bus Premium ≈ 1,300 €/month, outbox ≈ 0 € + 2 weeks of work.", CommentSource.Card, t.AddHours(9));
        return rfc;
    }

    private static Rfc Large(int number)
    {
        var rfc = Propose(number, asDraft: false);
        var names = new[] { "Nguyễn Văn An", "Ελένη Παπαδοπούλου", "김민준", "李伟", "Ana Lúcia Ferreira", "Ömer Yılmaz", "Chidi Okeke", "Ольга Смирнова", "أحمد حسن", "Łukasz Kowalczyk" };
        var kinds = new[] { VoteKind.Approve, VoteKind.Approve, VoteKind.ApproveWithConcerns, VoteKind.Object, VoteKind.Abstain };
        var t = Now.AddHours(-23);
        for (var i = 0; i < 1_000; i++)
        {
            var voter = new UserRef($"{i:D8}-0000-4000-8000-{i:D12}", string.Create(CultureInfo.InvariantCulture, $"{names[i % names.Length]} {i}"));
            var kind = kinds[i % kinds.Length];
            rfc.CastVote(voter, kind, kind == VoteKind.Object ? "The migration plan underestimates the consumer changes." : null, t.AddSeconds(i * 40));
        }

        for (var i = 0; i < 50; i++)
        {
            rfc.RaiseConcern(new UserRef($"c{i:D7}-0000-4000-8000-000000000000", $"{names[i % names.Length]} {i}"), $"Concern {i + 1}: {(i % 2 == 0 ? "capacity planning for peak season" : "data residency for EU customers")}", new string('…', 150), t.AddMinutes(600 + i));
        }

        for (var i = 0; i < 500; i++)
        {
            rfc.AddComment(new UserRef($"{i % 1_000:D8}-0000-4000-8000-{i % 1_000:D12}", $"{names[i % names.Length]} {i % 1_000}"), $"Comment {i + 1}: {LongContext[..Math.Min(LongContext.Length, 200 + (i % 7 * 50))]}", i % 3 == 0 ? CommentSource.ThreadReply : CommentSource.Card, t.AddMinutes(700 + i));
        }

        return rfc;
    }

    private static RfcSummary Summary(Rfc rfc) =>
        new(rfc.Id, rfc.Title, rfc.State, rfc.Author, rfc.Decider, rfc.Window?.ClosesAt, rfc.Decision?.Number, Now);

    private static ResolutionRequest Request(Rfc rfc, DecisionOutcome outcome, DecisionNumber? supersedes) => new(
        outcome,
        "Kafka gives us replay for new consumers and durability across restarts, which are the two drivers that the incident showed we lack; "
        + "two teams already run it in production, so the operational risk is known. Service Bus was close but cannot replay beyond the dead-letter queue.",
        outcome == DecisionOutcome.Accepted ? "Kafka" : null,
        outcome == DecisionOutcome.Accepted
            ? [new AlternativeNotChosen("Service Bus", "No replay of past events for new consumers such as loyalty."), new AlternativeNotChosen("Outbox + callbacks", "Fixes durability but not replay, and every consumer keeps its own retry logic.")]
            : [.. rfc.Options.Select(o => new AlternativeNotChosen(o.ShortName, "Not pursued now: the incident is mitigated by the outbox hotfix; revisit in Q3."))],
        "We run three brokers; on-call learns Kafka basics; consumers de-duplicate by event id.",
        [],
        supersedes);

    private static void Resolve(Rfc rfc, DecisionOutcome outcome, int number, DecisionNumber? supersedes)
    {
        var overrules = outcome == DecisionOutcome.Accepted
            ? rfc.OpenConcerns.Select(c => new ConcernOverrule(c.Id, "Platform team owns the brokers and the runbook; paging is in their rotation from day one.")).ToList()
            : [];
        rfc.Resolve(Decider, Request(rfc, outcome, supersedes) with { Overrules = overrules }, new DecisionNumber(number), Now.AddDays(6));
    }
}
