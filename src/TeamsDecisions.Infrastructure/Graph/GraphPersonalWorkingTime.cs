using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.Infrastructure.Graph;

/// <summary>
/// A person's working time from their Microsoft Graph <c>mailboxSettings</c> (application permission
/// MailboxSettings.Read): the days and hours of <c>workingHours</c>, in the zone <c>workingHours.timeZone</c> names,
/// else in the mailbox's <c>timeZone</c>. A mailbox with a zone but no working hours works Monday to Friday,
/// 08:00–18:00 in that zone (the team defaults); hours that cross midnight (a night shift), which a
/// <see cref="WorkingTime"/> cannot hold, count as whole working days. Zones may be Windows ids ("W. Europe Standard
/// Time") or IANA ids; a custom or unknown zone on both counts as unknown. Null, never an exception, when the person
/// has no readable mailbox (403, 404), no known zone, or Graph fails (5xx, long throttling, a timeout): their
/// reminders then keep to the team's hours. Answers are kept per person for Graph:WorkingHoursCacheDuration (a null
/// for <see cref="UnknownCacheDuration"/>), so a reminder scan costs Graph at most one call per person per period.
/// </summary>
public sealed class GraphPersonalWorkingTime(
    GraphServiceClient graph,
    TimeProvider clock,
    IOptions<GraphOptions> options,
    ILogger<GraphPersonalWorkingTime> logger) : IPersonalWorkingTime
{
    /// <summary>How long "not known" is kept: short, so a mailbox or a grant that appears is picked up within the hour.</summary>
    public static readonly TimeSpan UnknownCacheDuration = TimeSpan.FromMinutes(15);

    /// <summary>A lookup is given up after this long: reminders must not wait on a Graph that hangs.</summary>
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Past this many entries the expired ones are dropped (people who left every RFC).</summary>
    private const int PruneAbove = 2048;

    private static readonly TimeOnly DefaultStart = new(8, 0);
    private static readonly TimeOnly DefaultEnd = new(18, 0);

    private readonly ConcurrentDictionary<string, (WorkingTime? Value, DateTimeOffset Until)> cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<WorkingTime?> FindAsync(UserRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(person.Id, out var kept) && kept.Until > now)
        {
            return kept.Value;
        }

        var found = await ReadAsync(person.Id, cancellationToken).ConfigureAwait(false);
        if (cache.Count > PruneAbove)
        {
            foreach (var (key, entry) in cache)
            {
                if (entry.Until <= now)
                {
                    cache.TryRemove(key, out _);
                }
            }
        }

        cache[person.Id] = (found, now + (found is null ? UnknownCacheDuration : options.Value.WorkingHoursCacheDuration));
        return found;
    }

    /// <summary>The working time a mailbox's settings describe; null without a zone this system knows.</summary>
    internal static WorkingTime? FromMailbox(MailboxSettings? settings)
    {
        var mailboxZone = Zone(settings?.TimeZone);
        if (settings?.WorkingHours is not { } hours)
        {
            return mailboxZone is null ? null : new WorkingTime(mailboxZone, WeekDaysExtensions.MondayToFriday, DefaultStart, DefaultEnd);
        }

        if ((Zone(hours.TimeZone?.Name) ?? mailboxZone) is not { } zone)
        {
            return null;
        }

        var days = (hours.DaysOfWeek ?? []).OfType<DayOfWeekObject>().Select(ToDayOfWeek).ToWeekDays();
        if (days == WeekDays.None)
        {
            days = WeekDaysExtensions.MondayToFriday;
        }

        var start = hours.StartTime is { } s ? new TimeOnly(s.Hour, s.Minute, s.Second) : DefaultStart;
        var end = hours.EndTime is { } e ? new TimeOnly(e.Hour, e.Minute, e.Second) : DefaultEnd;
        if (end == TimeOnly.MinValue && start > TimeOnly.MinValue)
        {
            // Outlook writes a day that ends at midnight as 00:00.
            end = TimeOnly.MaxValue;
        }

        return start < end
            ? new WorkingTime(zone, days, start, end)
            : new WorkingTime(zone, days, TimeOnly.MinValue, TimeOnly.MaxValue);
    }

    /// <summary>A zone from a Windows id or an IANA id (Graph gives either); null for a custom or unknown one.</summary>
    internal static TimeZoneInfo? Zone(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(name, out var iana) && TimeZoneInfo.TryFindSystemTimeZoneById(iana, out zone) ? zone : null;
    }

    private static DayOfWeek ToDayOfWeek(DayOfWeekObject day) => day switch
    {
        DayOfWeekObject.Sunday => DayOfWeek.Sunday,
        DayOfWeekObject.Monday => DayOfWeek.Monday,
        DayOfWeekObject.Tuesday => DayOfWeek.Tuesday,
        DayOfWeekObject.Wednesday => DayOfWeek.Wednesday,
        DayOfWeekObject.Thursday => DayOfWeek.Thursday,
        DayOfWeekObject.Friday => DayOfWeek.Friday,
        DayOfWeekObject.Saturday => DayOfWeek.Saturday,
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, null),
    };

    private async Task<WorkingTime?> ReadAsync(string userId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LookupTimeout);
        MailboxSettings? settings;
        try
        {
            settings = await GraphCalls.CallAsync(
                () => graph.Users[userId].MailboxSettings.GetAsync(r => r.Options.Add(GraphCalls.NoSdkRetry), timeout.Token),
                clock,
                timeout.Token).ConfigureAwait(false);
        }
        catch (DependencyFailedException ex) when (ex.Status is 403 or 404)
        {
            // No mailbox (a guest), or MailboxSettings.Read not granted for this mailbox (scoped to chosen mailboxes).
            Log.WorkingHoursRefused(logger, userId, ex.Status);
            return null;
        }
        catch (Exception ex) when (ex is DependencyFailedException or RetryLaterException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.WorkingHoursUnavailable(logger, ex, userId);
            return null;
        }

        var found = FromMailbox(settings);
        if (found is null)
        {
            Log.UnknownTimeZone(logger, userId, settings?.WorkingHours?.TimeZone?.Name ?? settings?.TimeZone);
        }

        return found;
    }
}
