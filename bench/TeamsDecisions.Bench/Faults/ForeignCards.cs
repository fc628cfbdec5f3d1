using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Faults.Tests;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Bench.Faults;

/// <summary>
/// Card actions whose data names another team's RFC (sent from this team's thread), or that come from another tenant
/// (naming the team's own RFC): each must be refused with an error card, and neither RFC may change. Each action is
/// sent by the one person allowed to take it, so only where it comes from can refuse it.
/// </summary>
internal static class ForeignCards
{
    private const string OtherTenant = "0d6e4a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";

    private static readonly (string Verb, UserRef Actor, Action<JsonObject> Fill)[] Actions =
    [
        (CardVerbs.Vote, Sample.Carol, d => d[InputIds.Vote] = nameof(VoteKind.Approve)),
        (CardVerbs.Comment, Sample.Dana, d => d[InputIds.Comment] = "Billing already consumes Kafka in the EU region."),
        (CardVerbs.RaiseConcern, Sample.Dana, d => { d[InputIds.ConcernTitle] = "Schema evolution"; d[InputIds.ConcernDetail] = "Who owns the order event schema?"; }),
        (CardVerbs.ExtendWindow, Sample.Bob, d => { d[InputIds.ExtendDays] = "3"; d[InputIds.ExtendReason] = "Finance asked for time to review."; }),
        (CardVerbs.CloseEarly, Sample.Bob, d => d[InputIds.CloseReason] = "Every required reviewer has voted."),
        (CardVerbs.Withdraw, Sample.Alice, d => d[InputIds.WithdrawReason] = "Superseded by the platform-wide eventing RFC."),
    ];

    public static async Task<FaultRow> RunAsync(FaultLab lab, LabApp app)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(app);
        var here = await lab.SeedAsync(app);
        var elsewhere = await lab.SeedAsync(app);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using var view = lab.View(app.Prefix);

        // The control: from its own thread, the other team's RFC takes Carol's vote.
        var control = await SendAsync(http, app, lab.Connector.ServiceUrl, elsewhere.Team, elsewhere.Id, Actions[0], StoreView.Tenant);
        var controlApplied = !control.IsErrorCard && control.Texts.Any(t => VoteBurst.ShowsVote(t, "Approve"));
        var before = (await Snapshot(view, here.Id), await Snapshot(view, elsewhere.Id));

        var crossTeam = new List<InvokeAnswer>();
        var crossTenant = new List<InvokeAnswer>();
        foreach (var action in Actions)
        {
            crossTeam.Add(await SendAsync(http, app, lab.Connector.ServiceUrl, here.Team, elsewhere.Id, action, StoreView.Tenant));
            crossTenant.Add(await SendAsync(http, app, lab.Connector.ServiceUrl, elsewhere.Team, elsewhere.Id, action, OtherTenant));
        }

        var after = (await Snapshot(view, here.Id), await Snapshot(view, elsewhere.Id));
        var changed = before == after ? "nothing changed (both RFCs)" : $"**changed**: before {before}, after {after}";
        var notes = crossTeam.Concat(crossTenant).Where(a => !a.IsErrorCard).Select(a => $"not refused: {a}").ToList();
        return new FaultRow(
            "card data naming another team's RFC, or another tenant",
            Invariant($"another team's RFC: {Refused(crossTeam, "does not belong to this conversation")}; another tenant: {Refused(crossTenant, "does not exist in your organisation")}, {(crossTenant.Any(a => a.Body.Contains("Kafka", StringComparison.Ordinal)) ? "**RFC shown**" : "RFC not shown")}; control vote {(controlApplied ? "applied" : "**not applied**")}"),
            changed,
            notes);
    }

    /// <summary>"6/6 verbs refused (“RFC-0001 does not belong to this conversation. …”)": with an error card giving that reason.</summary>
    private static string Refused(List<InvokeAnswer> answers, string reason)
    {
        var refused = answers.Where(a => a.Status == System.Net.HttpStatusCode.OK && a.IsErrorCard && a.Texts.Any(t => t.Contains(reason, StringComparison.Ordinal))).ToList();
        var said = refused.Select(a => a.Texts.First(t => t.Contains(reason, StringComparison.Ordinal))).FirstOrDefault() ?? "(none)";
        return Invariant($"{refused.Count}/{answers.Count} verbs refused (“{said.Split(". ")[0].TrimEnd('.')}.”)");
    }

    /// <summary>Sends <paramref name="action"/> on <paramref name="rfc"/> from <paramref name="from"/>'s thread, in <paramref name="tenant"/>.</summary>
    private static async Task<InvokeAnswer> SendAsync(HttpClient http, LabApp app, Uri serviceUrl, TeamId from, RfcId rfc, (string Verb, UserRef Actor, Action<JsonObject> Fill) action, string tenant)
    {
        var data = new JsonObject { ["team"] = rfc.Team.Value, ["rfc"] = rfc.Number.Value };
        action.Fill(data);
        var activity = CardInvoke.Activity(serviceUrl, from, action.Actor.Id, action.Actor.DisplayName, $"f:{Guid.NewGuid():N}", action.Verb, data);
        activity["conversation"]!["tenantId"] = tenant;
        activity["channelData"]!["tenant"]!["id"] = tenant;
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(app.Process.BotEndpoint, content);
        var body = await response.Content.ReadAsStringAsync();
        return new InvokeAnswer(response.StatusCode, body, CardInvoke.AsCard(body));
    }

    private static async Task<(long Sequence, int Events, VoteTally Tally, string State)> Snapshot(StoreView view, RfcId rfc)
    {
        var stored = await view.ReadAsync(rfc);
        return (stored.Rfc.LastSequence, stored.Events.Count, stored.Rfc.Tally, stored.Rfc.State.ToString());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
