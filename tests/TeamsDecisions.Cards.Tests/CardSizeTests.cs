using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class CardSizeTests
{
    /// <summary>Teams rejects bot messages over ~100 KB; we keep every card under 40 KB of JSON.</summary>
    private const int Budget = 40 * 1024;

    private static readonly TeamId Team = new("19:a3f1c0de7b5e4c2f9d8e6b4a2c0e1f3d@thread.tacv2");
    private static readonly DateTimeOffset Now = CardGallery.Now;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_Serialized_StaysUnder40KB(string name)
    {
        // Act
        var size = CardJson.SizeInBytes(Gallery.Card(name));

        // Assert
        Assert.IsLessThan(Budget, size, $"{name} is {size:N0} bytes.");
    }

    [TestMethod]
    [DataRow("rfc-large-shared")]
    [DataRow("rfc-large-decider")]
    [DataRow("rfc-large-voter")]
    [DataRow("resolve-form-large")]
    [DataRow("final-large")]
    public void LargeRfc_1000Voters500Comments50Concerns_IsSummarisedUnder40KB(string name)
    {
        // Arrange
        var card = Gallery.Card(name);
        var json = CardJson.Serialize(card);

        // Assert: the size, and that it summarises instead of listing everything.
        Assert.IsLessThan(Budget, CardJson.SizeInBytes(card));
        Assert.IsLessThanOrEqualTo(CardRefresh.MaxUserIds, card.Refresh?.UserIds.Count ?? 0);
        if (name.StartsWith("rfc-", StringComparison.Ordinal))
        {
            StringAssert.Contains(json, "500 comments");
            StringAssert.Contains(json, $"and {50 - RfcCard.ConcernsShown} more open concerns");
            Assert.DoesNotContain("Comment 1:", json, "Old comments are not listed on the card.");
        }
    }

    [TestMethod]
    [DataRow(false, false, DisplayName = "Latin, fresh")]
    [DataRow(true, false, DisplayName = "CJK, fresh")]
    [DataRow(false, true, DisplayName = "Latin, refused with every input refilled to its maxLength")]
    [DataRow(true, true, DisplayName = "CJK, refused with every input refilled to its maxLength")]
    public void ResolveForm_AtTheDomainsLimits_StaysUnder40KB(bool cjk, bool refused)
    {
        // Arrange: 12 options, 80 open concerns, 50 earlier decisions, the window still open (so "why decide now?" too).
        var rfc = GalleryAtLimits.Rfc(Team, 1, cjk, Now);
        var view = new CardViewer(Now, GalleryAtLimits.Decider(cjk));
        var earlier = GalleryAtLimits.Supersedable(Team, cjk, Now);
        var fresh = ResolveForm.Build(rfc, view, earlier);
        var typed = refused ? GalleryAtLimits.FillEveryInput(fresh, cjk) : null;
        var problem = refused ? $"A reason to overrule \"{rfc.Concerns[^1].Title}\" can be at most {RfcLimits.ReasonMax:N0} characters; it has {RfcLimits.ReasonMax + 1:N0}." : null;

        // Act
        var card = refused ? ResolveForm.Build(rfc, view, earlier, typed, problem) : fresh;

        // Assert: every text input is bounded (else refilled text is not), refilled to its bound, and the card fits.
        var texts = card.Body.OfType<TextInput>().ToList();
        Assert.HasCount(RfcLimits.OptionsMax + 4, texts, "Why decide now, rationale, 12 why-nots, consequences, one overrule reason.");
        Assert.IsTrue(texts.All(t => t.MaxLength is > 0), "Every text input has a maxLength.");
        if (refused)
        {
            Assert.IsTrue(texts.All(t => t.Value?.Length == t.MaxLength), "Every text input comes back as typed.");
            Assert.AreEqual(RfcLimits.ConcernsMax, card.Body.OfType<ChoiceSetInput>().Single(i => i.Id == InputIds.OverruleConcerns).Value!.Split(',').Length);
        }

        var size = CardJson.SizeInBytes(card);
        TestContext.WriteLine($"resolve form, {(cjk ? "CJK" : "Latin")}, {(refused ? "refused" : "fresh")}: {size:N0} bytes");
        Assert.IsLessThan(Budget, size, $"{size:N0} bytes.");
    }

    [TestMethod]
    [DataRow("rfc-shared", false)]
    [DataRow("rfc-shared", true)]
    [DataRow("rfc-decider", false)]
    [DataRow("rfc-decider", true)]
    [DataRow("rfc-author", false)]
    [DataRow("rfc-author", true)]
    [DataRow("rfc-voter", false)]
    [DataRow("rfc-voter", true)]
    [DataRow("final", false)]
    [DataRow("final", true)]
    [DataRow("new-rfc-form-refused", false)]
    [DataRow("new-rfc-form-refused", true)]
    [DataRow("rfc-decider-refused-comment", true)]
    [DataRow("rfc-decider-refused-resolve-concern", true)]
    [DataRow("rfc-voter-refused-concern", true)]
    [DataRow("rfc-decider-refused-close-early", true)]
    [DataRow("my-queue", false)]
    [DataRow("my-queue", true)]
    [DataRow("search-results", false)]
    [DataRow("search-results", true)]
    [DataRow("decision-compact", true)]
    [DataRow("rfc-posted-related", true)]
    public void CardBuilder_AtTheDomainsLimits_StaysUnder40KB(string card, bool cjk)
    {
        // Arrange
        var rfc = GalleryAtLimits.Rfc(Team, 1, cjk, Now);

        // Act
        var built = card switch
        {
            "rfc-shared" => RfcCard.Build(rfc, new CardViewer(Now)),
            "rfc-decider" => RfcCard.Build(rfc, new CardViewer(Now, rfc.Decider)),
            "rfc-author" => RfcCard.Build(rfc, new CardViewer(Now, rfc.Author)),
            "rfc-voter" => RfcCard.Build(rfc, new CardViewer(Now, rfc.Concerns[0].RaisedBy)),
            "final" => Final(rfc, cjk),
            "new-rfc-form-refused" => NewRfcFormRefusedAtLimits(cjk),
            "rfc-decider-refused-comment" => RefusedAtLimits(rfc, rfc.Decider, CardVerbs.Comment, cjk),
            "rfc-decider-refused-resolve-concern" => RefusedAtLimits(rfc, rfc.Decider, CardVerbs.ResolveConcern, cjk),
            "rfc-voter-refused-concern" => RefusedAtLimits(rfc, rfc.Concerns[0].RaisedBy, CardVerbs.RaiseConcern, cjk),
            "rfc-decider-refused-close-early" => RefusedAtLimits(rfc, rfc.Decider, CardVerbs.CloseEarly, cjk),
            "my-queue" => QueueAtLimits(cjk),
            "search-results" => SearchCards.Results(GalleryAtLimits.Text(10_000, cjk), [.. GalleryAtLimits.SearchHits(Team, cjk, Now, 10).Select(h => new FoundDecision(h, new Uri("https://contoso.sharepoint.com/sites/eng/SitePages/" + new string('p', 200) + ".aspx")))]),
            "decision-compact" => SearchCards.Compact(new FoundDecision(GalleryAtLimits.SearchHits(Team, cjk, Now, 1)[0], new Uri("https://contoso.sharepoint.com/sites/eng/SitePages/" + new string('p', 200) + ".aspx")), GalleryAtLimits.Text(RfcLimits.RationaleMax, cjk)),
            "rfc-posted-related" => ConversationCards.RfcPosted(rfc, GalleryAtLimits.Text(50, cjk), new Uri("https://teams.microsoft.com/l/message/19:x@thread.tacv2/1"), GalleryAtLimits.SearchHits(Team, cjk, Now, 10)),
            _ => throw new ArgumentOutOfRangeException(nameof(card), card, null),
        };

        // Assert
        var size = CardJson.SizeInBytes(built);
        var what = $"{card} in {(cjk ? "CJK" : "Latin")} is {size:N0} bytes";
        TestContext.WriteLine(what);
        Assert.IsLessThan(Budget, size, what);
    }

    /// <summary>A queue of more entries than are shown, spanning teams, every title, concern and team name at its limit.</summary>
    private static AdaptiveCard QueueAtLimits(bool cjk)
    {
        var items = Enumerable.Range(1, QueueCards.Shown + 5).Select(n =>
        {
            var rfc = GalleryAtLimits.Rfc(new TeamId($"19:team{n % 3}@thread.tacv2"), n, cjk, Now);
            return n % 3 == 0 ? new QueueItem(QueueItemKind.Concern, rfc, Now.AddHours(n), rfc.Concerns[0]) : new QueueItem(QueueItemKind.Respond, rfc, Now.AddHours(n - 4));
        }).ToList();
        var names = items.Select(i => i.Rfc.Team).Distinct().ToDictionary(t => t, _ => GalleryAtLimits.Text(TeamId.MaxLength, cjk));
        var card = QueueCards.Build(GalleryAtLimits.Decider(cjk), items, QueueAudience.PersonalChat, Now, names);
        Assert.AreEqual(QueueCards.Shown, CardInspect.AllActions(card).Count(), "One Open button per entry shown.");
        return card;
    }

    private static AdaptiveCard Final(Rfc rfc, bool cjk)
    {
        rfc.Resolve(rfc.Decider, GalleryAtLimits.Resolution(rfc, cjk, new DecisionNumber(1_001)), new DecisionNumber(1_100), Now.AddHours(1));
        return FinalCard.Build(rfc, new CardLinks(new Uri("https://contoso.sharepoint.com/sites/eng/SitePages/dec-1100.aspx"), new Uri("https://contoso.sharepoint.com/sites/eng/SitePages/decision-log.aspx")));
    }

    /// <summary>
    /// The RFC card after a refused <paramref name="verb"/>: the form that sent it comes back under the banner with
    /// every text input filled to its maxLength (read off the card, so this follows the limits).
    /// </summary>
    private static AdaptiveCard RefusedAtLimits(Rfc rfc, UserRef viewer, string verb, bool cjk)
    {
        var view = new CardViewer(Now, viewer);
        var form = CardInspect.AllActions(RfcCard.Build(rfc, view)).OfType<ShowCardAction>().First(a => a.Card.Actions!.OfType<ExecuteAction>().Any(e => e.Verb == verb)).Card;
        var typed = form.Body.OfType<CardInput>().ToDictionary(
            i => i.Id!,
            i => i switch
            {
                TextInput text => GalleryAtLimits.Text(text.MaxLength ?? throw new AssertFailedException($"{verb}: {text.Id} has no maxLength."), cjk),
                ChoiceSetInput choice => choice.Choices[^1].Value,
                _ => "3",
            });
        var refusal = new CardRefusal(verb, "Not saved", GalleryAtLimits.Text(RfcLimits.ReasonMax, cjk), "Fix it and send again.", typed);
        var card = RfcCard.Build(rfc, view, refusal: refusal);
        Assert.IsTrue(CardInspect.AllInputs(card).OfType<TextInput>().Where(t => typed.ContainsKey(t.Id!)).All(t => t.Value == typed[t.Id!]), "Everything typed is back.");
        return card;
    }

    /// <summary>What the author typed, at the domain's limits (12 options "name: description", 12 drivers), given back after a refusal.</summary>
    private static AdaptiveCard NewRfcFormRefusedAtLimits(bool cjk)
    {
        var options = string.Join('\n', Enumerable.Range(1, RfcLimits.OptionsMax).Select(i => $"{GalleryAtLimits.Text(RfcLimits.OptionNameMax, cjk, $"{i:D2} ")}: {GalleryAtLimits.Text(RfcLimits.OptionDescriptionMax, cjk)}"));
        var drivers = string.Join('\n', Enumerable.Range(1, RfcLimits.DriversMax).Select(i => GalleryAtLimits.Text(RfcLimits.DriverMax, cjk, $"{i} ")));
        var values = new NewRfcFormValues(
            GalleryAtLimits.Text(RfcLimits.TitleMax, cjk),
            GalleryAtLimits.Text(RfcLimits.LongTextMax, cjk),
            GalleryAtLimits.Text(RfcLimits.LongTextMax, cjk),
            options,
            drivers,
            5,
            "19:5b7e9d1c3a2f4e6d8c0b1a3e5f7d9c2b@thread.tacv2",
            $"List at most {RfcLimits.OptionsMax} options.");
        return NewRfcForm.Build(Team.Value, [new("19:5b7e9d1c3a2f4e6d8c0b1a3e5f7d9c2b@thread.tacv2", GalleryAtLimits.Text(50, cjk))], 5, values);
    }
}
