using System.Collections.Concurrent;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// Keeps the RFC's card in its channel up to date, coalesced per RFC: at most one update every
/// <see cref="MinimumInterval"/>, always with the latest state, so a burst of votes never trips Teams' limit of
/// 7 operations per second per thread. The RFC keeps which state its card last showed: if the process stops between
/// a change and its update, the card is found behind at start-up (and by the periodic check, and by anyone's
/// refresh) and updated then.
/// </summary>
internal sealed class ChannelCardUpdater(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ChannelCardUpdater> logger) : IDisposable
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<RfcId, Slot> slots = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Updates the card soon; returns at once. Requests that arrive while one is waiting are merged into it.</summary>
    public void Request(RfcId id)
    {
        var slot = slots.GetOrAdd(id, _ => new Slot());
        lock (slot)
        {
            slot.Dirty = true;
            if (slot.Running)
            {
                return;
            }

            slot.Running = true;
        }

        Detached.Run(() => RunAsync(id, slot));
    }

    /// <summary>
    /// Updates the card if it shows an older state than the one stored (the process stopped between a change and
    /// its update); returns at once and checks in the background.
    /// </summary>
    public void RequestIfBehind(RfcId id)
    {
        Detached.Run(async () =>
        {
            try
            {
                using var scope = scopes.CreateScope();
                if (await scope.ServiceProvider.GetRequiredService<IRfcStore>().IsChannelCardBehindAsync(id, stopping.Token).ConfigureAwait(false))
                {
                    Request(id);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                Log.CardUpdateFailed(logger, ex, id.ToString());
            }
        });
    }

    /// <summary>True while any update is waiting or being sent.</summary>
    public bool IsBusy => slots.Values.Any(s => { lock (s) { return s.Running; } });

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task RunAsync(RfcId id, Slot slot)
    {
        while (true)
        {
            // Nothing new since the last update: stop rather than park on the clock.
            lock (slot)
            {
                if (!slot.Dirty)
                {
                    slot.Running = false;
                    return;
                }
            }

            var wait = slot.LastSent + MinimumInterval - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, clock, stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    lock (slot)
                    {
                        slot.Running = false;
                    }

                    return;
                }
            }

            // Taken after the wait, so that everything requested meanwhile goes out in this one update.
            lock (slot)
            {
                slot.Dirty = false;
            }

            await UpdateOnceAsync(id).ConfigureAwait(false);
            slot.LastSent = clock.GetUtcNow();
        }
    }

    private async Task UpdateOnceAsync(RfcId id)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var store = scope.ServiceProvider.GetRequiredService<IRfcStore>();
            var conversations = scope.ServiceProvider.GetRequiredService<IConversationStore>();
            var connector = scope.ServiceProvider.GetRequiredService<IConnectorClient>();
            var links = scope.ServiceProvider.GetRequiredService<DecisionLinks>();
            var rfc = await store.FindAsync(id, stopping.Token).ConfigureAwait(false);
            if (rfc?.Thread is not { MessageId: { } messageId } thread)
            {
                return;
            }

            var team = await conversations.FindTeamAsync(id.Team, stopping.Token).ConfigureAwait(false);
            if (team is null)
            {
                return;
            }

            var card = RfcCard.Build(rfc, new CardViewer(clock.GetUtcNow()), await links.ForAsync(rfc, stopping.Token).ConfigureAwait(false));
            var activity = CardMessages.Message(card);
            await connector.UpdateAsync(team.ServiceUrl, thread.ConversationId, messageId, activity, stopping.Token).ConfigureAwait(false);
            await store.MarkChannelCardShownAsync(id, rfc.LastSequence, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Whatever went wrong, this RFC's slot must stay usable: the next change tries again.
            Log.CardUpdateFailed(logger, ex, id.ToString());
        }
    }

    private sealed class Slot
    {
        public bool Dirty { get; set; }

        public bool Running { get; set; }

        public DateTimeOffset LastSent { get; set; } = DateTimeOffset.MinValue;
    }
}

/// <summary>The links the final card shows: the decision's page once published, the log, or where publishing stands.</summary>
internal sealed class DecisionLinks(IPublicationOutbox outbox)
{
    public async Task<CardLinks> ForAsync(Core.Rfcs.Rfc rfc, CancellationToken cancellationToken)
    {
        if (rfc.Decision is not { } decision)
        {
            return CardLinks.None;
        }

        var publication = await outbox.FindAsync(rfc.Id, cancellationToken).ConfigureAwait(false);
        return publication switch
        {
            { Status: PublicationStatus.Published, PageUrl: { } page } => new CardLinks(page, publication.LogUrl),
            { Status: PublicationStatus.Failing } => new CardLinks(null, publication.LogUrl, $"Publishing the decision page is failing ({publication.LastError}); it is retried automatically. {decision.Number} itself is saved."),
            _ => new CardLinks(null, publication?.LogUrl, $"{decision.Number} is saved; its decision page is being published and its link appears here when it is ready."),
        };
    }
}
