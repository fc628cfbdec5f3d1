using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Faults.Tests;

/// <summary>What an invoke answer told the voter.</summary>
internal enum VoteAnswer
{
    /// <summary>Their own view of the RFC card, showing "Your vote: &lt;kind&gt;".</summary>
    Saved,

    /// <summary>An error card titled "⚠ Your vote was not saved" that tells them to try again, and no vote shown as theirs.</summary>
    NotSaved,

    /// <summary>
    /// An error card titled "⚠ Not confirmed…": the vote was on its way to the store when the answer was due, so it
    /// may or may not be stored; the card says so, tells them to refresh to see, and shows no vote as theirs.
    /// </summary>
    Unconfirmed,

    /// <summary>The connection failed or timed out: no answer at all.</summary>
    NoAnswer,

    /// <summary>Anything else (another status, another card): never acceptable.</summary>
    Unexpected,
}

internal sealed record Voter(string Id, string Name, VoteKind Kind, string ActivityId)
{
    /// <summary>How the voter's own card names their vote.</summary>
    public string Shown => Kind switch
    {
        VoteKind.Approve => "Approve",
        VoteKind.ApproveWithConcerns => "Approve with concerns",
        VoteKind.Object => "Object",
        _ => "Abstain",
    };
}

internal sealed record VoteOutcome(Voter Voter, VoteAnswer Answer, string Detail)
{
    /// <summary>Wall time from sending the invoke to having read its whole answer (or giving up).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Every text on the answer's card, in order (the first is the title); empty when the answer is no card.</summary>
    public IReadOnlyList<string> Texts { get; init; } = [];
}

/// <summary>
/// Many people voting on one RFC at once: each vote an adaptiveCard/action invoke from a distinct Entra user in the
/// RFC's channel thread, POSTed to the app's /api/messages like Teams does; each answer read as the voter would see it.
/// </summary>
internal sealed class VoteBurst : IDisposable
{
    private const string NotSavedTitle = "⚠ Your vote was not saved";
    private const string UnconfirmedTitle = "⚠ Not confirmed";

    private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { Timeout = TimeSpan.FromSeconds(100) };
    private readonly Uri endpoint;
    private readonly Uri serviceUrl;
    private readonly RfcId rfc;
    private readonly List<(int Count, TaskCompletionSource Reached)> waiters = [];
    private readonly TaskCompletionSource<VoteOutcome> firstNotSaved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int answered;
    private int saved;

    public VoteBurst(Uri endpoint, Uri serviceUrl, RfcId rfc, int voters)
    {
        this.endpoint = endpoint;
        this.serviceUrl = serviceUrl;
        this.rfc = rfc;
        var kinds = Enum.GetValues<VoteKind>();
        Voters = [.. Enumerable.Range(1, voters).Select(i => new Voter(Guid.NewGuid().ToString(), $"Voter {i:D3}", kinds[i % kinds.Length], $"f:{Guid.NewGuid():N}"))];
    }

    public IReadOnlyList<Voter> Voters { get; }

    /// <summary>How many voters have been shown their vote so far.</summary>
    public int Saved => Volatile.Read(ref saved);

    /// <summary>Completes with the first "not saved" answer: the fault has reached a voter.</summary>
    public Task<VoteOutcome> FirstNotSaved => firstNotSaved.Task;

    /// <summary>Sends every vote at once and waits for every answer (or its absence).</summary>
    public async Task<IReadOnlyList<VoteOutcome>> SendAsync(IEnumerable<Voter> voters) =>
        await Task.WhenAll(voters.Select(v => Task.Run(() => VoteAsync(v))));

    /// <summary>Completes once <paramref name="count"/> answers of any kind have come back in this burst.</summary>
    public Task AnsweredAsync(int count)
    {
        lock (waiters)
        {
            if (answered >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<VoteOutcome> VoteAsync(Voter voter)
    {
        var outcome = await AskAsync(voter);
        if (outcome.Answer == VoteAnswer.Saved)
        {
            Interlocked.Increment(ref saved);
        }

        if (outcome.Answer == VoteAnswer.NotSaved)
        {
            firstNotSaved.TrySetResult(outcome);
        }

        if (outcome.Answer != VoteAnswer.NoAnswer)
        {
            lock (waiters)
            {
                answered++;
                foreach (var waiter in waiters.Where(w => answered >= w.Count))
                {
                    waiter.Reached.TrySetResult();
                }
            }
        }

        return outcome;
    }

    private async Task<VoteOutcome> AskAsync(Voter voter)
    {
        string body;
        HttpStatusCode status;
        var watch = Stopwatch.StartNew();
        try
        {
            using var content = new StringContent(Activity(voter).ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(endpoint, content);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new VoteOutcome(voter, VoteAnswer.NoAnswer, ex.GetType().Name + ": " + ex.Message) { Elapsed = watch.Elapsed };
        }

        return Classify(voter, status, body) with { Elapsed = watch.Elapsed, Texts = Texts(CardInvoke.AsCard(body)) };
    }

    private static VoteOutcome Classify(Voter voter, HttpStatusCode status, string body)
    {
        VoteOutcome Unexpected(string why) => new(voter, VoteAnswer.Unexpected, $"{why}: HTTP {(int)status} {body[..Math.Min(body.Length, 600)]}");

        if (status != HttpStatusCode.OK)
        {
            return Unexpected("not HTTP 200");
        }

        JsonObject answer;
        try
        {
            answer = JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException)
        {
            return Unexpected("not JSON");
        }

        if ((int?)answer["statusCode"] != 200 || (string?)answer["type"] != CardInvoke.CardType || answer["value"] is not JsonObject card)
        {
            return Unexpected("not an Adaptive Card answer");
        }

        var texts = Texts(card);

        // A card is described by what it says: that is what the reader of a failure (or of the fault bench) needs.
        VoteOutcome UnexpectedCard(string why) => new(voter, VoteAnswer.Unexpected, $"{why}: {string.Join(" | ", texts)}");

        var claimsAVote = texts.Any(t => t.StartsWith("Your vote: ", StringComparison.Ordinal));
        if (texts.Count > 0 && texts[0] == NotSavedTitle)
        {
            return claimsAVote || !texts.Any(t => t.Contains("try again", StringComparison.OrdinalIgnoreCase))
                ? UnexpectedCard("an error card that shows a vote or does not say to try again")
                : new VoteOutcome(voter, VoteAnswer.NotSaved, string.Join(" | ", texts));
        }

        if (texts.Count > 0 && texts[0].StartsWith(UnconfirmedTitle, StringComparison.Ordinal))
        {
            return claimsAVote || !texts.Any(t => t.Contains("may or may not", StringComparison.Ordinal)) || texts.Any(t => t.Contains("Nothing was changed", StringComparison.Ordinal))
                ? UnexpectedCard("a 'not confirmed' card that shows a vote, claims nothing changed, or does not say it may not be saved")
                : new VoteOutcome(voter, VoteAnswer.Unconfirmed, string.Join(" | ", texts));
        }

        return texts.Any(t => ShowsVote(t, voter.Shown)) && !texts.Any(t => t.StartsWith('⚠'))
            ? new VoteOutcome(voter, VoteAnswer.Saved, string.Empty)
            : UnexpectedCard("neither the voter's card with their vote nor a 'not saved' card");
    }

    private JsonObject Activity(Voter voter)
    {
        var data = new JsonObject { ["team"] = rfc.Team.Value, ["rfc"] = rfc.Number.Value, [InputIds.Vote] = voter.Kind.ToString() };
        if (voter.Kind == VoteKind.Object)
        {
            data[InputIds.VoteReason] = "Three brokers are more than on-call can carry this quarter.";
        }

        return CardInvoke.Activity(serviceUrl, rfc.Team, voter.Id, voter.Name, voter.ActivityId, CardVerbs.Vote, data);
    }

    /// <summary>"Your vote: Approve", maybe followed by its reason or how often it changed (not "Approve with concerns").</summary>
    internal static bool ShowsVote(string text, string vote) =>
        text.StartsWith($"Your vote: {vote}", StringComparison.Ordinal) && text[$"Your vote: {vote}".Length..] is "" or [' ', '—' or '(', ..];

    /// <summary>Every text on the card, in order.</summary>
    private static List<string> Texts(JsonNode? node) => CardInvoke.Texts(node);
}
