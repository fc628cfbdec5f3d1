using Microsoft.Extensions.Options;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Bot;

/// <summary>
/// Looks at the recurring meetings of people who opted in ("check my meetings", or Calendar:Users) and asks each
/// organiser, in their personal chat, whether a costly or late-landing series should be an async thread — at most
/// once per series per quarter, never again after "Never for this meeting". Graph throttling is honoured
/// (Retry-After); a failed person is skipped until the next scan.
/// </summary>
internal sealed class MeetingPromptService(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CalendarOptions> options, ILogger<MeetingPromptService> logger) : PeriodicWorker(clock)
{
    /// <summary>A series is worth a prompt when it costs at least this many person-hours a month, or lands outside working hours for someone.</summary>
    public const double MinimumPersonHours = 8;

    private readonly string owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    /// <summary>One scan; returns how many prompts were sent.</summary>
    protected override TimeSpan Interval => options.Value.ScanInterval;

    protected override bool Enabled => options.Value.Enabled;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IMeetingPromptStore>();
        var calendars = scope.ServiceProvider.GetRequiredService<ICalendarReader>();
        var connector = scope.ServiceProvider.GetRequiredService<IConnectorClient>();
        var settings = options.Value;
        var people = (await store.OptedInAsync(cancellationToken).ConfigureAwait(false)).ToList();
        foreach (var configured in settings.Users.Where(u => people.All(p => !string.Equals(p.UserId, u, StringComparison.OrdinalIgnoreCase))))
        {
            if (await store.FindConversationAsync(configured, cancellationToken).ConfigureAwait(false) is { } known)
            {
                people.Add(known);
            }
        }

        var now = Clock.GetUtcNow();
        var sent = 0;
        foreach (var person in people)
        {
            try
            {
                // Several instances scan the same people: each person is scanned by whoever claims them first.
                if (!await store.TryClaimPersonAsync(person.UserId, owner, now, now + settings.ScanInterval / 2, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var series = await calendars.RecurringSeriesAsync(person.UserId, now, now.AddDays(settings.LookAheadDays), cancellationToken).ConfigureAwait(false);
                var costs = series.Where(s => s.Occurrences.Count >= 2).Select(s => MeetingCosts.Price(s, settings.LookAheadDays))
                    .Where(c => c.PersonHoursPerMonth >= MinimumPersonHours || c.PeopleOutsideWorkingHours > 0)
                    .OrderByDescending(c => c.PeopleOutsideWorkingHours).ThenByDescending(c => c.PersonHoursPerMonth);
                foreach (var cost in costs)
                {
                    var state = await store.GetStateAsync(person.UserId, cost.Series.SeriesId, cancellationToken).ConfigureAwait(false);
                    if (!state.ShouldPrompt(now))
                    {
                        continue;
                    }

                    var card = MeetingCards.Prompt(cost);
                    await connector.SendAsync(person.ServiceUrl, person.ConversationId, CardMessages.Message(card), cancellationToken).ConfigureAwait(false);
                    await store.SaveStateAsync(person.UserId, state with { LastPromptedQuarter = MeetingPromptState.Quarter(now) }, cancellationToken).ConfigureAwait(false);
                    Log.MeetingPromptSent(logger, person.UserId, cost.Series.SeriesId);
                    sent++;
                }
            }
            catch (Exception ex) when (ex is RetryLaterException or DependencyFailedException or StoreUnavailableException or StoreWriteFailedException or ConnectorException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.MeetingScanFailed(logger, ex, person.UserId);
            }
        }

        return sent;
    }

    protected override void RoundFailed(Exception exception) => Log.MeetingScanFailed(logger, exception, "-");
}
