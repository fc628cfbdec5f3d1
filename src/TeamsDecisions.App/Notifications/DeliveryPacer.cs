using Microsoft.Extensions.Options;

namespace TeamsDecisions.App.Notifications;

/// <summary>
/// Paces Connector calls on the injected clock: at most <see cref="NotificationOptions.PerConversationPerSecond"/>
/// messages in any one second to a conversation (Teams answers 429 beyond 7/s), at most
/// <see cref="NotificationOptions.PerTenantPerSecond"/> requests in any one second per tenant, and nothing to a
/// conversation the Connector told to wait (Retry-After). Each limit is a sliding window of the last N slots handed
/// out — stricter than a token bucket, whose full bucket plus refill lets 2N through in the first second. The budgets
/// are per instance; with several instances Teams' own 429 and Retry-After pace the rest.
/// </summary>
internal sealed class DeliveryPacer(TimeProvider clock, IOptions<NotificationOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Slots> tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slots> conversations = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Takes the next slot for a request in <paramref name="tenant"/> (to <paramref name="conversation"/>, if it posts a message); returns how long to wait for it.</summary>
    public TimeSpan Reserve(string tenant, string? conversation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var settings = options.Value;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var forTenant = SlotsOf(tenants, tenant, now);
            var forConversation = conversation is null ? null : SlotsOf(conversations, conversation, now);
            var at = Max(now, forTenant.Earliest(settings.PerTenantPerSecond));
            if (forConversation is not null)
            {
                at = Max(at, forConversation.Earliest(settings.PerConversationPerSecond));
            }

            forTenant.Take(at);
            forConversation?.Take(at);
            return at - now;
        }
    }

    /// <summary>Waits on the clock for the next slot (see <see cref="Reserve"/>).</summary>
    public async Task WaitTurnAsync(string tenant, string? conversation, CancellationToken cancellationToken)
    {
        var wait = Reserve(tenant, conversation);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The Connector answered 429 with Retry-After: nothing more goes to <paramref name="conversation"/> before <paramref name="until"/>.</summary>
    public void Hold(string conversation, DateTimeOffset until)
    {
        lock (gate)
        {
            SlotsOf(conversations, conversation, clock.GetUtcNow()).HoldUntil(until);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static Slots SlotsOf(Dictionary<string, Slots> all, string key, DateTimeOffset now)
    {
        if (all.Count > 10_000)
        {
            // Conversations come and go: forget those with nothing in the last second and no hold.
            foreach (var idle in all.Where(p => p.Value.IsIdle(now - Window)).Select(p => p.Key).ToList())
            {
                all.Remove(idle);
            }
        }

        if (!all.TryGetValue(key, out var slots))
        {
            slots = new Slots();
            all[key] = slots;
        }

        slots.Forget(now - Window);
        return slots;
    }

    /// <summary>The slots handed out in the last window, oldest first (always in order: a new slot is never earlier than the last).</summary>
    private sealed class Slots
    {
        private readonly Queue<DateTimeOffset> taken = new();
        private DateTimeOffset heldUntil = DateTimeOffset.MinValue;
        private DateTimeOffset last = DateTimeOffset.MinValue;

        /// <summary>The earliest time a further slot keeps at most <paramref name="limit"/> in any window.</summary>
        public DateTimeOffset Earliest(int limit)
        {
            var earliest = heldUntil > last ? heldUntil : last;
            if (taken.Count >= limit)
            {
                var nth = taken.ElementAt(taken.Count - limit) + Window;
                earliest = nth > earliest ? nth : earliest;
            }

            return earliest;
        }

        public void Take(DateTimeOffset at)
        {
            taken.Enqueue(at);
            last = at;
        }

        public void HoldUntil(DateTimeOffset until) => heldUntil = until > heldUntil ? until : heldUntil;

        public void Forget(DateTimeOffset before)
        {
            while (taken.Count > 0 && taken.Peek() <= before)
            {
                taken.Dequeue();
            }
        }

        public bool IsIdle(DateTimeOffset before) => taken.Count == 0 && heldUntil <= before && last <= before;
    }
}
