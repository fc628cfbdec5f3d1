using System.Globalization;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>The meeting-replacement test: the questionnaire, the verdict with its async alternatives, and the thread card.</summary>
public static class MeetingCards
{
    public const string Question = "Would this meeting achieve the same outcome as a written async thread?";

    public static string Purpose(MeetingPurpose purpose) => purpose switch
    {
        MeetingPurpose.StatusUpdate => "Status update",
        MeetingPurpose.InformationSharing => "Information sharing",
        MeetingPurpose.Decision => "A decision",
        MeetingPurpose.EarlyBrainstorming => "Early-stage brainstorming",
        MeetingPurpose.Onboarding => "Onboarding",
        MeetingPurpose.HighStakesInterpersonal => "A high-stakes interpersonal discussion",
        MeetingPurpose.TeamCohesion => "Team cohesion",
        MeetingPurpose.ProductionIncident => "A production incident",
        _ => purpose.ToString(),
    };

    public static string Verdict(MeetingVerdict verdict) => verdict switch
    {
        MeetingVerdict.MakeItAThread => "Make it a thread",
        MeetingVerdict.MakeItAnRfc => "Make it an RFC",
        MeetingVerdict.KeepTheMeeting => "Keep the meeting",
        MeetingVerdict.KeepItShortAndWriteUp => "Keep it short and write up the outcome",
        _ => verdict.ToString(),
    };

    /// <summary>The questionnaire; <paramref name="previous"/> puts back what was answered, <paramref name="problem"/> says what to fix.</summary>
    public static AdaptiveCard Questionnaire(string? team, MeetingData? previous = null, string? problem = null)
    {
        var body = new List<CardElement>
        {
            CardText.Badge("Meeting test", TextColor.Accent),
            CardText.Heading(Question),
            CardText.Subtle("Status updates, information sharing and decisions that fit a thread should be threads. Early brainstorming, onboarding, high-stakes conversations and team cohesion keep their meeting."),
        };
        if (problem is not null)
        {
            body.Add(new Container([CardText.Line(CardText.User(problem), weight: TextWeight.Bolder)]) { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
        }

        body.AddRange(
        [
            new TextInput { Id = InputIds.MeetingTitle, Label = "Meeting", MaxLength = 200, Placeholder = "e.g. Weekly architecture sync", Value = previous?.MeetingTitle, IsRequired = true, ErrorMessage = "Name the meeting.", Spacing = Spacing.Medium },
            new ChoiceSetInput
            {
                Id = InputIds.MeetingPurpose,
                Label = "What is it for?",
                Style = ChoiceInputStyle.Compact,
                IsRequired = true,
                ErrorMessage = "Choose what the meeting is for.",
                Value = previous?.MeetingPurpose ?? nameof(MeetingPurpose.StatusUpdate),
                Choices = [.. Enum.GetValues<MeetingPurpose>().Select(p => new Choice(Purpose(p), p.ToString()))],
            },
            new ToggleInput("It needs real-time back-and-forth") { Id = InputIds.MeetingRealTime, ValueOn = "true", ValueOff = "false", Value = previous?.MeetingRealTime ?? "false", Wrap = true },
            new ToggleInput("It needs visual collaboration (a whiteboard, a diagram drawn together)") { Id = InputIds.MeetingVisual, ValueOn = "true", ValueOff = "false", Value = previous?.MeetingVisual ?? "false", Wrap = true },
            new ToggleInput("The shared experience itself is the point") { Id = InputIds.MeetingShared, ValueOn = "true", ValueOff = "false", Value = previous?.MeetingShared ?? "false", Wrap = true },
            new ColumnSet(
            [
                new Column([new NumberInput { Id = InputIds.MeetingAttendees, Label = "Attendees", Min = 1, Max = 1000, Value = previous?.MeetingAttendees ?? 6, IsRequired = true, ErrorMessage = "How many people attend?" }]) { Width = ColumnWidth.Stretch },
                new Column([new NumberInput { Id = InputIds.MeetingTimeZones, Label = "Time zones they span", Min = 1, Max = 24, Value = previous?.MeetingTimeZones ?? 1, IsRequired = true, ErrorMessage = "How many time zones?" }]) { Width = ColumnWidth.Stretch },
            ]),
            new TextInput { Id = InputIds.MeetingAgenda, Label = "Agenda (one item per line; they become the thread's questions)", IsMultiline = true, MaxLength = 4000, Value = previous?.MeetingAgenda },
        ]);

        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction(CardVerbs.MeetingEvaluate) { Title = "Take the test", Data = new MeetingData { Team = team }, Style = ActionStyle.Positive }],
            FallbackText = Question,
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>
    /// The verdict and its reasons, with the async alternative one click away: an async thread in a channel (when
    /// there is a team), an RFC (when there is a team), or keeping the meeting with a reason.
    /// </summary>
    public static AdaptiveCard Advice(MeetingAdvice advice, MeetingData answers, IReadOnlyList<ChannelChoice> channels, DateTimeOffset replyBy)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(channels);
        var body = new List<CardElement>
        {
            CardText.Badge("Meeting test", TextColor.Accent),
            advice.Verdict is MeetingVerdict.MakeItAThread or MeetingVerdict.MakeItAnRfc
                ? new Container([CardText.Heading(Verdict(advice.Verdict))]) { Style = ContainerStyle.Good, Spacing = Spacing.Small }
                : CardText.Heading(Verdict(advice.Verdict)) with { Color = TextColor.Accent },
            CardText.SubtleLine(
                [.. CardText.User(answers.MeetingTitle), new($" · {Purpose(Enum.Parse<MeetingPurpose>(answers.MeetingPurpose!, ignoreCase: true))} · {CardText.Count(answers.MeetingAttendees ?? 0, "person", "people")} in {CardText.Count(answers.MeetingTimeZones ?? 0, "time zone", "time zones")}")]),
        };
        body.AddRange(advice.Reasons.Select(r => new RichTextBlock([new("• "), .. CardText.User(r)]) { Spacing = Spacing.Small }));

        var actions = new List<CardAction>();
        var hasTeam = !string.IsNullOrWhiteSpace(answers.Team);
        if (hasTeam && channels.Count > 0)
        {
            var questions = string.Join('\n', (answers.MeetingAgenda ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            actions.Add(new ShowCardAction(AdaptiveCard.Nested(
                [
                    new ChoiceSetInput { Id = InputIds.ThreadChannel, Label = "Post the thread to", Style = ChoiceInputStyle.Compact, IsRequired = true, ErrorMessage = "Choose a channel.", Value = channels[0].Id, Choices = [.. channels.Select(c => new Choice(c.Name, c.Id))] },
                    new TextInput { Id = InputIds.ThreadQuestions, Label = "Questions to answer in writing (one per line)", IsMultiline = true, MaxLength = 4000, Value = questions, IsRequired = true, ErrorMessage = "Ask at least one question." },
                    CardText.Subtle($"Replies are due {CardText.DateTime(replyBy)}, from the team's response norms."),
                ],
                [new ExecuteAction(CardVerbs.MeetingThread) { Title = "Post the async thread", Data = new MeetingThreadData(answers), Style = ActionStyle.Positive }]))
            {
                // Short labels: three buttons share a 460 px card.
                Title = "Async thread",
            });
            actions.Add(new ExecuteAction(CardVerbs.MeetingRfc) { Title = "RFC instead", Data = answers with { } });
        }

        actions.Add(new ShowCardAction(AdaptiveCard.Nested(
            [new TextInput { Id = InputIds.KeepReason, Label = "Why keep it? (recorded, so the team learns which meetings earn their place)", IsMultiline = true, MaxLength = 1000, IsRequired = true, ErrorMessage = "Say why the meeting stays." }],
            [new ExecuteAction(CardVerbs.MeetingKeep) { Title = "Keep the meeting", Data = new MeetingKeepData(answers) }]))
        {
            Title = "Keep meeting",
        });

        if (!hasTeam)
        {
            body.Add(CardText.Subtle("Run the test in a team channel or a group chat to start the async thread or an RFC there.") with { Spacing = Spacing.Medium });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions,
            FallbackText = $"Meeting test: {Verdict(advice.Verdict)}",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>The async thread that replaces the meeting: the agenda as questions and a reply-by time.</summary>
    public static AdaptiveCard Thread(string title, IReadOnlyList<string> questions, DateTimeOffset replyBy, string organiser)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var body = new List<CardElement>
        {
            CardText.Badge("Async thread instead of a meeting", TextColor.Good),
            CardText.Title(CardText.User(title)),
            new TextBlock($"**Reply in this thread by {CardText.DateTime(replyBy)}.** Write for someone who wasn't here: what you know, what you need, what you'd decide.") { Spacing = Spacing.Small },
            CardText.Section("Questions"),
        };
        body.AddRange(questions.Select((q, i) => new RichTextBlock([new(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. ")), .. CardText.User(q)]) { Spacing = Spacing.Small }));
        body.Add(CardText.SubtleLine([new("Started by "), .. CardText.User(organiser), new(" after the meeting test.")]) with { Spacing = Spacing.Medium });
        return new AdaptiveCard { Body = body, FallbackText = $"Async thread: {title}", MsTeams = new TeamsCardProperties() };
    }

    /// <summary>Shown in place of the advice once the organiser kept the meeting.</summary>
    public static AdaptiveCard Kept(string title, string reason) => new()
    {
        Body =
        [
            CardText.Badge("Meeting test", TextColor.Accent),
            CardText.Title([new("Keeping "), .. CardText.User(title)]),
            new RichTextBlock([new("Recorded why: "), .. CardText.User(reason)]) { Spacing = Spacing.Small },
            CardText.Subtle("Run the test again when the meeting changes: @TeamsDecisions meeting test.") with { Spacing = Spacing.Medium },
        ],
        FallbackText = $"Keeping {title}",
        MsTeams = new TeamsCardProperties(),
    };

    /// <summary>Shown in place of the advice once the thread is posted.</summary>
    public static AdaptiveCard ThreadPosted(string title, string channelName, DateTimeOffset replyBy) => new()
    {
        Body =
        [
            CardText.Badge("Meeting test", TextColor.Good),
            CardText.Heading("The async thread is posted"),
            new RichTextBlock(
            [
                .. CardText.Line(CardText.User(title), weight: TextWeight.Bolder).Inlines,
                new(" is now a thread in "),
                .. CardText.Line(CardText.User(channelName), weight: TextWeight.Bolder).Inlines,
                new($"; replies are due {CardText.DateTime(replyBy)}. Cancel the meeting, or keep a short slot only if the thread leaves something open."),
            ])
            { Spacing = Spacing.Small },
        ],
        FallbackText = $"{title} is now a thread in {channelName}",
        MsTeams = new TeamsCardProperties(),
    };

    /// <summary>
    /// The proactive prompt about a recurring meeting: "Your weekly Architecture sync costs 22 person-hours a month and
    /// lands at 22:00 for 3 people in Singapore — take the meeting test?"
    /// </summary>
    public static AdaptiveCard Prompt(MeetingCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var series = cost.Series;
        var how = series.Recurrence is { } r ? r + " " : string.Empty;
        var burden = MeetingCosts.Burden(cost) is { } b ? $" and {b}" : string.Empty;
        IEnumerable<TextRun> text =
        [
            new("Your "),
            .. CardText.User(how),
            .. CardText.Line(CardText.User(series.Subject), weight: TextWeight.Bolder).Inlines,
            new(string.Create(CultureInfo.InvariantCulture, $" costs {cost.PersonHoursPerMonth:0.#} person-hours a month")),
            .. CardText.User(burden),
            new(" — take the meeting test?"),
        ];
        var answers = new MeetingData
        {
            MeetingTitle = series.Subject,
            MeetingPurpose = cost.LikelyPurpose.ToString(),
            MeetingAttendees = Math.Max(1, cost.People),
            MeetingTimeZones = Math.Min(Math.Max(1, cost.TimeZones), Math.Max(1, cost.People)),
            MeetingRealTime = "false",
            MeetingVisual = "false",
            MeetingShared = "false",
        };
        var prompt = new MeetingPromptData { SeriesId = series.SeriesId, MeetingTitle = series.Subject };
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Badge("Meeting test", TextColor.Accent),
                CardText.Line(text, TextSize.Medium) with { Spacing = Spacing.Small },
                CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"{CardText.Count(cost.People, "person", "people")}, {CardText.Count(series.Occurrences.Count, "occurrence", "occurrences")} in the next 4 weeks. {Question} I ask about each recurring meeting at most once a quarter.")),
            ],
            Actions =
            [
                new ExecuteAction(CardVerbs.MeetingForm) { Title = "Take the test", Data = answers, Style = ActionStyle.Positive },
                new ExecuteAction(CardVerbs.MeetingSnooze) { Title = "Not now", Data = prompt },
                new ExecuteAction(CardVerbs.MeetingNever) { Title = "Never for this meeting", Data = prompt },
            ],
            FallbackText = $"Take the meeting test for {series.Subject}?",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>The answer to "Not now" / "Never" / "check my meetings".</summary>
    public static AdaptiveCard Note(string text) => new()
    {
        Body = [CardText.Badge("Meeting test", TextColor.Accent), CardText.Plain(text) with { Spacing = Spacing.Small }],
        FallbackText = text,
        MsTeams = new TeamsCardProperties(),
    };
}
