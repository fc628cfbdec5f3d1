using System.Text.Json;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>
/// The one map from what went wrong to what the user reads: a refusal says what to fix; a store that did not answer
/// says whether the change was saved only when that is known; an unexpected failure never claims nothing changed.
/// </summary>
internal static class CardActionErrors
{
    private static readonly Dictionary<string, string> Refusals = new(StringComparer.Ordinal)
    {
        [CardVerbs.Refresh] = "Couldn't show the RFC",
        [CardVerbs.NewRfcForm] = "Couldn't open the RFC form",
        [CardVerbs.SubmitRfc] = "The RFC was not created",
        [CardVerbs.OpenRfc] = "The RFC was not opened",
        [CardVerbs.Vote] = "Your vote was not saved",
        [CardVerbs.Comment] = "Your comment was not saved",
        [CardVerbs.RaiseConcern] = "Your concern was not raised",
        [CardVerbs.ResolveConcern] = "The concern was not marked resolved",
        [CardVerbs.CloseEarly] = "The comment window was not closed",
        [CardVerbs.ExtendWindow] = "The comment window was not extended",
        [CardVerbs.Withdraw] = "The RFC was not withdrawn",
        [CardVerbs.ResolveForm] = "Couldn't open the resolve form",
        [CardVerbs.Resolve] = "The decision was not recorded",
        [CardVerbs.MeetingForm] = "Couldn't open the meeting test",
        [CardVerbs.MeetingEvaluate] = "The meeting test didn't run",
        [CardVerbs.MeetingThread] = "The async thread was not posted",
        [CardVerbs.MeetingRfc] = "Couldn't open the RFC form",
        [CardVerbs.MeetingKeep] = "The meeting was not recorded",
        [CardVerbs.MeetingSnooze] = "Your answer was not saved",
        [CardVerbs.MeetingNever] = "Your answer was not saved",
        [CardVerbs.Explore] = "No exploration was proposed",
        [CardVerbs.ExplorePick] = "The meeting was not booked",
        [CardVerbs.ExploreWrite] = "Couldn't open the RFC form",
    };

    /// <summary>Verbs that only show something: when they fail, there was nothing to save.</summary>
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal) { CardVerbs.Refresh, CardVerbs.NewRfcForm, CardVerbs.ResolveForm, CardVerbs.MeetingForm, CardVerbs.MeetingRfc, CardVerbs.Explore, CardVerbs.ExploreWrite };

    public static string RefusalOf(string verb) => Refusals.GetValueOrDefault(verb, "That didn't work");

    public static AdaptiveCard UnknownVerb(string? verb) =>
        MessageCards.Error("This card is out of date", $"It asked for \"{verb}\", which this app does not know.", "Use the latest card in the conversation, or send @TeamsDecisions help.");

    public static AdaptiveCard NoIdentity(string verb) =>
        MessageCards.Error(RefusalOf(verb), "Teams did not say who you are (the activity carries no Entra object id).", "Sign in to Teams with your work account and try again.");

    /// <summary>The budget ran out before anything was written.</summary>
    public static AdaptiveCard TooSlow(string verb, RfcId? rfc, IReadOnlyList<Fact>? typed = null) => ReadOnly.Contains(verb)
        ? MessageCards.Error(RefusalOf(verb), "The store is slow right now.", "Try again in a minute.", Back(rfc), SaveState.NothingToSave)
        : MessageCards.Error(RefusalOf(verb), "Not saved: the store is slow and did not answer in time.", "Try again in a minute.", Back(rfc), SaveState.NothingChanged, typed);

    /// <summary>Maps an exception a handler let through; null when it is not one the user can be told about.</summary>
    public static AdaptiveCard? Map(string verb, Exception exception, RfcId? rfc, IReadOnlyList<Fact>? typed = null)
    {
        var refusal = RefusalOf(verb);
        return exception switch
        {
            DomainRuleException ex => MessageCards.Error(refusal, ex.Message, Fix(verb, ex), Back(rfc), SaveState.NothingChanged, typed),
            NotFoundException ex => MessageCards.Error(refusal, ex.Message, "The RFC may have been posted in another team. Open it from its own thread.", null),
            JsonException => MessageCards.Error(refusal, "The card sent data this app cannot read; it may be from an older version.", "Use the latest card in the thread.", Back(rfc)),
            StoreBusyException ex => MessageCards.Error(refusal, ex.Message, "Try again in a moment.", Back(rfc), SaveState.AlreadySaid, typed),
            StoreWriteFailedException ex => MessageCards.Error(refusal, ex.Message, null, Back(rfc), SaveState.AlreadySaid, typed),
            StoreUnavailableException { MayHaveBeenSaved: false } => TooSlow(verb, rfc, typed),
            StoreUnavailableException { MayHaveBeenSaved: true } => MessageCards.Error(
                "Not confirmed: the store is slow",
                "The store did not confirm this in time, so it may or may not have been saved.",
                "Refresh the card in a minute to see whether it was saved; if it was not, try again.",
                Back(rfc),
                SaveState.Unknown,
                typed),
            ConnectorException => MessageCards.Error(refusal, "Teams could not be reached or refused the request; it may be busy.", "Try again in a minute.", Back(rfc), SaveState.Unknown),
            ArgumentException => MessageCards.Error(refusal, "The card sent data this app cannot use.", "Use the latest card in the thread.", Back(rfc)),
            _ => null,
        };
    }

    /// <summary>A refusal answered with the same card: what was not saved, why, what to fix, and what was typed.</summary>
    public static CardRefusal Refusal(string verb, DomainRuleException exception, IReadOnlyDictionary<string, string> typed) =>
        new(verb, RefusalOf(verb), exception.Message, Fix(verb, exception), typed);

    /// <summary>Something this app did not expect: whether anything was saved is not known here.</summary>
    public static AdaptiveCard Unexpected(string verb, RfcId? rfc) =>
        MessageCards.Error(RefusalOf(verb), "Something went wrong on our side.", "Refresh the card to see whether your change was saved; if it was not, try again in a minute, and if it keeps failing, tell your admin.", Back(rfc), SaveState.Unknown);

    private static string? Fix(string verb, DomainRuleException ex) => (verb, ex.Field) switch
    {
        (_, null) => null,
        (CardVerbs.Withdraw, "reason") => "Say why you are withdrawing it.",
        (_, InputIds.ConcernId) => "Choose the concern in the list.",
        (CardVerbs.ExtendWindow, _) => $"Extend by {RfcLimits.WindowDaysMin} to {RfcLimits.WindowDaysMax} days; a reason is optional.",
        (_, "comment") => $"Write a comment of {RfcLimits.CommentMin} to {RfcLimits.CommentMax:N0} characters.",
        (_, "concernTitle") => $"Give the concern a short name of {RfcLimits.ConcernTitleMin} to {RfcLimits.ConcernTitleMax} characters.",
        (_, "note") => "Say in a few words how the concern was addressed.",
        (_, "earlyCloseReason") => "Give a reason for closing the comment window early.",
        _ => $"Check the \"{ex.Field}\" field and try again.",
    };

    private static (TeamId, RfcNumber)? Back(RfcId? rfc) => rfc is { } id ? (id.Team, id.Number) : null;
}
