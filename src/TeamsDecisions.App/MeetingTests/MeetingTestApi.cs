using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TeamsDecisions.App.Bot;
using TeamsDecisions.App.Tabs;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.MeetingTests;

/// <summary>
/// The meeting test for the Outlook add-in, under <c>/api/meeting-test</c>, behind the tab's sign-in
/// (<see cref="TabAuth.Policy"/>: Office SSO tokens are for the same app registration). The verdict comes from Core's
/// <see cref="MeetingTest"/>, the cost and the send-time question from <see cref="SendTimeCheck"/>: the add-in shows
/// what it is given and decides nothing itself.
/// </summary>
internal static class MeetingTestApi
{
    public const string Prefix = "/api/meeting-test";

    /// <summary>Time-zone look-ups for attendees whose zone the add-in could not read; the send check must answer within seconds.</summary>
    public static readonly TimeSpan ZoneLookupBudget = TimeSpan.FromSeconds(2);

    /// <summary>At most this many attendees' mailboxes are asked for their zone per request (Graph allows 4 at once per mailbox anyway).</summary>
    public const int ZoneLookupsMax = 50;

    public static IEndpointRouteBuilder MapMeetingTestApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).RequireAuthorization(TabAuth.Policy);
        api.MapPost(string.Empty, EvaluateAsync);
        api.MapGet("/channels", ChannelsAsync);
        api.MapPost("/post-thread", PostThreadAsync);
        return endpoints;
    }

    private static async Task<IResult> EvaluateAsync(HttpContext http, IPersonalWorkingTime zones, IOptions<BotOptions> bot, CancellationToken cancellationToken)
    {
        if (TabCaller.Of(http.User) is null)
        {
            return TabCaller.SignInAgain();
        }

        var (request, unreadable) = await ReadAsync<MeetingTestRequest>(http, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (!MeetingTestLimits.TryRead(request, string.Empty, out var input, out var problem))
        {
            return Invalid(problem!);
        }

        input = input! with { Invitation = await WithKnownZonesAsync(input.Invitation, zones, cancellationToken).ConfigureAwait(false) };
        if (!TryEvaluate(input, out var verdict, out problem))
        {
            return Invalid(problem!);
        }

        return Results.Ok(verdict! with { StartRfcLink = StartRfcLink(bot.Value) });
    }

    private static async Task<IResult> ChannelsAsync(HttpContext http, string? team, MemberTeams members, TeamDirectory directory, CancellationToken cancellationToken)
    {
        if (TabCaller.Of(http.User) is not { } caller)
        {
            return TabCaller.SignInAgain();
        }

        if (string.IsNullOrWhiteSpace(team) || team.Length > TeamId.MaxLength)
        {
            return Invalid(new InputProblem("team", "Choose a team (an id from GET /api/tab/me)."));
        }

        if (await members.InstalledTeamOfMemberAsync(new TeamId(team), caller.UserId, caller.TenantId, cancellationToken).ConfigureAwait(false) is not { } installed)
        {
            return NotYourTeam();
        }

        var channels = await directory.ChannelsAsync(installed, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new ChannelsResponse(installed.Team.Value, [.. channels.Select(c => new ChannelItem(c.Id, c.Name))]));
    }

    private static async Task<IResult> PostThreadAsync(HttpContext http, MemberTeams members, TeamDirectory directory, MeetingTestHandler meetings, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (TabCaller.Of(http.User) is not { } caller)
        {
            return TabCaller.SignInAgain();
        }

        var (request, unreadable) = await ReadAsync<MeetingThreadRequest>(http, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (!MeetingTestLimits.TryRead(request?.Meeting, "meeting.", out var input, out var problem) || !TryEvaluate(input!, out var verdict, out problem))
        {
            return Invalid(problem!);
        }

        if (string.IsNullOrWhiteSpace(request!.Team) || request.Team.Length > TeamId.MaxLength)
        {
            return Invalid(new InputProblem("team", "Choose the team to post the thread in."));
        }

        if (string.IsNullOrWhiteSpace(request.Channel) || request.Channel.Length > 200)
        {
            return Invalid(new InputProblem("channel", "Choose the channel to post the thread in."));
        }

        var questions = (request.Questions is { Count: > 0 } asked ? asked : (input!.Agenda ?? string.Empty).Split('\n'))
            .Select(q => q?.Trim() ?? string.Empty).Where(q => q.Length > 0).ToList();
        if (questions.Count == 0)
        {
            return Invalid(new InputProblem("questions", "An async thread needs at least one question: write them one per line, or give the meeting an agenda."));
        }

        if (questions.Count > MeetingTestLimits.QuestionsMax || questions.Any(q => q.Length > MeetingTestLimits.QuestionMax))
        {
            return Invalid(new InputProblem("questions", $"At most {MeetingTestLimits.QuestionsMax} questions of up to {MeetingTestLimits.QuestionMax} characters each."));
        }

        if (await members.InstalledTeamOfMemberAsync(new TeamId(request.Team), caller.UserId, caller.TenantId, cancellationToken).ConfigureAwait(false) is not { } installed)
        {
            return NotYourTeam();
        }

        var channel = (await directory.ChannelsAsync(installed, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Id == request.Channel);
        if (channel is null)
        {
            return Invalid(new InputProblem("channel", "That channel is not one of this team's: choose one of those listed."));
        }

        try
        {
            var replyBy = await meetings.PostThreadAsync(installed, channel.Id, new UserRef(caller.UserId, caller.Name), input!.Invitation.Subject, input.Purpose, verdict!.Advice, questions, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new ThreadPostedResponse(installed.Team.Value, installed.TeamName ?? "Team", channel.Id, channel.Name, replyBy, questions.Count));
        }
        catch (ConnectorException ex)
        {
            Log.ThreadNotPosted(loggers.CreateLogger(typeof(MeetingTestApi)), ex, channel.Id);
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Teams did not take the thread. Nothing was posted: try again in a minute.");
        }
    }

    /// <summary>The verdict and the facts, or the rule the answers broke (e.g. no attendees at all).</summary>
    private static bool TryEvaluate(MeetingTestInput input, out MeetingTestResponse? verdict, out InputProblem? problem)
    {
        verdict = null;
        problem = null;
        var cost = SendTimeCheck.Price(input.Invitation);
        var people = Math.Max(1, cost.People);
        try
        {
            var advice = MeetingTest.Evaluate(new MeetingProfile(
                input.Purpose,
                input.Answers.RealTime,
                input.Answers.Visual,
                input.Answers.Shared,
                cost.People,
                Math.Clamp(cost.TimeZones, 1, people),
                Math.Min(cost.PeopleOutsideWorkingHours, people)));
            var ask = SendTimeCheck.ShouldAsk(input.Invitation, cost);
            verdict = new MeetingTestResponse(
                advice.Verdict.ToString(),
                MeetingCards.Verdict(advice.Verdict),
                advice.Reasons,
                input.Purpose.ToString(),
                MeetingCards.Purpose(input.Purpose),
                input.PurposeGuessed,
                new CostFacts(
                    cost.PersonHoursPerMonth,
                    input.Invitation.IsRecurring,
                    input.Invitation.Recurrence?.Describe(),
                    cost.People,
                    cost.TimeZones,
                    MeetingCosts.Burden(cost),
                    SendTimeCheck.Facts(input.Invitation, cost),
                    [.. cost.OutsideWorkingHours.Select(b => new BurdenFact(b.TimeZone, MeetingCosts.Place(b.TimeZone), b.People, Clock(b.LatestLocalStart), Clock(b.EarliestLocalStart)))]),
                new SendAlert(ask, ask ? SendTimeCheck.Question(input.Invitation, cost) : null),
                MeetingCards.Question,
                null)
            {
                Advice = advice,
            };
            return true;
        }
        catch (DomainRuleException ex)
        {
            problem = new InputProblem(ex.Field ?? "attendees", ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Outlook cannot tell the add-in an invitee's time zone: ask their mailbox (Graph mailboxSettings, when Graph is
    /// configured) within <see cref="ZoneLookupBudget"/>; whoever is not answered in time stays unknown.
    /// </summary>
    private static async Task<MeetingInvitation> WithKnownZonesAsync(MeetingInvitation invitation, IPersonalWorkingTime zones, CancellationToken cancellationToken)
    {
        var unknown = invitation.Attendees.Where(a => a.TimeZone is null).Select(a => a.Email).Distinct(StringComparer.OrdinalIgnoreCase).Take(ZoneLookupsMax).ToList();
        if (unknown.Count == 0)
        {
            return invitation;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ZoneLookupBudget);
        var found = await Task.WhenAll(unknown.Select(async email =>
        {
            try
            {
                // Graph takes a user principal name where it takes an object id; for most tenants that is the address.
                return (Email: email, Zone: (await zones.FindAsync(new UserRef(email, email), budget.Token).ConfigureAwait(false))?.Zone.Id);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (Email: email, Zone: (string?)null);
            }
        })).ConfigureAwait(false);
        var byEmail = found.Where(f => f.Zone is not null).ToDictionary(f => f.Email, f => f.Zone, StringComparer.OrdinalIgnoreCase);
        return byEmail.Count == 0 ? invitation : invitation with
        {
            Attendees = [.. invitation.Attendees.Select(a => a.TimeZone is null && byEmail.TryGetValue(a.Email, out var zone) ? a with { TimeZone = zone } : a)],
        };
    }

    /// <summary>
    /// "Start an RFC instead": a Teams deep link to the chat with the bot, with "rfc new" typed in. Null in local mode
    /// (no Bot:AppId): there is no Teams chat to open, the add-in tells the organiser to send "rfc new" instead.
    /// </summary>
    private static Uri? StartRfcLink(BotOptions bot) => bot.AppId is { Length: > 0 } appId
        ? new Uri($"https://teams.microsoft.com/l/chat/0/0?users=28:{Uri.EscapeDataString(appId)}&message={Uri.EscapeDataString("rfc new")}")
        : null;

    /// <summary>The body as <typeparamref name="T"/>, or a problem naming the JSON path that could not be read.</summary>
    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MeetingTestLimits.BodyMax;
        }

        if (http.Request.ContentLength > MeetingTestLimits.BodyMax)
        {
            return (default, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The request is over {MeetingTestLimits.BodyMax / 1024} KB."));
        }

        if (!http.Request.HasJsonContentType())
        {
            return (default, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the meeting as application/json."));
        }

        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(http.Request.Body, JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false), null);
        }
        catch (JsonException ex)
        {
            var field = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            return (default, Invalid(new InputProblem(field.Length == 0 ? "body" : field, "This field could not be read: check its type (text, number, true/false, list).")));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The request is over {MeetingTestLimits.BodyMax / 1024} KB."));
        }
    }

    private static IResult Invalid(InputProblem problem) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [problem.Field] = [problem.Message] }, title: problem.Message);

    private static IResult NotYourTeam() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You are not a member of that team, or TeamsDecisions is not installed in it. Choose one of your teams.");

    private static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The answer of <c>POST /api/meeting-test</c>.</summary>
internal sealed record MeetingTestResponse(
    string Verdict,
    string VerdictTitle,
    IReadOnlyList<string> Reasons,
    string Purpose,
    string PurposeTitle,
    bool PurposeGuessed,
    CostFacts Cost,
    SendAlert Alert,
    string Question,
    Uri? StartRfcLink)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public MeetingAdvice Advice { get; init; } = null!;
}

/// <summary>What the meeting costs: person-hours a month (a one-off meeting: its own), and who it lands outside 08:00–18:00 for.</summary>
internal sealed record CostFacts(double PersonHoursPerMonth, bool Recurring, string? Recurrence, int People, int TimeZones, string? Burden, string Summary, IReadOnlyList<BurdenFact> OutsideWorkingHours);

internal sealed record BurdenFact(string TimeZone, string Place, int People, string LatestLocalStart, string EarliestLocalStart);

/// <summary>Whether Outlook's send-time check asks before the invitation goes out, and what it says.</summary>
internal sealed record SendAlert(bool Ask, string? Message);

internal sealed record ChannelItem(string Id, string Name);

internal sealed record ChannelsResponse(string Team, IReadOnlyList<ChannelItem> Channels);

internal sealed record ThreadPostedResponse(string Team, string TeamName, string Channel, string ChannelName, DateTimeOffset ReplyBy, int Questions);

internal static partial class Log
{
    [LoggerMessage(9001, LogLevel.Warning, "Meeting test from Outlook: the async thread was not posted to {Channel}")]
    public static partial void ThreadNotPosted(ILogger logger, Exception exception, string channel);
}
