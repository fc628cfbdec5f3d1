using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards;

/// <summary>
/// An RFC with everything at the domain's limits (<see cref="RfcLimits"/>): the longest title, texts, option names,
/// 12 options, 80 concerns, 50 earlier decisions, 256-character display names. In Latin or in CJK text, which is
/// 3 bytes a character in the card's UTF-8: what the card budget is checked against, and what the gallery shows.
/// </summary>
public static class GalleryAtLimits
{
    public const int DisplayNameLength = 256;

    private const string Latin = "Decision record text that goes on for as long as the limit allows. ";
    private const string Cjk = "注文イベントの決定記録は上限まで続く長い文章です。";

    /// <summary>Text of exactly <paramref name="length"/> characters in the chosen script, starting with <paramref name="prefix"/>.</summary>
    public static string Text(int length, bool cjk, string prefix = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var pattern = cjk ? Cjk : Latin;
        var text = string.Concat(prefix, string.Concat(Enumerable.Repeat(pattern, (length / pattern.Length) + 1)));
        return text[..length];
    }

    public static UserRef Person(string id, bool cjk) => new(id, Text(DisplayNameLength, cjk, id + " "));

    /// <summary>The RFC at its limits, open for comment at <paramref name="now"/> (closing a day later), with its decider.</summary>
    public static Rfc Rfc(TeamId team, int number, bool cjk, DateTimeOffset now)
    {
        var author = Person("0a000000-0000-4000-8000-000000000001", cjk);
        var decider = Decider(cjk);
        var proposal = new RfcProposal(
            Text(RfcLimits.TitleMax, cjk),
            decider,
            [.. Enumerable.Range(1, RfcLimits.ReviewersMax).Select(i => Person(Id("0b", i), cjk))],
            Text(RfcLimits.LongTextMax, cjk),
            Text(RfcLimits.LongTextMax, cjk),
            [.. Enumerable.Range(1, RfcLimits.OptionsMax).Select(i => new RfcOption(Text(RfcLimits.OptionNameMax, cjk, $"{i:D2} "), Text(RfcLimits.OptionDescriptionMax, cjk)))],
            [.. Enumerable.Range(1, RfcLimits.DriversMax).Select(i => Text(RfcLimits.DriverMax, cjk, $"{i} "))],
            [.. Enumerable.Range(1, RfcLimits.LinksMax).Select(i => new RfcLink(Text(RfcLimits.LinkTitleMax, cjk, $"{i} "), new Uri("https://contoso.example/" + new string('d', RfcLimits.LinkUrlMax - 40) + i.ToString(CultureInfo.InvariantCulture))))]);
        var start = now.AddDays(-(RfcLimits.DefaultWindowDays - 1));
        var (rfc, _) = Core.Rfcs.Rfc.Propose(new RfcId(team, new RfcNumber(number)), author, proposal, RfcLimits.DefaultWindowDays, start);
        rfc.Open(author, start);
        var t = start.AddMinutes(1);
        for (var i = 1; i <= RfcLimits.RecentVotersKept; i++)
        {
            rfc.CastVote(Person(Id("0c", i), cjk), i % 4 == 0 ? VoteKind.Object : VoteKind.ApproveWithConcerns, Text(RfcLimits.ReasonMax, cjk), t.AddSeconds(i));
        }

        for (var i = 1; i <= RfcLimits.ConcernsMax; i++)
        {
            rfc.RaiseConcern(Person(Id("0d", i), cjk), Text(RfcLimits.ConcernTitleMax, cjk, $"{i} "), Text(RfcLimits.ConcernDetailMax, cjk), t.AddMinutes(i));
        }

        for (var i = 1; i <= 100; i++)
        {
            rfc.AddComment(Person(Id("0c", i), cjk), Text(RfcLimits.CommentMax, cjk), CommentSource.Card, t.AddMinutes(100 + i));
        }

        return rfc;
    }

    public static UserRef Decider(bool cjk) => Person("0e000000-0000-4000-8000-000000000001", cjk);

    /// <summary>Fifty accepted decisions with titles at the limit: what the resolve form offers to supersede.</summary>
    public static IReadOnlyList<DecisionLogEntry> Supersedable(TeamId team, bool cjk, DateTimeOffset now) =>
        [.. Enumerable.Range(1, 50).Select(i => new DecisionLogEntry(new DecisionNumber(1_000 + i), new RfcId(team, new RfcNumber(100 + i)), Text(RfcLimits.TitleMax, cjk, $"{i} "), RfcState.Accepted, now.AddDays(-i), Decider(cjk), null, null))];

    /// <summary>
    /// A resolution with every text at its limit, overruling every open concern: accepts the first option, explains
    /// every other one, and supersedes <paramref name="supersedes"/>.
    /// </summary>
    public static ResolutionRequest Resolution(Rfc rfc, bool cjk, DecisionNumber? supersedes = null)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        return new(
            DecisionOutcome.Accepted,
            Text(RfcLimits.RationaleMax, cjk),
            rfc.Options[0].ShortName,
            [.. rfc.Options.Skip(1).Select(o => new AlternativeNotChosen(o.ShortName, Text(RfcLimits.WhyNotMax, cjk)))],
            Text(RfcLimits.ConsequencesMax, cjk),
            [.. rfc.OpenConcerns.Select(c => new ConcernOverrule(c.Id, Text(RfcLimits.ReasonMax, cjk)))],
            supersedes,
            Text(RfcLimits.ReasonMax, cjk));
    }

    /// <summary>
    /// What Teams sends when every input of <paramref name="form"/> is filled: text inputs to their maxLength, the
    /// first choice of each list (every concern), toggles on. Read off the card, so it follows the form's limits.
    /// </summary>
    public static ResolveData FillEveryInput(AdaptiveCard form, bool cjk)
    {
        ArgumentNullException.ThrowIfNull(form);
        var submit = form.Actions!.OfType<ExecuteAction>().Single(a => a.Verb == CardVerbs.Resolve);
        var data = JsonSerializer.SerializeToNode(submit.Data, submit.Data!.GetType(), CardJson.Options)!.AsObject();
        foreach (var input in form.Body.OfType<CardInput>())
        {
            data[input.Id!] = input switch
            {
                TextInput text => Text(text.MaxLength ?? 0, cjk),
                ChoiceSetInput { IsMultiSelect: true } list => string.Join(',', list.Choices.Select(c => c.Value)),
                ChoiceSetInput list => list.Choices[0].Value,
                ToggleInput toggle => toggle.ValueOn,
                _ => null,
            };
        }

        return data.Deserialize<ResolveData>(CardJson.Options)!;
    }

    private static string Id(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}000000-0000-4000-8000-{i:D12}");

    /// <summary>
    /// <paramref name="count"/> search hits at the limits: the longest title, a best line as long as the longest
    /// rationale with a match every few words, superseded and superseding, with page and thread links.
    /// </summary>
    public static IReadOnlyList<Core.Search.SearchHit> SearchHits(TeamId team, bool cjk, DateTimeOffset now, int count)
    {
        var line = Text(RfcLimits.RationaleMax, cjk);
        var matches = Enumerable.Range(0, RfcLimits.RationaleMax / 20).Select(i => new Core.Search.TextSpan(i * 20, 6)).ToList();
        return [.. Enumerable.Range(1, count).Select(i => new Core.Search.SearchHit(
            new RfcId(team, new RfcNumber(9_000 + i)),
            Text(RfcLimits.TitleMax, cjk),
            RfcState.Superseded,
            new DecisionNumber(9_000 + i),
            DecisionOutcome.Accepted,
            now.AddDays(-i),
            new Core.Search.Highlighted(line, matches),
            new DecisionNumber(8_000 + i),
            new DecisionNumber(9_500 + i),
            new Uri("https://teams.microsoft.com/l/message/19:" + new string('t', 40) + "@thread.tacv2/17957655954" + i.ToString("D2", CultureInfo.InvariantCulture)),
            1f / i))];
    }
}
