using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class SearchCardTests
{
    private static readonly TeamId Team = new("19:search@thread.tacv2");
    private static readonly Uri Page = new("https://contoso.sharepoint.com/sites/eng/SitePages/dec-0012-x.aspx");
    private static readonly Uri Thread = new("https://teams.microsoft.com/l/message/19:x@thread.tacv2/1");

    [TestMethod]
    public void Results_EachResult_HasReadOnItsPageAndGoToTheThreadInItsOwnActionSet()
    {
        // Act
        var card = SearchCards.Results("kafka", [new FoundDecision(Hit("Adopt Kafka"), Page), new FoundDecision(Hit("No page yet"), null)]);

        // Assert
        Assert.IsNull(card.Actions);
        var sets = AllElements(card).OfType<ActionSet>().ToList();
        Assert.HasCount(2, sets);
        CollectionAssert.AreEqual(new[] { "Read", "Go to the thread" }, sets[0].Actions.Select(a => a.Title).ToArray());
        Assert.AreEqual(Page, ((OpenUrlAction)sets[0].Actions[0]).Url);
        CollectionAssert.AreEqual(new[] { "Go to the thread" }, sets[1].Actions.Select(a => a.Title).ToArray(), "No Read before the page exists.");
    }

    [TestMethod]
    public void Highlight_MarkdownInTheLine_IsShownAsTypedAndOnlyTheMatchIsBold()
    {
        // Arrange
        var line = new Highlighted("Use **Kafka** [now](http://x)", [new TextSpan(6, 5)]);

        // Act
        var runs = SearchCards.Highlight(line).ToList();

        // Assert
        Assert.AreEqual("Use **Kafka** [now](http://x)", string.Concat(runs.Select(r => r.Text)));
        CollectionAssert.AreEqual(new[] { "Kafka" }, runs.Where(r => r.Weight == TextWeight.Bolder).Select(r => r.Text).ToArray());
    }

    [TestMethod]
    public void Highlight_ALongLine_IsCutAndMatchesPastTheCutAreDropped()
    {
        // Arrange
        var text = new string('a', 500) + " kafka";
        var line = new Highlighted(text, [new TextSpan(0, 3), new TextSpan(501, 5)]);

        // Act
        var runs = SearchCards.Highlight(line, 100).ToList();

        // Assert
        var shown = string.Concat(runs.Select(r => r.Text));
        Assert.IsLessThan(110, shown.Length);
        Assert.EndsWith("…", shown);
        CollectionAssert.AreEqual(new[] { "aaa" }, runs.Where(r => r.Weight == TextWeight.Bolder).Select(r => r.Text).ToArray());
    }

    [TestMethod]
    public void Results_Superseded_SaysByWhich()
    {
        // Act
        var card = SearchCards.Results("rabbit", [new FoundDecision(Hit("Use RabbitMQ") with { Status = RfcState.Superseded, SupersededBy = new DecisionNumber(42) }, Page)]);

        // Assert
        Assert.IsTrue(Texts(card).Any(t => t.EndsWith("superseded by DEC-0042", StringComparison.Ordinal)), string.Join('\n', Texts(card)));
    }

    [TestMethod]
    public void Results_None_IsTheNoResultsCard()
    {
        // Act
        var card = SearchCards.Results("kakfa", []);

        // Assert
        Assert.AreEqual("No decision found for “kakfa”", Texts(card)[0]);
    }

    [TestMethod]
    public void Compact_HasNumberTitleOutcomeRationaleAndTwoButtons()
    {
        // Act
        var card = SearchCards.Compact(new FoundDecision(Hit("Adopt Kafka"), Page), "Replay and durability.\nSecond line.");

        // Assert
        var texts = Texts(card);
        Assert.AreEqual("DEC-0012", texts[0]);
        CollectionAssert.Contains(texts.ToList(), "Adopt Kafka");
        CollectionAssert.Contains(texts.ToList(), "Replay and durability. Second line.");
        CollectionAssert.AreEqual(new[] { "Read", "Go to the thread" }, TopActionTitles(card).ToArray());
    }

    private static SearchHit Hit(string title) =>
        new(new RfcId(Team, new RfcNumber(30)), title, RfcState.Accepted, new DecisionNumber(12), DecisionOutcome.Accepted, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), null, null, null, Thread, 1f);
}
