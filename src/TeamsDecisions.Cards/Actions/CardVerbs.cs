namespace TeamsDecisions.Cards.Actions;

/// <summary>Every Action.Execute verb the cards send. The Teams handler routes on these and nothing else.</summary>
public static class CardVerbs
{
    public const string Refresh = "rfc.refresh";
    public const string NewRfcForm = "rfc.new";
    public const string SubmitRfc = "rfc.submit";
    public const string OpenRfc = "rfc.open";
    public const string Vote = "rfc.vote";
    public const string Comment = "rfc.comment";
    public const string RaiseConcern = "rfc.concern.raise";
    public const string ResolveConcern = "rfc.concern.resolve";
    public const string CloseEarly = "rfc.closeEarly";
    public const string ExtendWindow = "rfc.extend";
    public const string Withdraw = "rfc.withdraw";
    public const string ResolveForm = "rfc.resolveForm";
    public const string Resolve = "rfc.resolve";
    public const string MeetingForm = "meeting.form";
    public const string MeetingEvaluate = "meeting.evaluate";
    public const string MeetingThread = "meeting.thread";
    public const string MeetingRfc = "meeting.rfc";
    public const string MeetingKeep = "meeting.keep";
    public const string MeetingSnooze = "meeting.snooze";
    public const string MeetingNever = "meeting.never";
    public const string SaveSettings = "settings.save";

    /// <summary>A 1:1 reminder's "Snooze 24 h": the same reminder again a day later, within working hours.</summary>
    public const string ReminderSnooze = "reminder.snooze";

    /// <summary>A 1:1 reminder's "I'm not the right reviewer": tells the author, with the note.</summary>
    public const string ReminderNotMe = "reminder.notMe";

    /// <summary>The new-RFC form's "Explore first": three 45-minute slots for the people picked, from what was typed.</summary>
    public const string Explore = "explore.propose";

    /// <summary>A proposed slot's "Book": the Teams meeting on the organizer's calendar, and the Write the RFC prompt after it.</summary>
    public const string ExplorePick = "explore.pick";

    /// <summary>"Write the RFC" after the exploration: the new-RFC form, prefilled.</summary>
    public const string ExploreWrite = "explore.write";

    public static IReadOnlyList<string> All { get; } =
        [Refresh, NewRfcForm, SubmitRfc, OpenRfc, Vote, Comment, RaiseConcern, ResolveConcern, CloseEarly, ExtendWindow, Withdraw, ResolveForm, Resolve,
         MeetingForm, MeetingEvaluate, MeetingThread, MeetingRfc, MeetingKeep, MeetingSnooze, MeetingNever, SaveSettings, ReminderSnooze, ReminderNotMe,
         Explore, ExplorePick, ExploreWrite];
}

/// <summary>Input ids: the keys under which Teams returns input values in the action's data.</summary>
public static class InputIds
{
    public const string Title = "title";
    public const string Context = "context";
    public const string Proposal = "proposal";
    public const string Options = "options";
    public const string Drivers = "drivers";
    public const string Decider = "decider";
    public const string Reviewers = "reviewers";
    public const string WindowDays = "windowDays";

    /// <summary>Routine or design review; the values are <see cref="RfcKindChoice"/>'s.</summary>
    public const string Kind = "kind";
    public const string Channel = "channel";
    public const string Vote = "vote";
    public const string VoteReason = "voteReason";

    /// <summary>The reason on the Object button's own form (input ids are unique across a card and its forms).</summary>
    public const string ObjectReason = "objectReason";
    public const string Comment = "comment";
    public const string ConcernTitle = "concernTitle";
    public const string ConcernDetail = "concernDetail";

    /// <summary>The RFC card's one "resolve a concern" form: which concern, and how it was addressed.</summary>
    public const string ConcernId = "concernId";
    public const string ConcernNoteInput = "concernNote";
    public const string CloseReason = "closeReason";
    public const string ExtendDays = "extendDays";
    public const string ExtendReason = "extendReason";
    public const string WithdrawReason = "withdrawReason";
    public const string Outcome = "outcome";
    public const string ChosenOption = "chosenOption";
    public const string Rationale = "rationale";
    public const string Consequences = "consequences";
    public const string Supersedes = "supersedes";
    public const string EarlyCloseReason = "earlyCloseReason";
    public const string OverruleAll = "overruleAll";
    public const string OverruleConcerns = "overruleConcerns";
    public const string OverruleReason = "overruleReason";
    public const string MeetingTitle = "meetingTitle";
    public const string MeetingAgenda = "meetingAgenda";
    public const string MeetingPurpose = "meetingPurpose";
    public const string MeetingRealTime = "meetingRealTime";
    public const string MeetingVisual = "meetingVisual";
    public const string MeetingShared = "meetingShared";
    public const string MeetingAttendees = "meetingAttendees";
    public const string MeetingTimeZones = "meetingTimeZones";
    public const string ThreadChannel = "threadChannel";
    public const string ThreadQuestions = "threadQuestions";
    public const string KeepReason = "keepReason";
    public const string NotMeNote = "notMeNote";

    /// <summary>The settings card's inputs (prefixed: input ids are unique across the cards a conversation shows).</summary>
    public const string SettingsWindowDays = "settingsWindowDays";
    public const string SettingsRoutineHours = "settingsRoutineHours";
    public const string SettingsDesignReviewHours = "settingsDesignReviewHours";
    public const string SettingsTimeZone = "settingsTimeZone";
    public const string SettingsWorkingDays = "settingsWorkingDays";
    public const string SettingsWorkdayStart = "settingsWorkdayStart";
    public const string SettingsWorkdayEnd = "settingsWorkdayEnd";
    public const string SettingsReminderPercent = "settingsReminderPercent";

    public static string ConcernNote(int concernId) => $"concernNote-{concernId}";

    public static string WhyNot(int optionIndex) => $"whyNot-{optionIndex}";
}

/// <summary>The new-RFC form's values for an RFC's kind, and their reading back.</summary>
public static class RfcKindChoice
{
    public const string DesignReview = "designReview";
    public const string Routine = "routine";

    public static string ToValue(TeamsDecisions.Core.Rfcs.RfcKind kind) => kind == TeamsDecisions.Core.Rfcs.RfcKind.Routine ? Routine : DesignReview;

    /// <summary>The kind a form returned: design review when nothing was chosen, null for a value no form sends.</summary>
    public static TeamsDecisions.Core.Rfcs.RfcKind? Parse(string? value) => value?.Trim() switch
    {
        null or "" or DesignReview => TeamsDecisions.Core.Rfcs.RfcKind.DesignReview,
        Routine => TeamsDecisions.Core.Rfcs.RfcKind.Routine,
        _ => null,
    };
}
