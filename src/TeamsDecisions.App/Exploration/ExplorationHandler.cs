using System.Globalization;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.App.Exploration;

/// <summary>Something the person can fix before an exploration can be proposed or booked: what is wrong and how to fix it. Nothing was saved.</summary>
internal sealed class ExplorationRefusedException(string message, string fix) : Exception(message)
{
    public string Fix { get; } = fix;
}

/// <summary>
/// The exploration phase: three 45-minute slots for the organizer and the people they name (mentioned in
/// "explore &lt;topic&gt; @a @b", or picked as decider and reviewers on the new-RFC form), from their free/busy and
/// working hours in Microsoft Graph; booking one creates the Teams meeting on the organizer's calendar with the
/// problem as its agenda, and queues the Write the RFC prompt in the same conversation for when it ends. Each person's
/// working time is their mailbox's (getSchedule's workingHours, else mailboxSettings), else the team's.
/// </summary>
internal sealed class ExplorationHandler(
    ICalendarAvailability calendars,
    IPersonalWorkingTime workingTime,
    ITeamSettingsStore settings,
    TeamDirectory directory,
    INotificationOutbox outbox,
    TimeProvider clock,
    ILogger<ExplorationHandler> logger)
{
    /// <summary>The most people (organizer included) one exploration session proposes slots for: getSchedule's one request.</summary>
    public const int MaxPeople = GraphCalendarAvailability.MaxSchedulesPerRequest;

    public const string Permission = "Microsoft Graph Calendars.ReadWrite, application permission, with admin consent (free/busy of the invitees, and the meeting on the organizer's calendar)";

    public static string Settings => GraphOptions.IdentityKeys;

    public bool IsConfigured => calendars.IsConfigured;

    /// <summary>What the form says when Graph is not configured: the settings and the permission, in one sentence.</summary>
    public static string NotConfiguredProblem => $"Explore first needs Microsoft Graph, which is not configured: set {Settings}, and grant {Permission}. No slot was proposed.";

    /// <summary>The slots card for <paramref name="topic"/> with the members <paramref name="memberIds"/> (Entra or Teams ids).</summary>
    public async Task<AdaptiveCard> ProposeAsync(TurnContext turn, string topic, string problem, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(memberIds);
        var team = turn.Team ?? throw new ExplorationRefusedException("A personal chat has no team to explore with.", "Send @TeamsDecisions explore <topic> @people in the channel or group chat where the decision belongs.");
        topic = Topic(topic);
        problem = Problem(problem);
        var organizer = await OrganizerAsync(turn, cancellationToken).ConfigureAwait(false);
        var invitees = new List<Invitee>();
        foreach (var id in memberIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var invitee = await directory.InviteeAsync(turn, id.Trim(), cancellationToken).ConfigureAwait(false)
                ?? throw new ExplorationRefusedException("Everyone invited must be a member of this team with a mailbox.", "Mention or pick members of this team only.");
            if (!invitee.Person.Is(organizer.Person) && !invitees.Any(i => i.Person.Is(invitee.Person)))
            {
                invitees.Add(invitee);
            }
        }

        if (invitees.Count == 0)
        {
            throw new ExplorationRefusedException("An exploration needs someone to explore with.", "Mention them: @TeamsDecisions explore <topic> @Aiko @Ivan (or pick a decider and reviewers on the form).");
        }

        if (invitees.Count + 1 > MaxPeople)
        {
            throw new ExplorationRefusedException(string.Create(CultureInfo.InvariantCulture, $"An exploration is for a few people; this one has {invitees.Count + 1}."), string.Create(CultureInfo.InvariantCulture, $"Invite at most {MaxPeople - 1} people; share the write-up with the rest."));
        }

        var teamTime = (await settings.GetAsync(team, cancellationToken).ConfigureAwait(false)).ToWorkingTime();
        var everyone = new List<Invitee> { organizer };
        everyone.AddRange(invitees);
        var now = clock.GetUtcNow();
        var (windowStart, windowEnd) = ExplorationSlots.Window(await workingTime.FindAsync(organizer.Person, cancellationToken).ConfigureAwait(false) ?? teamTime, now);
        IReadOnlyList<ScheduleOf> schedules;
        try
        {
            schedules = await calendars.GetScheduleAsync(organizer, everyone, windowStart, windowEnd, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DependencyFailedException or RetryLaterException or HttpRequestException)
        {
            Log.ExplorationScheduleFailed(logger, ex, team.Value);
            throw Unavailable(ex, "read the calendars");
        }

        // getSchedule already carries each mailbox's working hours; mailboxSettings is asked (in parallel, and cached)
        // only for the people it has none for, and the team's hours stand in for whoever is still unknown.
        var availability = await Task.WhenAll(everyone.Select(async p =>
        {
            var schedule = schedules.FirstOrDefault(s => string.Equals(s.Email, p.Email, StringComparison.OrdinalIgnoreCase));
            var time = schedule?.WorkingHours ?? await workingTime.FindAsync(p.Person, cancellationToken).ConfigureAwait(false) ?? teamTime;
            return new InviteeAvailability(p.Person, time, schedule?.Blocks ?? []);
        })).ConfigureAwait(false);
        var organizerTime = availability[0].WorkingTime;
        var proposal = ExplorationSlots.Propose(organizerTime, availability, now);
        var request = new ExplorationRequest(team.Value, Guid.NewGuid().ToString("N"), topic, problem, organizer.Person, organizerTime.Zone.Id, [.. invitees.Select(i => i.Person)]);
        return ExplorationCards.Slots(request, proposal);
    }

    /// <summary>
    /// Books the slot: checks the card's data (and that the organizer is the one who pressed), creates the Teams
    /// meeting, and queues the Write the RFC prompt for when it ends. A refusal changes nothing.
    /// </summary>
    public async Task<AdaptiveCard> BookAsync(TurnContext turn, ExplorePickData pick, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(pick);
        if (turn.Team is not { } team || !string.Equals(pick.Team, team.Value, StringComparison.Ordinal))
        {
            throw new ExplorationRefusedException("These slots belong to another team or chat.", "Book from the slots card in the conversation where the exploration was proposed.");
        }

        if (turn.Actor is not { } actor || !string.Equals(actor.Id, pick.Organizer, StringComparison.OrdinalIgnoreCase))
        {
            throw new ExplorationRefusedException("Only the organizer can book the exploration.", "Ask whoever proposed it to book a slot, or propose your own with @TeamsDecisions explore <topic> @people.");
        }

        if (!DateTimeOffset.TryParseExact(pick.Start, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
        {
            throw new ExplorationRefusedException("The card did not say which slot to book.", "Press Book on one of the slots; if the card is old, propose again.");
        }

        var now = clock.GetUtcNow();
        if (start <= now)
        {
            throw new ExplorationRefusedException("That slot has already started.", "Propose again with @TeamsDecisions explore <topic> @people for fresh slots.");
        }

        if (start > now.AddDays(31))
        {
            throw new ExplorationRefusedException("That slot is not one the app proposed (too far ahead).", "Book one of the slots on the card.");
        }

        if (pick.Session is not { Length: > 0 and <= 64 } session || pick.Zone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(pick.Zone, out _))
        {
            throw new ExplorationRefusedException("The card is missing what the booking needs.", "Propose again with @TeamsDecisions explore <topic> @people.");
        }

        var topic = Topic(pick.Topic);
        var problem = Problem(pick.Problem);
        if (!calendars.IsConfigured)
        {
            return ExplorationCards.NotConfigured(Settings, Permission);
        }

        var organizer = await OrganizerAsync(turn, cancellationToken).ConfigureAwait(false);
        var attendees = new List<Invitee>();
        foreach (var id in (pick.Invitees ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxPeople))
        {
            attendees.Add(await directory.InviteeAsync(turn, id, cancellationToken).ConfigureAwait(false)
                ?? throw new ExplorationRefusedException("Someone invited is no longer a member of this team.", "Propose again with the people who are."));
        }

        if (attendees.Count == 0)
        {
            throw new ExplorationRefusedException("The card names nobody to invite.", "Propose again and mention the people to explore with.");
        }

        var end = start + ExplorationSlots.Duration;
        CreatedMeeting created;
        try
        {
            created = await calendars.CreateMeetingAsync(
                new ExplorationMeeting(organizer, $"Exploration: {topic}", Agenda(topic, problem, organizer.Person), start, end, pick.Zone, attendees, session),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DependencyFailedException or RetryLaterException or HttpRequestException)
        {
            Log.ExplorationBookingFailed(logger, ex, team.Value);
            throw Unavailable(ex, "create the meeting");
        }

        // Queued after the meeting exists: a retried Book creates no second meeting (same transaction id) and no second prompt (same row id).
        var data = new ExplorationEndedData(team.Value, topic, problem, organizer.Person, [.. attendees.Select(a => a.Person)], created.JoinUrl);
        await outbox.EnqueueAsync(
            new Notification(Notification.MakeId(NotificationKinds.ExplorationEnded, team.Value, "-", session), team, null, new ConversationTarget(turn.ConversationId), NotificationKinds.ExplorationEnded, data.ToJson(), end, now),
            cancellationToken).ConfigureAwait(false);
        Log.ExplorationBooked(logger, created.EventId, team.Value, end);
        return ExplorationCards.Booked(topic, start, end, [organizer.Person, .. attendees.Select(a => a.Person)], created.JoinUrl);
    }

    /// <summary>The agenda in the meeting's body: why the session exists, the problem, and what happens after.</summary>
    public static string Agenda(string topic, string problem, UserRef organizer) =>
        $"Exploration before writing an RFC: {topic}\n\nProblem statement:\n{problem}\n\nA 45-minute sync to explore the problem space; decide nothing here. When it ends, TeamsDecisions asks {organizer.DisplayName} in the Teams thread to write the RFC, with everyone here as reviewers.";

    private async Task<Invitee> OrganizerAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var actor = turn.Actor ?? throw new ExplorationRefusedException("Teams did not say who you are (no Entra id on the message).", "Try again from the Teams app.");
        return await directory.InviteeAsync(turn, actor.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new ExplorationRefusedException("You need a mailbox in this team's organization to organize a meeting.", "Ask a member with an Outlook calendar to explore, or agree a time in the thread.");
    }

    private static string Topic(string? topic)
    {
        var text = string.Join(' ', (topic ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length < RfcLimits.TitleMin || text.Length > RfcLimits.TitleMax)
        {
            throw new ExplorationRefusedException(
                string.Create(CultureInfo.InvariantCulture, $"The topic needs {RfcLimits.TitleMin} to {RfcLimits.TitleMax} characters; it has {text.Length}."),
                "Say what to explore: @TeamsDecisions explore <topic> @people (on the form: the title).");
        }

        return text;
    }

    private static string Problem(string? problem)
    {
        var text = (problem ?? string.Empty).Trim();
        if (text.Length == 0 || text.Length > RfcLimits.LongTextMax)
        {
            throw new ExplorationRefusedException(
                string.Create(CultureInfo.InvariantCulture, $"The problem statement needs 1 to {RfcLimits.LongTextMax:N0} characters; it has {text.Length:N0}."),
                "Describe the context and the problem in a few paragraphs; link a design doc for more.");
        }

        return text;
    }

    private static ExplorationRefusedException Unavailable(Exception ex, string what) => ex switch
    {
        DependencyFailedException { Status: 401 or 403 } => new($"Microsoft Graph refused to {what} ({((DependencyFailedException)ex).Status}).", $"An admin grants {Permission}."),
        RetryLaterException later => new($"Microsoft Graph is busy and asked to wait before trying to {what}.", later.RetryAfter is { } wait && wait > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $"Try again in {Math.Ceiling(wait.TotalSeconds)} seconds.") : "Try again in a minute."),
        _ => new($"Microsoft Graph could not {what}.", "Try again in a minute; if it keeps failing, tell your admin."),
    };
}

/// <summary>What the Write the RFC prompt needs when the meeting is over.</summary>
internal sealed record ExplorationEndedData(string Team, string Topic, string Problem, UserRef Organizer, IReadOnlyList<UserRef> Attendees, Uri? JoinUrl)
{
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    public static ExplorationEndedData? Read(string? json) => json is null ? null : System.Text.Json.JsonSerializer.Deserialize<ExplorationEndedData>(json);
}
