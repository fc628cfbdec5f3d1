using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>What a slots card needs besides the proposal: the session, the topic and problem, who organizes and who is invited.</summary>
public sealed record ExplorationRequest(string Team, string Session, string Topic, string Problem, UserRef Organizer, string OrganizerZone, IReadOnlyList<UserRef> Invitees);

/// <summary>
/// The exploration phase's cards: the three proposed slots with each person's burden, "not configured", "booked",
/// and the "Write the RFC" prompt after the meeting. Times in text are each person's local wall clock (as plain text,
/// since the point is their clock, not the viewer's); the slot headings use the client's DATE/TIME, in the viewer's zone.
/// </summary>
public static class ExplorationCards
{
    /// <summary>The problem statement is shown up to this length on the cards (the meeting's agenda carries all of it).</summary>
    public const int ProblemShown = 400;

    public static AdaptiveCard Slots(ExplorationRequest request, SlotProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(proposal);
        var body = new List<CardElement>
        {
            CardText.Badge("Exploration · 45 minutes", TextColor.Accent),
            CardText.Title([new("Explore: "), .. CardText.User(request.Topic, RfcLimits.TitleMax)]),
            CardText.Plain(request.Problem, ProblemShown) with { Spacing = Spacing.Small },
            CardText.SubtleLine([new(string.Create(CultureInfo.InvariantCulture, $"With {CardText.Count(request.Invitees.Count + 1, "person", "people")}: ")), .. CardText.UserList([request.Organizer.DisplayName, .. request.Invitees.Select(i => i.DisplayName)], CardText.NameShown, ", ")]),
        };

        if (proposal.Slots.Count == 0)
        {
            body.Add(new Container([CardText.Plain("No 45-minute slot fits in the next 10 working days.")]) { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
            return Card(body, null, $"Explore {request.Topic}: no slot");
        }

        if (!proposal.HasCommonWorkingHour)
        {
            var leastBad = proposal.Slots.OrderBy(s => s.Cost).ThenBy(s => s.Start).First();
            body.Add(new Container(
            [
                CardText.Line([new("No hour is inside everyone's working hours in the next 10 working days.")], weight: TextWeight.Bolder),
                CardText.Plain("The slots below are the least bad: the fewest minutes outside anyone's working hours in all, shared out where that costs no more. Who pays for each is listed under it.") with { Spacing = Spacing.Small },
                CardText.Line([new("Least bad: "), .. PaidBy(leastBad)]) with { Spacing = Spacing.Small },
            ])
            { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
        }
        else
        {
            body.Add(CardText.Subtle("Ranked by out-of-hours burden: the fewest minutes outside anyone's working hours first.") with { Spacing = Spacing.Medium });
        }

        if (proposal.EveryoneBusy)
        {
            body.Add(CardText.Plain("Someone is busy at every possible time, so these slots clash with their calendar; they may have to move something.") with { Spacing = Spacing.Small });
        }

        var actions = new List<CardAction>();
        for (var i = 0; i < proposal.Slots.Count; i++)
        {
            var slot = proposal.Slots[i];
            var label = string.Create(CultureInfo.InvariantCulture, $"Slot {i + 1}");
            var items = new List<CardElement>
            {
                new TextBlock($"**{label}: {CardText.Date(slot.Start, "LONG")}, {CardText.Time(slot.Start)}–{CardText.Time(slot.End)}**"),
                CardText.Subtle(slot.InEveryonesHours ? "Inside everyone's working hours." : string.Create(CultureInfo.InvariantCulture, $"Burden: {Minutes(slot.MinutesOutOfHours)} out of hours in all.")),
            };
            items.AddRange(slot.People.Select(p => (CardElement)(CardText.SubtleLine(Person(p)) with { Spacing = Spacing.None })));
            body.Add(new Container(items) { Separator = true, Spacing = Spacing.Medium });
            actions.Add(new ExecuteAction(CardVerbs.ExplorePick)
            {
                Title = $"Book slot {i + 1}",
                Style = i == 0 ? ActionStyle.Positive : null,
                AssociatedInputs = AssociatedInputs.None,
                Data = new ExplorePickData
                {
                    Team = request.Team,
                    Session = request.Session,
                    Topic = request.Topic,
                    Problem = request.Problem,
                    Start = slot.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    Organizer = request.Organizer.Id,
                    Invitees = string.Join(',', request.Invitees.Select(i => i.Id)),
                    Zone = request.OrganizerZone,
                },
            });
        }

        body.Add(CardText.Subtle("Only the organizer can book. The meeting is a Teams meeting on their calendar, with the problem as its agenda; afterwards I'll ask them here to write the RFC.") with { Spacing = Spacing.Medium });
        return Card(body, actions, $"Explore {request.Topic}: {CardText.Count(proposal.Slots.Count, "slot", "slots")}");
    }

    /// <summary>Graph is not configured (the local run): what the explore command needs; no slot is made up.</summary>
    public static AdaptiveCard NotConfigured(string settings, string permission) => Card(
        [
            CardText.Badge("Exploration", TextColor.Accent),
            CardText.Heading("I can't see calendars here"),
            CardText.Plain("To propose slots inside everyone's working hours I read the invitees' free/busy and working hours from Microsoft Graph, and book the Teams meeting on the organizer's calendar. Graph is not configured for this app, so I have proposed no slot.") with { Spacing = Spacing.Small },
            CardText.Labelled("Settings", settings) with { Spacing = Spacing.Medium },
            CardText.Labelled("Permission", permission) with { Spacing = Spacing.Small },
            CardText.Subtle("Until then, agree a time in the thread and start the RFC with @TeamsDecisions rfc new.") with { Spacing = Spacing.Medium },
        ],
        null,
        "Exploration needs Microsoft Graph");

    /// <summary>The slots card after the organizer booked one.</summary>
    public static AdaptiveCard Booked(string topic, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<UserRef> attendees, Uri? joinUrl) => Card(
        [
            CardText.Badge("Exploration · booked", TextColor.Accent),
            CardText.Title([new("Explore: "), .. CardText.User(topic, RfcLimits.TitleMax)]),
            new TextBlock($"**{CardText.Date(start, "LONG")}, {CardText.Time(start)}–{CardText.Time(end)}**") { Spacing = Spacing.Small },
            CardText.SubtleLine([new("Invited: "), .. CardText.UserList(attendees.Select(a => a.DisplayName), CardText.NameShown, ", ")]),
            CardText.Plain("The Teams meeting is on the organizer's calendar with the problem as its agenda. When it ends I'll ask here to write the RFC while it's fresh.") with { Spacing = Spacing.Medium },
        ],
        joinUrl is null ? null : [new OpenUrlAction(joinUrl) { Title = "Join the meeting" }],
        $"Exploration booked: {topic}");

    /// <summary>After the meeting: "Write the RFC", which opens the new-RFC form with the problem and the attendees as reviewers.</summary>
    public static AdaptiveCard WriteTheRfc(string team, string topic, string problem, IReadOnlyList<UserRef> attendees) => Card(
        [
            CardText.Badge("Exploration · done", TextColor.Accent),
            CardText.Title([new("Write the RFC: "), .. CardText.User(topic, RfcLimits.TitleMax)]),
            CardText.Plain("The exploration has ended. Write it down while it's fresh, so that someone who wasn't there can follow the reasoning without asking anyone.") with { Spacing = Spacing.Small },
            CardText.SubtleLine([new("Reviewers: "), .. CardText.UserList(attendees.Select(a => a.DisplayName), CardText.NameShown, ", ")]),
        ],
        [
            new ExecuteAction(CardVerbs.ExploreWrite)
            {
                Title = "Write the RFC",
                Style = ActionStyle.Positive,
                AssociatedInputs = AssociatedInputs.None,
                Data = new ExploreWriteData { Team = team, Topic = topic, Problem = problem, Reviewers = string.Join(',', attendees.Select(a => a.Id)) },
            },
        ],
        $"Write the RFC: {topic}");

    /// <summary>"3 h 5 min", "45 min".</summary>
    public static string Minutes(int minutes)
    {
        if (minutes < 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{minutes} min");
        }

        return minutes % 60 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60} min");
    }

    /// <summary>"Tan Wei: 19:00–19:45 Asia/Singapore, 2 h 45 min out of hours".</summary>
    private static IEnumerable<TextRun> Person(PersonBurden burden)
    {
        var local = string.Create(CultureInfo.InvariantCulture, $": {burden.LocalStart:ddd HH:mm}–{burden.LocalStart + ExplorationSlots.Duration:HH:mm} {burden.TimeZone}");
        var cost = burden.InHours ? ", in hours" : $", {Minutes(burden.MinutesOutOfHours)} out of hours";
        var clash = (burden.BusyMinutes, burden.TentativeMinutes) switch
        {
            ( > 0, _) => ", busy then",
            (_, > 0) => ", tentative then",
            _ => string.Empty,
        };
        return [.. CardText.User(burden.Person), new(local + cost + clash)];
    }

    private static IEnumerable<TextRun> PaidBy(ExplorationSlot slot)
    {
        var runs = new List<TextRun>();
        foreach (var p in slot.PaidBy)
        {
            if (runs.Count > 0)
            {
                runs.Add(new("; "));
            }

            runs.AddRange(CardText.User(p.Person));
            runs.Add(new(string.Create(CultureInfo.InvariantCulture, $" at {p.LocalStart:HH:mm} local, {Minutes(p.MinutesOutOfHours)} out of hours")));
        }

        return runs;
    }

    private static AdaptiveCard Card(IReadOnlyList<CardElement> body, IReadOnlyList<CardAction>? actions, string fallback) => new()
    {
        Body = body,
        Actions = actions,
        FallbackText = fallback,
        MsTeams = new TeamsCardProperties(),
    };
}
