using System.Text.Json;
using Microsoft.Extensions.Options;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Teams;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Bot.Actions;

/// <summary>
/// Universal Actions (adaptiveCard/action): looks the verb up in one table, checks there is an identity (from the
/// authenticated activity only), runs its handler within the invoke budget, and maps whatever went wrong to a card
/// through <see cref="CardActionErrors"/>. Teams shows "Something went wrong" when an answer is slow, and the Bot
/// Service gives up after 10–15 s, so an answer later than the budget would be lost even when the change was saved.
/// </summary>
internal sealed class CardActionHandler(IServiceProvider services, IOptions<BotOptions> options, TimeProvider clock, ILogger<CardActionHandler> logger)
{
    /// <summary>How long past the budget a change already on its way to the store may take to confirm.</summary>
    public static readonly TimeSpan ConfirmGrace = TimeSpan.FromMilliseconds(300);

    private static readonly Dictionary<string, Type> Verbs = new(StringComparer.Ordinal)
    {
        [CardVerbs.NewRfcForm] = typeof(RfcFormActions),
        [CardVerbs.SubmitRfc] = typeof(RfcFormActions),
        [CardVerbs.Refresh] = typeof(RfcActions),
        [CardVerbs.OpenRfc] = typeof(RfcActions),
        [CardVerbs.Vote] = typeof(RfcActions),
        [CardVerbs.Comment] = typeof(RfcActions),
        [CardVerbs.RaiseConcern] = typeof(RfcActions),
        [CardVerbs.ResolveConcern] = typeof(RfcActions),
        [CardVerbs.CloseEarly] = typeof(RfcActions),
        [CardVerbs.ExtendWindow] = typeof(RfcActions),
        [CardVerbs.Withdraw] = typeof(RfcActions),
        [CardVerbs.ResolveForm] = typeof(ResolveActions),
        [CardVerbs.Resolve] = typeof(ResolveActions),
        [CardVerbs.MeetingForm] = typeof(MeetingTestActions),
        [CardVerbs.MeetingEvaluate] = typeof(MeetingTestActions),
        [CardVerbs.MeetingThread] = typeof(MeetingTestActions),
        [CardVerbs.MeetingRfc] = typeof(MeetingTestActions),
        [CardVerbs.MeetingKeep] = typeof(MeetingTestActions),
        [CardVerbs.MeetingSnooze] = typeof(MeetingTestActions),
        [CardVerbs.MeetingNever] = typeof(MeetingTestActions),
        [CardVerbs.SaveSettings] = typeof(SettingsActions),
        [CardVerbs.ReminderSnooze] = typeof(ReminderActions),
        [CardVerbs.ReminderNotMe] = typeof(ReminderActions),
        [CardVerbs.Explore] = typeof(Exploration.ExplorationActions),
        [CardVerbs.ExplorePick] = typeof(Exploration.ExplorationActions),
        [CardVerbs.ExploreWrite] = typeof(Exploration.ExplorationActions),
    };

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var (verb, data) = ReadAction(turn.Activity);
        if (verb is null || !Verbs.TryGetValue(verb, out var handlerType))
        {
            return CardMessages.Answer(CardActionErrors.UnknownVerb(verb));
        }

        if (turn.Actor is null)
        {
            return CardMessages.Answer(CardActionErrors.NoIdentity(verb));
        }

        var action = new CardAction(turn, verb, data);
        var handler = (ICardActionHandler)services.GetRequiredService(handlerType);
        var budget = options.Value.InvokeBudget;
        using var deadline = new CancellationTokenSource(budget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        Task<AdaptiveCard> work;
        using (StoreCallBudget.Begin(budget))
        {
            work = handler.HandleAsync(action, linked.Token);
        }

        try
        {
            return CardMessages.Answer(await work.WaitAsync(budget + ConfirmGrace, clock, cancellationToken).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            // The change may be on the wire; whatever it turns out to be is logged by the store, not guessed here.
            _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default);
            Log.ActionTimedOut(logger, verb, action.Rfc?.ToString() ?? "-");
            return CardMessages.Answer(CardActionErrors.Map(verb, StoreUnavailableException.Unconfirmed(), action.Rfc, action.Typed())!);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Cancelled by the budget before the change left this instance: it was not saved.
            Log.ActionTimedOut(logger, verb, action.Rfc?.ToString() ?? "-");
            return CardMessages.Answer(CardActionErrors.TooSlow(verb, action.Rfc, action.Typed()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException && CardActionErrors.Map(verb, ex, action.Rfc, action.Typed()) is { } card)
        {
            if (ex is DomainRuleException refused)
            {
                Log.ActionRefused(logger, verb, action.Rfc?.ToString() ?? "-", refused.Rule);
            }
            else
            {
                Log.ActionFailed(logger, ex, verb);
            }

            return CardMessages.Answer(card);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ActionFailed(logger, ex, verb);
            return CardMessages.Answer(CardActionErrors.Unexpected(verb, action.Rfc));
        }
        catch (OperationCanceledException)
        {
            // Teams hung up: nobody reads this answer, but whatever the work ends with is still observed.
            _ = work.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    private static (string? Verb, JsonElement Data) ReadAction(Activity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            return (null, default);
        }

        var verb = action.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var data = action.TryGetProperty("data", out var d) ? d.Clone() : default;
        return (verb, data);
    }
}
