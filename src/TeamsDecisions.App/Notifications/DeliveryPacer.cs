using Microsoft.Extensions.Options;

namespace TeamsDecisions.App.Notifications;

/// <summary>
/// Paces Connector calls on the injected clock: at most <see cref="NotificationOptions.PerConversationPerSecond"/>
/// messages in any one second to a conversation (Teams answers 429 beyond 7/s), at most
/// <see cref="NotificationOptions.PerTenantPerSecond"/> requests in any one second per tenant, and nothing to a
/// conversation the Connector told to wait (Retry-After). Each limit is a sliding window over the requests of the
/// last second — stricter than a token bucket, whose full bucket plus its refill lets 2N through in a first second.
/// A slot is only taken when it is free now, so a held conversation never holds up the rest of its tenant. The
/// budgets are per instance; with several instances Teams' own 429 and Retry-After pace the rest.
/// </summary>
internal sealed class DeliveryPacer(TimeProvider clock, IOptions<NotificationOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Slots> tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slots> conversations = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>
    /// Takes a slot for a request in <paramref name="tenant"/> (to <paramref name="conversation"/>, if it posts a
    /// message) if both budgets have one now, and returns zero; otherwise takes nothing and returns how long to wait
    /// before asking again.
    /// </summary>
    public TimeSpan TryTake(string tenant, string? conversation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var settings = options.Value;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var forTenant = SlotsOf(tenants, tenant, now);
            var forConversation = conversation is null ? null : SlotsOf(conversations, conversation, now);
            var at = Max(forTenant.FreeAt(settings.PerTenantPerSecond), forConversation?.FreeAt(settings.PerConversationPerSecond) ?? DateTimeOffset.MinValue);
            if (at > now)
            {
                return at - now;
            }

            forTenant.Take(now);
            forConversation?.Take(now);
            return TimeSpan.Zero;
        }
    }

    /// <summary>Waits on the clock until a slot is free, and takes it (see <see cref="TryTake"/>).</summary>
    public async Task WaitTurnAsync(string tenant, string? conversation, CancellationToken cancellationToken)
    {
        while (TryTake(tenant, conversation) is var wait && wait > TimeSpan.Zero)
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

    /// <summary>The slots taken in the last window, oldest first (taken at "now", so always in order).</summary>
    private sealed class Slots
    {
        private readonly Queue<DateTimeOffset> taken = new();
        private DateTimeOffset heldUntil = DateTimeOffset.MinValue;

        /// <summary>When a further slot keeps at most <paramref name="limit"/> in any window (and no hold is on).</summary>
        public DateTimeOffset FreeAt(int limit) =>
            taken.Count >= limit && taken.ElementAt(taken.Count - limit) + Window is var free && free > heldUntil ? free : heldUntil;

        public void Take(DateTimeOffset at) => taken.Enqueue(at);

        public void HoldUntil(DateTimeOffset until) => heldUntil = until > heldUntil ? until : heldUntil;

        public void Forget(DateTimeOffset before)
        {
            while (taken.Count > 0 && taken.Peek() <= before)
            {
                taken.Dequeue();
            }
        }

        public bool IsIdle(DateTimeOffset before) => taken.Count == 0 && heldUntil <= before;
    }
}
