using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// The messages that @mention people in an RFC's thread, so that Teams notifies them. They are short text replies
/// next to the card rather than mentions inside it: a mention in a card lives only as long as that card version,
/// and the RFC card is replaced on every change and shown per person through refresh (views that would carry raw
/// &lt;at&gt; markup or mention everyone again), while a reply is sent once and notifies once. Each goes through the
/// notification outbox: its composer builds it when it is sent, from the RFC as it is then.
/// </summary>
internal static class MentionMessages
{
    /// <summary>The length a one-line summary of the rationale is cut to.</summary>
    public const int SummaryLength = 200;

    /// <summary>"@Aiko decides RFC-0004 Title. @Ivan and @Mohammed, please review by Sat 7 Nov 2026, 09:00 UTC."</summary>
    public static Activity ReviewRequest(Rfc rfc)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var message = new MentionMessage()
            .Mention(rfc.Decider.Id, rfc.Decider.DisplayName)
            .Text(" decides ")
            .Bold($"{rfc.Number} {rfc.Title}")
            .Text(".");
        var reviewers = rfc.RequiredReviewers.Where(r => !r.Is(rfc.Decider)).Select(r => (r.Id, (string?)r.DisplayName)).ToList();
        var by = rfc.Window is { } window ? $" by {When(window.ClosesAt)}" : string.Empty;
        if (reviewers.Count > 0)
        {
            message.Text(" ").MentionAll(reviewers).Text($", please review{by}: vote or comment on the card above.");
        }
        else if (by.Length > 0)
        {
            message.Text($" Comments are open{by}.");
        }

        return message.ToActivity();
    }

    /// <summary>"@Zofia, RFC-0004 was accepted: one line of the rationale. Read why: link".</summary>
    public static Activity Resolution(Rfc rfc, Uri? readWhy)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var decision = rfc.Decision ?? throw new ArgumentException($"{rfc.Number} is not resolved.", nameof(rfc));
        var message = new MentionMessage()
            .Mention(rfc.Author.Id, rfc.Author.DisplayName)
            .Text($", {rfc.Number} was {Outcome(decision.Outcome)} by {rfc.Decider.DisplayName} ({decision.Number}): {OneLine(decision.Rationale)}");
        return (readWhy is null
            ? message.Text(" The decision record is on the card at the top of this thread.")
            : message.Text(" Read why: ").Link(readWhy, decision.Number.ToString()))
            .ToActivity();
    }

    /// <summary>
    /// "@Aiko, DEC-0003 Title is superseded by DEC-0012 New title (RFC-0012), decided by Bob. Read why: link", in the
    /// superseded decision's thread. A decider who supersedes their own decision is named, not mentioned: Teams would
    /// notify them of what they just did.
    /// </summary>
    public static Activity Superseded(Rfc old, Rfc by, Uri? readWhy)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(by);
        var decision = by.Decision ?? throw new ArgumentException($"{by.Number} is not resolved.", nameof(by));
        var superseded = decision.Supersedes ?? old.Decision?.Number ?? throw new ArgumentException($"{old.Number} has no decision.", nameof(old));
        var message = new MentionMessage();
        if (old.Decider.Is(by.Decider))
        {
            message.Bold($"{superseded} {old.Title}");
        }
        else
        {
            message.Mention(old.Decider.Id, old.Decider.DisplayName).Text(", ").Bold($"{superseded} {old.Title}");
        }

        message.Text(" is superseded by ").Bold($"{decision.Number} {by.Title}").Text($" ({by.Number}), decided by {by.Decider.DisplayName}.");
        return (readWhy is null ? message : message.Text(" Read why: ").Link(readWhy, decision.Number.ToString())).ToActivity();
    }

    /// <summary>"@Aiko, comments on RFC-0004 are closed: it is yours to resolve." Above the window-closed notice's card.</summary>
    public static Activity DeciderWindowClosed(Rfc rfc)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        return new MentionMessage()
            .Mention(rfc.Decider.Id, rfc.Decider.DisplayName)
            .Text($", comments on {rfc.Number} are closed: it is yours to resolve.")
            .ToActivity();
    }

    /// <summary>"@Zofia, Ivan says they are not the right reviewer for RFC-0002 Title: note" — from a 1:1 reminder, in the RFC's thread.</summary>
    public static Activity NotRightReviewer(Rfc rfc, UserRef reviewer, string? note)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(reviewer);
        var message = new MentionMessage()
            .Mention(rfc.Author.Id, rfc.Author.DisplayName)
            .Text($", {reviewer.DisplayName} says they are not the right reviewer for ")
            .Bold($"{rfc.Number} {rfc.Title}");
        return (string.IsNullOrWhiteSpace(note) ? message.Text(".") : message.Text($": {UserText.Shorten(note.Trim(), 500)}")).ToActivity();
    }

    private static string When(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Outcome(DecisionOutcome outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>The rationale's first non-empty line, cut between whole graphemes, ending with a full stop.</summary>
    private static string OneLine(string rationale)
    {
        var line = rationale.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        line = UserText.Shorten(line, SummaryLength);
        return line.EndsWith('.') || line.EndsWith('…') || line.EndsWith('!') || line.EndsWith('?') ? line : line + ".";
    }
}
