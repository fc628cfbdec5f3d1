using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// The messages that @mention people in an RFC's thread, so that Teams notifies them. They are short text replies
/// next to the card rather than mentions inside it: a mention in a card lives only as long as that card version,
/// and the RFC card is replaced on every change and shown per person through refresh (views that would carry raw
/// &lt;at&gt; markup or mention everyone again), while a reply is sent once and notifies once.
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

    /// <summary>"@Aiko, comments on RFC-0004 are closed: it is yours to resolve." For the window-closed notice, when it moves to the outbox.</summary>
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

/// <summary>
/// Sends the thread's @mention messages after the answer, detached from the request: a mention is a courtesy that
/// must not hold up the person's card (or fail their action). Not durable yet: if the app stops between the change and
/// the send, or Teams refuses it after the client's retries, the mention is lost and logged. The notification outbox
/// will carry them.
/// </summary>
internal sealed class ThreadMentions(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<ThreadMentions> logger)
{
    /// <summary>The RFC's thread was just created: mention the decider and the required reviewers in it.</summary>
    public void AfterPosted(Rfc rfc) => Send(rfc, (_, _) => Task.FromResult<Activity?>(MentionMessages.ReviewRequest(rfc)));

    /// <summary>The RFC was just resolved by this command (not a replay): tell the author in the thread.</summary>
    public void AfterResolved(RfcCommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rfc = result.Rfc;
        if (result.AlreadyApplied || rfc.Decision is null || rfc.Author.Is(rfc.Decider))
        {
            return;
        }

        Send(rfc, async (services, cancellationToken) =>
        {
            var links = await services.GetRequiredService<DecisionLinks>().ForAsync(rfc, cancellationToken).ConfigureAwait(false);
            return MentionMessages.Resolution(rfc, links.DecisionPage ?? links.DecisionLog);
        });
    }

    private void Send(Rfc rfc, Func<IServiceProvider, CancellationToken, Task<Activity?>> build)
    {
        if (rfc.Thread is not { } thread)
        {
            return;
        }

        Detached.Run(async () =>
        {
            try
            {
                using var scope = scopes.CreateScope();
                var services = scope.ServiceProvider;
                var team = await services.GetRequiredService<IConversationStore>().FindTeamAsync(rfc.Team, lifetime.ApplicationStopping).ConfigureAwait(false);
                if (team is null || await build(services, lifetime.ApplicationStopping).ConfigureAwait(false) is not { } activity)
                {
                    return;
                }

                await services.GetRequiredService<IConnectorClient>().SendAsync(team.ServiceUrl, thread.ConversationId, activity, lifetime.ApplicationStopping).ConfigureAwait(false);
                Log.MentionSent(logger, rfc.Id.ToString(), activity.Entities?.Count ?? 0);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                Log.PostFailed(logger, ex, thread.ConversationId);
            }
        });
    }
}
