using Microsoft.Extensions.Options;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Core;

namespace TeamsDecisions.App.Tabs;

/// <summary>
/// The tab's JSON API under <c>/api/tab</c>: every route but <c>/mode</c> needs a signed-in caller
/// (<see cref="TabAuth.Policy"/>), and every <c>/teams/{teamId}</c> route a caller on that team's roster.
/// </summary>
internal static class TabApi
{
    public const string Prefix = "/api/tab";

    public static IServiceCollection AddTabData(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<TabQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapTabApi(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous on purpose: the page must know, before any sign-in, whether a plain browser may use it (local mode only).
        endpoints.MapGet(Prefix + "/mode", (IOptions<TabAuthOptions> tab) => Results.Ok(new TabJson.Mode(tab.Value.IsLocalMode)))
            .AddEndpointFilter(NoStore);

        var api = endpoints.MapGroup(Prefix).RequireAuthorization(TabAuth.Policy).AddEndpointFilter(NoStore).AddEndpointFilter(StoreTrouble);

        // Who is signed in, and the installed teams of their tenant whose roster lists them.
        api.MapGet("/me", async (HttpContext http, MemberTeams members, CancellationToken cancellationToken) =>
        {
            if (TabCaller.Of(http.User) is not { } caller)
            {
                return TabCaller.SignInAgain();
            }

            var teams = await members.OfAsync(caller.UserId, caller.TenantId, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new MeResponse(
                caller.Name,
                [.. teams.Teams.Select(t => new TeamItem(t.Team.Value, t.TeamName ?? "Team"))],
                teams.NotChecked));
        });

        // All my teams' metrics: the personal tab's overview.
        api.MapGet("/metrics", async (HttpContext http, MemberTeams members, TabQueries queries, CancellationToken cancellationToken) =>
        {
            if (TabCaller.Of(http.User) is not { } caller)
            {
                return TabCaller.SignInAgain();
            }

            var mine = await members.OfAsync(caller.UserId, caller.TenantId, cancellationToken).ConfigureAwait(false);
            return Results.Ok(await queries.MetricsAsync([.. mine.Teams.Select(t => t.Team)], cancellationToken).ConfigureAwait(false));
        });

        var team = api.MapGroup("/teams/{teamId}").AddEndpointFilter(MembersOnly);

        team.MapGet("/decisions", async (string teamId, string? status, string? from, string? to, string? decider, string? q, HttpContext http, TabQueries queries, CancellationToken cancellationToken) =>
        {
            var (query, errors) = DecisionLogQuery.Parse(status, from, to, decider, q);
            if (query is null)
            {
                return Results.ValidationProblem(errors, title: "Some filters cannot be used: fix them and try again.");
            }

            return Results.Ok(await queries.DecisionsAsync(new TeamId(teamId), TabCaller.Of(http.User)!.TenantId, query, cancellationToken).ConfigureAwait(false));
        });

        team.MapGet("/decisions/{number}", async (string teamId, string number, TabQueries queries, CancellationToken cancellationToken) =>
        {
            if (!DecisionNumber.TryParse(number, out var dec))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["number"] = ["Name the decision as DEC-0042 or 42."] }, title: "That is not a decision number.");
            }

            return await queries.DecisionAsync(new TeamId(teamId), dec, cancellationToken).ConfigureAwait(false) is { } decision
                ? Results.Ok(decision)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"This team has no decision {dec}.");
        });

        team.MapGet("/rfcs", async (string teamId, TabQueries queries, CancellationToken cancellationToken) =>
            Results.Ok(await queries.OpenRfcsAsync(new TeamId(teamId), cancellationToken).ConfigureAwait(false)));

        team.MapGet("/metrics", async (string teamId, TabQueries queries, CancellationToken cancellationToken) =>
            Results.Ok(await queries.MetricsAsync([new TeamId(teamId)], cancellationToken).ConfigureAwait(false)));
        return endpoints;
    }

    /// <summary>
    /// The caller must be on the roster of <c>{teamId}</c>, an installed team of their tenant. An unknown team, another
    /// tenant's team and a team they are not in all get the same 403 with no data, so nothing tells them apart.
    /// </summary>
    private static async ValueTask<object?> MembersOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (TabCaller.Of(http.User) is not { } caller)
        {
            return TabCaller.SignInAgain();
        }

        var teamId = http.GetRouteValue("teamId") as string;
        var members = http.RequestServices.GetRequiredService<MemberTeams>();
        if (string.IsNullOrWhiteSpace(teamId) || teamId.Length > TeamId.MaxLength
            || !await members.IsMemberAsync(new TeamId(teamId), caller.UserId, caller.TenantId, http.RequestAborted).ConfigureAwait(false))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You are not a member of this team, or it does not use TeamsDecisions.", detail: "Ask a team owner to add you, or pick one of your teams.");
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>A store that does not answer is a 503 saying so, never a 500 with a stack trace.</summary>
    private static async ValueTask<object?> StoreTrouble(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The decision store is slow or unreachable. Try again in a minute.");
        }
        catch (OperationCanceledException) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The decision store did not answer in time. Try again in a minute.");
        }
    }

    /// <summary>Team data is personal to the caller's membership: no shared or browser cache may keep it.</summary>
    private static async ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return await next(context).ConfigureAwait(false);
    }

    internal sealed record TeamItem(string Id, string Name);

    internal sealed record MeResponse(string Name, IReadOnlyList<TeamItem> Teams, int TeamsNotChecked);
}
