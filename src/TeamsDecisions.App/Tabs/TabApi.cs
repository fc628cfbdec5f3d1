using TeamsDecisions.App.Bot;

namespace TeamsDecisions.App.Tabs;

/// <summary>The tab's JSON API under <c>/api/tab</c>: every route needs a signed-in caller (<see cref="TabAuth.Policy"/>).</summary>
internal static class TabApi
{
    public const string Prefix = "/api/tab";

    public static IEndpointRouteBuilder MapTabApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).RequireAuthorization(TabAuth.Policy);

        // Who is signed in, and the installed teams of their tenant whose roster lists them.
        api.MapGet("/me", async (HttpContext http, MemberTeams members, CancellationToken cancellationToken) =>
        {
            if (TabCaller.Of(http.User) is not { } caller)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in again: the token names no tenant or user.");
            }

            var teams = await members.OfAsync(caller.UserId, caller.TenantId, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new MeResponse(
                caller.Name,
                [.. teams.Teams.Select(t => new TeamItem(t.Team.Value, t.TeamName ?? "Team"))],
                teams.NotChecked));
        });
        return endpoints;
    }

    internal sealed record TeamItem(string Id, string Name);

    internal sealed record MeResponse(string Name, IReadOnlyList<TeamItem> Teams, int TeamsNotChecked);
}
