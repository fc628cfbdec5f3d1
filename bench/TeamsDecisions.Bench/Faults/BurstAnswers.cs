using System.Globalization;
using TeamsDecisions.Faults.Tests;

namespace TeamsDecisions.Bench.Faults;

/// <summary>What a burst's voters saw: how long their answers took and what kind of answer each was.</summary>
internal sealed class BurstAnswers(IReadOnlyList<VoteOutcome> outcomes)
{
    /// <summary>Teams gives up on an invoke answer and shows the user an error after about this long.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public IReadOnlyList<VoteOutcome> Outcomes => outcomes;

    public int Count(VoteAnswer answer) => outcomes.Count(o => o.Answer == answer);

    /// <summary>"p50 0.4 / p99 4.3 s, 3 over 5 s", over the voters who got an answer.</summary>
    public string Times()
    {
        var answered = outcomes.Where(o => o.Answer != VoteAnswer.NoAnswer).Select(o => o.Elapsed.TotalSeconds).ToList();
        return answered.Count == 0
            ? "no answers"
            : Invariant($"p50 {Stats.Percentile(answered, 0.50):F1} / p99 {Stats.Percentile(answered, 0.99):F1} s, {answered.Count(s => s > Patience.TotalSeconds)} over {Patience.TotalSeconds:0} s");
    }

    /// <summary>"saved 320, not saved 150, not confirmed 30": the saved count, then every other kind of answer that came (no answer too, unless told not to).</summary>
    public string Classes(bool withNoAnswer = true) => Join([Invariant($"**unexpected** {Count(VoteAnswer.Unexpected)}")], withNoAnswer);

    /// <summary>
    /// <see cref="Classes"/>, with the unexpected answers told apart by the reason their error card gives: for
    /// faults where "try again" would not help, such as an RFC that is gone.
    /// </summary>
    public string ClassesWithReasons() => Join(
        [.. outcomes.Where(o => o.Answer == VoteAnswer.Unexpected)
            .GroupBy(o => o.Texts.Count > 1 ? $"“{o.Texts[1]}”" : "no card", StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => Invariant($"{g.Key} {g.Count()}"))],
        withNoAnswer: true);

    private string Join(IReadOnlyList<string> unexpected, bool withNoAnswer)
    {
        var parts = new List<string> { Invariant($"saved {Count(VoteAnswer.Saved)}") };
        foreach (var (answer, name) in new[] { (VoteAnswer.NotSaved, "not saved"), (VoteAnswer.Unconfirmed, "not confirmed"), (VoteAnswer.NoAnswer, "no answer") })
        {
            if (Count(answer) > 0 && (withNoAnswer || answer != VoteAnswer.NoAnswer))
            {
                parts.Add(Invariant($"{name} {Count(answer)}"));
            }
        }

        if (Count(VoteAnswer.Unexpected) > 0)
        {
            parts.AddRange(unexpected);
        }

        return string.Join(", ", parts);
    }

    /// <summary>The distinct unexpected answers and no-answers with how often each came, most frequent first.</summary>
    public IReadOnlyList<string> Odd(int width = 160) =>
        [.. outcomes.Where(o => o.Answer is VoteAnswer.Unexpected or VoteAnswer.NoAnswer)
            .GroupBy(o => $"{o.Answer}: {Shorten(o.Detail, width)}", StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => Invariant($"{g.Count()} × {g.Key}"))];

    public static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
