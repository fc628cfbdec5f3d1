namespace TeamsDecisions.Core;

/// <summary>
/// Every rule id a <see cref="DomainRuleException"/> carries in <see cref="DomainRuleException.Rule"/>.
/// The values are stable: logs are searched by them and callers that treat one refusal differently match on them.
/// </summary>
public static class Rules
{
    /// <summary>Refused for a reason that names no rule.</summary>
    public const string Unknown = "Unknown";

    public const string InputRequired = "Input.Required";
    public const string InputTooShort = "Input.TooShort";
    public const string InputTooLong = "Input.TooLong";

    public const string RfcDeciderRequired = "Rfc.DeciderRequired";
    public const string RfcTooManyReviewers = "Rfc.TooManyReviewers";
    public const string RfcTooManyOptions = "Rfc.TooManyOptions";
    public const string RfcDuplicateOption = "Rfc.DuplicateOption";
    public const string RfcTooManyDrivers = "Rfc.TooManyDrivers";
    public const string RfcTooManyLinks = "Rfc.TooManyLinks";
    public const string RfcLinkMustBeWeb = "Rfc.LinkMustBeWeb";
    public const string RfcOpenOnlyFromDraft = "Rfc.OpenOnlyFromDraft";
    public const string RfcOnlyAuthorOpens = "Rfc.OnlyAuthorOpens";
    public const string RfcUnknownKind = "Rfc.UnknownKind";

    public const string VoteUnknownKind = "Vote.UnknownKind";
    public const string VoteOnlyWhileOpen = "Vote.OnlyWhileOpen";
    public const string VoteObjectionNeedsReason = "Vote.ObjectionNeedsReason";

    public const string ConcernOnlyBeforeResolution = "Concern.OnlyBeforeResolution";
    public const string ConcernTooMany = "Concern.TooMany";
    public const string ConcernNotFound = "Concern.NotFound";
    public const string ConcernAlreadyClosed = "Concern.AlreadyClosed";
    public const string ConcernOnlyRaiserOrDeciderResolves = "Concern.OnlyRaiserOrDeciderResolves";

    public const string CommentOnlyBeforeResolution = "Comment.OnlyBeforeResolution";

    public const string WindowDaysOutOfRange = "Window.DaysOutOfRange";
    public const string WindowExtendOnlyOnceOpen = "Window.ExtendOnlyOnceOpen";
    public const string WindowOnlyDeciderExtends = "Window.OnlyDeciderExtends";
    public const string WindowCloseEarlyOnlyWhileOpen = "Window.CloseEarlyOnlyWhileOpen";
    public const string WindowOnlyDeciderClosesEarly = "Window.OnlyDeciderClosesEarly";

    public const string ResolveOnlyWhenOpenOrAwaiting = "Resolve.OnlyWhenOpenOrAwaiting";
    public const string ResolveOnlyDecider = "Resolve.OnlyDecider";
    public const string ResolveUnknownOutcome = "Resolve.UnknownOutcome";
    public const string ResolveOnlyAcceptedSupersedes = "Resolve.OnlyAcceptedSupersedes";
    public const string ResolveEarlyCloseNeedsReason = "Resolve.EarlyCloseNeedsReason";
    public const string ResolveOpenConcernsBlockAcceptance = "Resolve.OpenConcernsBlockAcceptance";
    public const string ResolveUnknownOption = "Resolve.UnknownOption";
    public const string ResolveNoOptionsListed = "Resolve.NoOptionsListed";
    public const string ResolveChooseAnOption = "Resolve.ChooseAnOption";
    public const string ResolveDuplicateAlternative = "Resolve.DuplicateAlternative";
    public const string ResolveWhyNotRequired = "Resolve.WhyNotRequired";
    public const string ResolveChosenIsNotAnAlternative = "Resolve.ChosenIsNotAnAlternative";
    public const string ResolveSupersededNotFound = "Resolve.SupersededNotFound";
    public const string ResolveSupersedeOnlyAccepted = "Resolve.SupersedeOnlyAccepted";

    public const string WithdrawOnlyBeforeResolution = "Withdraw.OnlyBeforeResolution";
    public const string WithdrawOnlyAuthor = "Withdraw.OnlyAuthor";

    public const string SupersedeOnlyAccepted = "Supersede.OnlyAccepted";
    public const string SupersedeNotItself = "Supersede.NotItself";

    public const string SettingsWindowDaysOutOfRange = "Settings.WindowDaysOutOfRange";
    public const string SettingsResponseHoursOutOfRange = "Settings.ResponseHoursOutOfRange";
    public const string SettingsSharePointSite = "Settings.SharePointSite";
    public const string SettingsTimeZone = "Settings.TimeZone";
    public const string SettingsWorkingDays = "Settings.WorkingDays";
    public const string SettingsWorkingHours = "Settings.WorkingHours";
    public const string SettingsReminderPercent = "Settings.ReminderPercent";

    public const string MeetingAttendees = "Meeting.Attendees";
    public const string MeetingTimeZones = "Meeting.TimeZones";
    public const string MeetingPurpose = "Meeting.Purpose";
}
