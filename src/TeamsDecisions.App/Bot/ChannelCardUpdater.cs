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
/// 7 operations per second per thread. The pending flag lives in memory: if the process stops, the next change
/// (or anyone's refresh) brings the card up to date.
/// </summary>
internal sealed class ChannelCardUpdater(IServiceScopeFactory scopes, ILogger<ChannelCardUpdater> logger) : IDisposable
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

        _ = Task.Run(() => RunAsync(id, slot));
    }

    /// <summary>Completes when no update is pending or running (for tests and shutdown).</summary>
    public async Task IdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (slots.Values.Any(s => { lock (s) { return s.Running; } }) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task RunAsync(RfcId id, Slot slot)
    {
        while (true)
        {
            var wait = slot.LastSent + MinimumInterval - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            lock (slot)
            {
                if (!slot.Dirty)
                {
                    slot.Running = false;
                    return;
                }

                slot.Dirty = false;
            }

            await UpdateOnceAsync(id).ConfigureAwait(false);
            slot.LastSent = DateTimeOffset.UtcNow;
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
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
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
