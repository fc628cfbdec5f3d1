using AngleSharp.Html.Parser;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Infrastructure.Publishing;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests.Publishing;

[TestClass]
public sealed class DecisionPageTests
{
    private static readonly Uri Log = new("https://contoso.sharepoint.com/sites/eng/SitePages/decision-log.aspx");

    [TestMethod]
    [DataRow("Adopt Kafka — for order events!", "adopt-kafka-for-order-events")]
    [DataRow("  Use   gRPC (v2) / HTTP 3  ", "use-grpc-v2-http-3")]
    [DataRow("Café déjà vu: Ünïcödé", "cafe-deja-vu-unicode")]
    [DataRow("Переход на Kafka", "kafka")]
    [DataRow("数据库迁移", "decision")]
    [DataRow("Переход", "decision")]
    [DataRow("!!! ---", "decision")]
    [DataRow("<script>alert(1)</script>", "script-alert-1-script")]
    public void Slug_Title_LowercaseAsciiWordsJoinedByHyphens(string title, string expected)
    {
        // Act
        var slug = DecisionPages.Slug(title);

        // Assert
        Assert.AreEqual(expected, slug);
    }

    [TestMethod]
    public void Slug_VeryLongTitle_AtMost60CharactersAndNoTrailingHyphen()
    {
        // Arrange
        var title = string.Join(' ', Enumerable.Repeat("replace", 20));

        // Act
        var slug = DecisionPages.Slug(title);

        // Assert
        Assert.IsLessThanOrEqualTo(60, slug.Length);
        Assert.IsFalse(slug.EndsWith('-'), slug);
        Assert.StartsWith("replace-replace", slug);
    }

    [TestMethod]
    public void PageName_Decision42_IsDec0042WithSlugAndAspx()
    {
        // Arrange
        var decision = DecisionSamples.Plain(42, "Adopt Kafka — for order events!");

        // Act
        var name = DecisionPages.PageName(decision);

        // Assert
        Assert.AreEqual("dec-0042-adopt-kafka-for-order-events.aspx", name);
    }

    [TestMethod]
    public void PageName_NonLatinTitle_FallsBackToDecision()
    {
        // Act
        var name = DecisionPages.PageName(new DecisionNumber(42), "Переход на новую очередь");

        // Assert
        Assert.AreEqual("dec-0042-decision.aspx", name);
    }

    [TestMethod]
    public void Build_PlainDecision_TitleAndNameFollowTheNumber()
    {
        // Arrange
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");

        // Act
        var page = DecisionPages.Build(decision, DecisionSamples.Links(Log));

        // Assert
        Assert.AreEqual("DEC-0042: Adopt Kafka for order events", page.Title);
        Assert.AreEqual("dec-0042-adopt-kafka-for-order-events.aspx", page.Name);
    }

    [TestMethod]
    public void Build_FullDecision_SectionsInTheOrderTheIssueRequires()
    {
        // Arrange
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");
        string[] required =
        [
            "Context and problem",
            "Decision drivers",
            "Options considered",
            "The decision and its rationale",
            "Alternatives not chosen, and why",
            "Consequences",
            "Votes",
            "Concerns and how each ended",
            "Discussion digest",
        ];

        // Act
        var page = DecisionPages.Build(decision, DecisionSamples.Links(Log));

        // Assert: the summary facts come first; the sections the issue lists keep its order (others may sit between).
        var headings = page.Sections.Select(s => s.Heading).ToList();
        Assert.AreEqual(string.Empty, headings[0], "The first section is the summary facts, without a heading.");
        var positions = required.Select(h => headings.IndexOf(h)).ToArray();
        for (var i = 0; i < required.Length; i++)
        {
            Assert.IsGreaterThan(0, positions[i], $"Section '{required[i]}' is missing; sections: {string.Join(" | ", headings)}");
        }

        for (var i = 1; i < required.Length; i++)
        {
            Assert.IsGreaterThan(positions[i - 1], positions[i], $"'{required[i]}' must come after '{required[i - 1]}'; sections: {string.Join(" | ", headings)}");
        }
    }

    [TestMethod]
    public void Build_FullDecision_SummaryHasStatusDateDeciderAuthorWindowAndLinks()
    {
        // Arrange
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events") with { Supersedes = new DecisionNumber(7), SupersededBy = new DecisionNumber(50) };

        // Act
        var page = DecisionPages.Build(decision, DecisionSamples.Links(Log));

        // Assert
        var summary = new HtmlParser().ParseDocument(page.Sections[0].Html);
        var facts = summary.QuerySelectorAll("tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelector("td")!);
        StringAssert.StartsWith(facts["Status"].TextContent, "Superseded");
        Assert.AreEqual("2026-11-20", facts["Decided"].TextContent);
        Assert.AreEqual(Sample.Bob.DisplayName, facts["Decider"].TextContent);
        Assert.AreEqual(Sample.Alice.DisplayName, facts["Author"].TextContent);
        Assert.AreEqual("RFC-0012", facts["RFC"].TextContent);
        Assert.AreEqual("2026-11-02 to 2026-11-16", facts["Comment window"].TextContent);
        var hrefs = summary.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        CollectionAssert.Contains(hrefs, DecisionSamples.ThreadUrl.AbsoluteUri, "Link to the Teams thread.");
        CollectionAssert.Contains(hrefs, DecisionSamples.PageOf(new DecisionNumber(7))!.AbsoluteUri, "Link to the superseded decision.");
        CollectionAssert.Contains(hrefs, DecisionSamples.PageOf(new DecisionNumber(50))!.AbsoluteUri, "Link to the superseding decision.");
        CollectionAssert.Contains(hrefs, Log.AbsoluteUri, "Link to the decision log.");
        Assert.AreEqual(DecisionSamples.PageOf(new DecisionNumber(50))!.AbsoluteUri, facts["Status"].QuerySelector("a")!.GetAttribute("href"));
        Assert.AreEqual(DecisionSamples.PageOf(new DecisionNumber(7))!.AbsoluteUri, facts["Supersedes"].QuerySelector("a")!.GetAttribute("href"));
    }

    [TestMethod]
    public void Build_FullDecision_VotesListWhoVotedWhatAndConcernsHowEachEnded()
    {
        // Arrange
        var decision = DecisionSamples.Plain(42, "Adopt Kafka for order events");

        // Act
        var page = DecisionPages.Build(decision, DecisionSamples.Links(Log));

        // Assert
        var votes = new HtmlParser().ParseDocument(page.Sections.Single(s => s.Heading == "Votes").Html);
        var rows = votes.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        Assert.HasCount(2, rows);
        CollectionAssert.AreEqual(new[] { Sample.Carol.DisplayName, "Approve", "Durable and replayable" }, rows[0]);
        CollectionAssert.AreEqual(new[] { Sample.Dana.DisplayName, "Approve with concerns", "On-call needs training" }, rows[1]);
        var concerns = page.Sections.Single(s => s.Heading == "Concerns and how each ended").Html;
        StringAssert.Contains(concerns, "resolved by Bob Nowak");
        var digest = new HtmlParser().ParseDocument(page.Sections.Single(s => s.Heading == "Discussion digest").Html);
        StringAssert.Contains(digest.Body!.TextContent, "3 comments from 2 people");
        Assert.HasCount(2, digest.QuerySelectorAll("li"));
    }

    [TestMethod]
    public void Build_EveryUserFieldHostile_NoSectionCarriesScriptEventAttributeStyleOrJavascriptUrl()
    {
        // Arrange
        var decision = DecisionSamples.Hostile(42);

        // Act
        var page = DecisionPages.Build(decision, DecisionSamples.Links(Log));

        // Assert
        Assert.IsGreaterThanOrEqualTo(10, page.Sections.Count, "The hostile decision fills every section.");
        foreach (var section in page.Sections)
        {
            var problems = SafeHtml.Problems(section.Html);
            Assert.IsEmpty(problems, $"Section '{section.Heading}': {string.Join(" / ", problems)}");
            var document = new HtmlParser().ParseDocument(section.Html);
            Assert.IsEmpty(document.QuerySelectorAll("script, img, svg, iframe, style, [style]"), $"Section '{section.Heading}' kept a dangerous element: {section.Html}");
            Assert.IsFalse(document.All.Any(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))), section.Heading);
        }
    }

    [TestMethod]
    public void SafeHtmlProblems_UnsanitisedPayload_FindsEveryKindOfProblem()
    {
        // Act: the inspector the hostile tests rely on, on HTML that was never sanitised.
        var problems = string.Join(" / ", SafeHtml.Problems("<p>" + DecisionSamples.Payload + "</p>"));

        // Assert
        StringAssert.Contains(problems, "'<script'");
        StringAssert.Contains(problems, "Element <img>");
        StringAssert.Contains(problems, "Event attribute onerror");
        StringAssert.Contains(problems, "Event attribute onload");
        StringAssert.Contains(problems, "Attribute style");
        StringAssert.Contains(problems, "javascript: in href");
        StringAssert.Contains(problems, "Element <iframe>");
    }

    [TestMethod]
    public void Build_EveryUserFieldHostile_UserTextIsShownAsTextNotDropped()
    {
        // Arrange
        var decision = DecisionSamples.Hostile(42);

        // Act
        var page = DecisionPages.Build(decision, DecisionSamples.Links(Log));

        // Assert: encoded, so a reader sees exactly what was typed — including the entity, not its character.
        var text = new HtmlParser().ParseDocument(string.Concat(page.Sections.Select(s => s.Html))).Body!.TextContent;
        foreach (var field in new[] { "context", "driver", "option", "rationale", "alternative", "consequences", "vote-reason", "concern", "comment" })
        {
            StringAssert.Contains(text, $"{field} <script>alert(1)</script>", $"The {field} text must be shown encoded.");
        }

        StringAssert.Contains(text, "<img src=x onerror=alert(2)>");
        StringAssert.Contains(text, "\"><svg onload=alert(3)>");
        StringAssert.Contains(text, "javascript:alert(4)");
        StringAssert.Contains(text, "&lt;b&gt; &amp; &#x3C;script&#x3E;", "An entity typed by the user stays literal text.");
    }

    [TestMethod]
    public void Build_HostileLinks_OnlyHttpLinksBecomeAnchorsAndNoneBreaksOutOfHref()
    {
        // Arrange: a javascript: link cannot come through the domain, but the builder must not trust that.
        var decision = DecisionSamples.Plain(42, "Links") with
        {
            Links =
            [
                new RfcLink("js <script>x</script>", new Uri("javascript:alert(1)")),
                new RfcLink("quote", new Uri("https://contoso.example/a\"onmouseover=\"alert(1)")),
                new RfcLink("data", new Uri("data:text/html,<script>alert(1)</script>")),
                new RfcLink("ok", new Uri("https://contoso.example/incidents/2291")),
            ],
        };

        // Act
        var page = DecisionPages.Build(decision, DecisionSamples.Links(Log));

        // Assert
        var summary = page.Sections[0].Html;
        Assert.IsEmpty(SafeHtml.Problems(summary), string.Join(" / ", SafeHtml.Problems(summary)));
        var anchors = new HtmlParser().ParseDocument(summary).QuerySelectorAll("a").ToDictionary(a => a.TextContent, a => a.GetAttribute("href"));
        Assert.IsFalse(anchors.ContainsKey("js <script>x</script>"), "A javascript: link must not become an anchor.");
        Assert.IsFalse(anchors.ContainsKey("data"), "A data: link must not become an anchor.");
        Assert.AreEqual("https://contoso.example/incidents/2291", anchors["ok"]);
        Assert.IsTrue(anchors["quote"]!.StartsWith("https://contoso.example/a", StringComparison.Ordinal), anchors["quote"]);
        StringAssert.Contains(summary, "js &lt;script&gt;x&lt;/script&gt;", "The title of a refused link is kept as text.");
    }

    [TestMethod]
    public void ToHtmlDocument_HostileDecision_NoScriptNoEventAttributeAndTitleEncoded()
    {
        // Arrange
        var page = DecisionPages.Build(DecisionSamples.Hostile(42), DecisionSamples.Links(Log));

        // Act
        var html = page.ToHtmlDocument();

        // Assert
        var document = new HtmlParser().ParseDocument(html);
        Assert.IsEmpty(document.QuerySelectorAll("script, img, svg, iframe"));
        Assert.IsFalse(document.All.Any(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name == "style")));
        Assert.AreEqual(page.Title, document.Title);
        Assert.AreEqual(page.Title, document.QuerySelector("h1")!.TextContent);
    }

    [TestMethod]
    public void BuildLog_EntriesInAnyOrder_NewestFirstWithStatusAndLinks()
    {
        // Arrange
        var team = Sample.NewTeam();
        var entries = new List<DecisionLogEntry>
        {
            DecisionSamples.Entry(team, 1, "Use Kafka", RfcState.Superseded, supersededBy: 3),
            DecisionSamples.Entry(team, 3, "Move to Event Hubs", RfcState.Accepted, supersedes: 1),
            DecisionSamples.Entry(team, 2, "Keep REST for queries", RfcState.Rejected),
        };

        // Act
        var log = DecisionPages.BuildLog("Platform", entries, DecisionSamples.PageOf);

        // Assert
        Assert.AreEqual(DecisionPages.LogPageName, log.Name);
        Assert.AreEqual("decision-log.aspx", log.Name);
        StringAssert.Contains(log.Title, "Platform");
        var document = new HtmlParser().ParseDocument(log.Sections.Single().Html);
        var rows = document.QuerySelectorAll("tbody tr").ToList();
        CollectionAssert.AreEqual(new[] { "DEC-0003", "DEC-0002", "DEC-0001" }, rows.Select(r => r.QuerySelector("td")!.TextContent).ToArray());
        CollectionAssert.AreEqual(
            new[] { DecisionSamples.PageOf(new DecisionNumber(3))!.AbsoluteUri, DecisionSamples.PageOf(new DecisionNumber(2))!.AbsoluteUri, DecisionSamples.PageOf(new DecisionNumber(1))!.AbsoluteUri },
            rows.Select(r => r.QuerySelector("td a")!.GetAttribute("href")).ToArray());
        Assert.AreEqual("Accepted", rows[0].QuerySelectorAll("td")[2].TextContent);
        Assert.AreEqual("Rejected", rows[1].QuerySelectorAll("td")[2].TextContent);
        var superseded = rows[2].QuerySelectorAll("td")[2];
        Assert.AreEqual("Superseded by DEC-0003", superseded.TextContent);
        Assert.AreEqual(DecisionSamples.PageOf(new DecisionNumber(3))!.AbsoluteUri, superseded.QuerySelector("a")!.GetAttribute("href"));
    }

    [TestMethod]
    public void BuildLog_NoDecisions_SaysSo()
    {
        // Act
        var log = DecisionPages.BuildLog("Platform", [], DecisionSamples.PageOf);

        // Assert
        StringAssert.Contains(log.Sections.Single().Html, "No decisions yet.");
    }

    [TestMethod]
    public void BuildLog_HostileTitlesAndNames_NoScriptEventAttributeOrJavascriptUrl()
    {
        // Arrange
        var team = Sample.NewTeam();
        var entries = new List<DecisionLogEntry>
        {
            DecisionSamples.Entry(team, 1, "title " + DecisionSamples.Payload, RfcState.Superseded, supersededBy: 2) with { Decider = new UserRef("x", "decider " + DecisionSamples.Payload) },
            DecisionSamples.Entry(team, 2, "<a href=\"javascript:alert(9)\">click</a>", RfcState.Accepted),
        };

        // Act
        var log = DecisionPages.BuildLog("team " + DecisionSamples.Payload, entries, DecisionSamples.PageOf);

        // Assert
        var html = log.Sections.Single().Html;
        Assert.IsEmpty(SafeHtml.Problems(html), string.Join(" / ", SafeHtml.Problems(html)));
        var text = new HtmlParser().ParseDocument(html).Body!.TextContent;
        StringAssert.Contains(text, "title <script>alert(1)</script>");
        StringAssert.Contains(text, "<a href=\"javascript:alert(9)\">click</a>");
    }
}

/// <summary>Decision records for page tests: a realistic one, and one where every user field is hostile.</summary>
internal static class DecisionSamples
{
    public const string Payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"><svg onload=alert(3)> javascript:alert(4) &lt;b&gt; &amp; &#x3C;script&#x3E; <a href=\"javascript:alert(5)\" style=\"color:red\" onclick=\"alert(6)\">x</a> <iframe src=//evil.example></iframe> <p style=\"background:url(javascript:alert(7))\">y</p>";

    public static readonly Uri ThreadUrl = new("https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1700000000000");

    private static readonly DateTimeOffset Opened = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static Uri? PageOf(DecisionNumber number) =>
        new($"https://contoso.sharepoint.com/sites/eng/SitePages/{number.ToString().ToLowerInvariant()}-x.aspx");

    public static PageLinks Links(Uri? log) => new(ThreadUrl, PageOf, log);

    public static DecisionLogEntry Entry(TeamId team, int number, string title, RfcState status, int? supersedes = null, int? supersededBy = null) => new(
        new DecisionNumber(number),
        new RfcId(team, new RfcNumber(number)),
        title,
        status,
        Opened.AddDays(number),
        Sample.Bob,
        supersedes is { } s ? new DecisionNumber(s) : null,
        supersededBy is { } b ? new DecisionNumber(b) : null);

    public static DecisionRecord Plain(int number, string title) => new(
        new DecisionNumber(number),
        new RfcNumber(12),
        new TeamId("19:platform@thread.tacv2"),
        title,
        DecisionOutcome.Accepted,
        Opened,
        new CommentWindow(Opened, Opened.AddDays(14)),
        Opened.AddDays(18),
        Sample.Alice,
        Sample.Bob,
        [Sample.Carol, Sample.Dana],
        "Order events are lost when the billing service restarts.\n\nWe need durable, replayable events.",
        "Publish order events to Kafka with a 7-day retention.",
        ["Durability across restarts", "Operational cost"],
        [new RfcOption("Kafka", "Managed Kafka, 3 brokers"), new RfcOption("Service Bus", "Azure Service Bus topics"), new RfcOption("Status quo")],
        [new RfcLink("Incident 2291 postmortem", new Uri("https://contoso.example/incidents/2291"))],
        "Kafka",
        "Kafka gives us replay and durability.",
        [new AlternativeNotChosen("Service Bus", "No replay beyond the dead-letter queue."), new AlternativeNotChosen("Status quo", "It is what loses events today.")],
        "We run three brokers.",
        new VoteTally(1, 1, 0, 0),
        [new Vote(Sample.Carol, VoteKind.Approve, "Durable and replayable", Opened.AddDays(3)), new Vote(Sample.Dana, VoteKind.ApproveWithConcerns, "On-call needs training", Opened.AddDays(4))],
        [new Concern(1, "On-call readiness", "Nobody on call knows Kafka.", Sample.Dana, Opened.AddDays(4), ConcernStatus.Resolved, Sample.Bob, "Training booked for December.", Opened.AddDays(6))],
        new CommentDigest(3, 2, [new Comment(2, Sample.Carol, "Retention of 7 days is enough.", Opened.AddDays(5), CommentSource.Card), new Comment(3, Sample.Dana, "Agreed.", Opened.AddDays(6), CommentSource.ThreadReply)]),
        new ThreadReference("19:abc@thread.tacv2", "1700000000000", ThreadUrl),
        null,
        null);

    /// <summary>Every text a user can type carries the payload: title, names, context, options, reasons, comments, link titles.</summary>
    public static DecisionRecord Hostile(int number)
    {
        string H(string field) => $"{field} {Payload}";
        UserRef Person(string id, string role) => new(id, H(role));
        var author = Person("a1", "author");
        var decider = Person("d1", "decider");
        var voter = Person("v1", "voter");
        var objector = Person("v2", "objector");
        return new DecisionRecord(
            new DecisionNumber(number),
            new RfcNumber(12),
            new TeamId("19:platform@thread.tacv2"),
            H("title"),
            DecisionOutcome.Accepted,
            Opened,
            new CommentWindow(Opened, Opened.AddDays(14)),
            Opened.AddDays(18),
            author,
            decider,
            [Person("r1", "reviewer"), Person("r2", "reviewer2")],
            H("context") + "\n\n" + H("context-2") + "\n" + H("context-line"),
            H("proposal"),
            [H("driver"), H("driver-2")],
            [new RfcOption(H("option"), H("option-description")), new RfcOption(H("option-2"))],
            [new RfcLink(H("link"), new Uri("https://contoso.example/x?q=%3Cscript%3E")), new RfcLink(H("js-link"), new Uri("javascript:alert(8)"))],
            H("chosen"),
            H("rationale"),
            [new AlternativeNotChosen(H("alternative"), H("why"))],
            H("consequences"),
            new VoteTally(1, 0, 1, 0),
            [new Vote(voter, VoteKind.Approve, H("vote-reason"), Opened.AddDays(3)), new Vote(objector, VoteKind.Object, H("objection"), Opened.AddDays(3))],
            [
                new Concern(1, H("concern"), H("concern-detail"), objector, Opened.AddDays(4), ConcernStatus.Overruled, decider, H("overrule"), Opened.AddDays(8)),
                new Concern(2, H("concern-2"), null, voter, Opened.AddDays(4), ConcernStatus.Resolved, author, H("resolution"), Opened.AddDays(8)),
            ],
            new CommentDigest(2, 2, [new Comment(1, voter, H("comment"), Opened.AddDays(5), CommentSource.Card), new Comment(2, objector, H("comment-2"), Opened.AddDays(6), CommentSource.ThreadReply)]),
            new ThreadReference("19:abc@thread.tacv2", "1", ThreadUrl),
            H("early-close"),
            new DecisionNumber(7),
            new DecisionNumber(50));
    }
}
