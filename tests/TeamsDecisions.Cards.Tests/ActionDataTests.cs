using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed partial class ActionDataTests
{
    private const string Team = "19:a3f1c0de7b5e4c2f9d8e6b4a2c0e1f3d@thread.tacv2";

    /// <summary>The gallery's second team (a queue spans teams).</summary>
    private const string OtherTeam = "19:7c2e4b9a1d3f4e5a8b6c0d2e4f6a8b0c@thread.tacv2";

    /// <summary>The record each verb's handler deserialises; null where the verb carries no data of its own.</summary>
    private static readonly Dictionary<string, Type?> RecordOf = new(StringComparer.Ordinal)
    {
        [CardVerbs.Refresh] = typeof(RefreshData),
        [CardVerbs.NewRfcForm] = null,
        [CardVerbs.SubmitRfc] = typeof(NewRfcData),
        [CardVerbs.OpenRfc] = typeof(OpenRfcData),
        [CardVerbs.Vote] = typeof(VoteData),
        [CardVerbs.Comment] = typeof(CommentData),
        [CardVerbs.RaiseConcern] = typeof(RaiseConcernData),
        [CardVerbs.ResolveConcern] = typeof(ResolveConcernData),
        [CardVerbs.CloseEarly] = typeof(CloseEarlyData),
        [CardVerbs.ExtendWindow] = typeof(ExtendWindowData),
        [CardVerbs.Withdraw] = typeof(WithdrawData),
        [CardVerbs.ResolveForm] = typeof(ResolveFormData),
        [CardVerbs.Resolve] = typeof(ResolveData),
        [CardVerbs.MeetingForm] = typeof(MeetingData),
        [CardVerbs.MeetingEvaluate] = typeof(MeetingData),
        [CardVerbs.MeetingThread] = typeof(MeetingThreadData),
        [CardVerbs.MeetingRfc] = typeof(MeetingData),
        [CardVerbs.MeetingKeep] = typeof(MeetingKeepData),
        [CardVerbs.MeetingSnooze] = typeof(MeetingPromptData),
        [CardVerbs.MeetingNever] = typeof(MeetingPromptData),
        [CardVerbs.SaveSettings] = typeof(SettingsData),
        [CardVerbs.ReminderSnooze] = typeof(SnoozeReminderData),
        [CardVerbs.ReminderNotMe] = typeof(NotMeData),
        [CardVerbs.Explore] = typeof(NewRfcData),
        [CardVerbs.ExplorePick] = typeof(ExplorePickData),
        [CardVerbs.ExploreWrite] = typeof(ExploreWriteData),
    };

    [TestMethod]
    public void CardVerbs_All_IsDistinctAndEveryVerbHasARecordMapping()
    {
        // Assert
        Assert.HasCount(CardVerbs.All.Count, CardVerbs.All.Distinct(StringComparer.Ordinal));
        CollectionAssert.AreEquivalent(RecordOf.Keys.ToArray(), CardVerbs.All.ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_InputIds_AreUniqueWithinTheCardIncludingShowCards(string name)
    {
        // Arrange
        var inputs = AllInputs(Gallery.Card(name)).ToList();

        // Act
        var duplicates = inputs.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        // Assert
        Assert.IsTrue(inputs.All(i => !string.IsNullOrWhiteSpace(i.Id)), $"{name}: an input has no id.");
        Assert.IsEmpty(duplicates, $"{name}: {string.Join(", ", duplicates)}");
    }

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_EveryExecuteVerb_IsInCardVerbsAll(string name)
    {
        // Arrange
        var card = Gallery.Card(name);
        var verbs = AllExecutes(card).Select(a => a.Verb).ToList();
        if (card.Refresh?.Action is ExecuteAction refresh)
        {
            verbs.Add(refresh.Verb);
        }

        // Assert
        foreach (var verb in verbs)
        {
            Assert.Contains(verb, CardVerbs.All, $"{name}: unknown verb {verb}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_EveryExecuteData_DeserialisesIntoTheVerbsRecord(string name)
    {
        // Arrange
        var card = Gallery.Card(name);
        var actions = AllExecutes(card).ToList();
        if (card.Refresh?.Action is ExecuteAction refresh)
        {
            actions.Add(refresh);
        }

        foreach (var action in actions)
        {
            var type = RecordOf[action.Verb];
            if (type is null)
            {
                Assert.IsNull(action.Data, $"{name}: {action.Verb} carries data no handler reads.");
                continue;
            }

            // Act
            var json = JsonSerializer.Serialize(action.Data, CardJson.Options);
            var data = JsonSerializer.Deserialize(json, type, CardJson.Options);

            // Assert
            Assert.IsInstanceOfType(action.Data, type, $"{name}: {action.Verb}");
            Assert.IsNotNull(data);
            if (data is RfcActionData rfcData)
            {
                Assert.IsTrue(rfcData.Team is Team or OtherTeam, $"{name}: {action.Verb} names team {rfcData.Team}");
                Assert.IsGreaterThan(0, rfcData.Rfc, $"{name}: {action.Verb}");
                Assert.IsNull(rfcData.Extra, $"{name}: {action.Verb} data has keys the record does not know: {json}");
            }
            else if (data is MeetingPromptData prompt)
            {
                Assert.IsFalse(string.IsNullOrWhiteSpace(prompt.SeriesId), $"{name}: {action.Verb}");
            }
            else if (data is MeetingData meeting)
            {
                // The meeting test runs in personal chats too, where there is no team.
                Assert.IsTrue(meeting.Team is null or Team, $"{name}: {action.Verb}");
            }
            else if (data is ExplorePickData pick)
            {
                Assert.AreEqual(Team, pick.Team, $"{name}: {action.Verb}");
                Assert.IsTrue(DateTimeOffset.TryParse(pick.Start, System.Globalization.CultureInfo.InvariantCulture, out _), $"{name}: {action.Verb} start {pick.Start}");
            }
            else if (data is ExploreWriteData write)
            {
                Assert.AreEqual(Team, write.Team, $"{name}: {action.Verb}");
            }
            else if (data is SettingsData settings)
            {
                Assert.AreEqual(Team, settings.Team, $"{name}: {action.Verb}");
            }
            else
            {
                Assert.AreEqual(Team, ((NewRfcData)data).Team, name);
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_EveryInputSentWithAnAction_ReachesATypedFieldOfItsRecord(string name)
    {
        foreach (var (action, inputs) in ExecutesWithInputs(Gallery.Card(name)))
        {
            // Arrange: what Teams posts, every input filled in as the string a client sends.
            var type = RecordOf[action.Verb];
            if (type is null)
            {
                Assert.IsEmpty(inputs, $"{name}: {action.Verb} sends inputs nobody reads.");
                continue;
            }

            var values = inputs.ToDictionary(i => i.Id!, i => i switch { NumberInput => "3", ToggleInput => "true", ChoiceSetInput { Choices.Count: > 0 } choice => choice.Choices[0].Value, _ => $"value of {i.Id}" }, StringComparer.Ordinal);
            var payload = TeamsPayload(action, values);

            // Act
            var data = JsonSerializer.Deserialize(payload, type, CardJson.Options)!;
            var roundTrip = JsonSerializer.SerializeToNode(data, type, CardJson.Options)!.AsObject();

            // Assert: each value survives, and only per-item ids land outside the typed properties.
            foreach (var (id, value) in values)
            {
                Assert.IsTrue(roundTrip.TryGetPropertyValue(id, out var node) && node?.ToString() == value, $"{name}: {action.Verb} loses input {id}.");
            }

            IEnumerable<string> extra = (data as RfcActionData)?.Extra?.Keys ?? Enumerable.Empty<string>();
            foreach (var key in extra)
            {
                Assert.IsTrue(PerItemInput().IsMatch(key), $"{name}: {action.Verb} has no property for input {key}.");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_NoInputId_OverwritesAKeyOfTheActionsData(string name)
    {
        foreach (var (action, inputs) in ExecutesWithInputs(Gallery.Card(name)))
        {
            // Arrange: Teams merges input values into the data object, so a shared key would replace team or rfc.
            var keys = action.Data is null ? [] : JsonSerializer.SerializeToNode(action.Data, CardJson.Options)!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

            // Assert
            foreach (var input in inputs)
            {
                Assert.DoesNotContain(input.Id!, keys, $"{name}: {action.Verb}");
            }
        }
    }

    [TestMethod]
    public void VoteData_TeamsPayload_ReadsRfcVoteAndReason()
    {
        // Arrange
        const string payload = """{"team":"19:abc@thread.tacv2","rfc":7,"vote":"Object","voteReason":"x"}""";

        // Act
        var data = JsonSerializer.Deserialize<VoteData>(payload, CardJson.Options)!;

        // Assert
        Assert.AreEqual("19:abc@thread.tacv2", data.Team);
        Assert.AreEqual(7, data.Rfc);
        Assert.AreEqual("Object", data.Vote);
        Assert.AreEqual("x", data.VoteReason);
        Assert.IsNull(data.Extra);
    }

    [TestMethod]
    public void VoteData_FromTheVoteButtonOfARealCard_CarriesThatRfc()
    {
        // Arrange
        var rfc = Sample.WithActivity(31);
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer3));
        var vote = Executes(ShowCard(card, "Other vote"), CardVerbs.Vote).Single();
        var payload = TeamsPayload(vote, new Dictionary<string, string> { [InputIds.Vote] = "Abstain", [InputIds.VoteReason] = string.Empty });

        // Act
        var data = JsonSerializer.Deserialize<VoteData>(payload, CardJson.Options)!;

        // Assert
        Assert.AreEqual(Sample.Team.Value, data.Team);
        Assert.AreEqual(31, data.Rfc);
        Assert.AreEqual("Abstain", data.Vote);
    }

    [TestMethod]
    public void VoteData_FromTheObjectButton_CarriesTheObjectionAndItsReason()
    {
        // Arrange
        var rfc = Sample.WithActivity(31);
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer3));
        var objection = Executes(ShowCard(card, "Object"), CardVerbs.Vote).Single();
        var payload = TeamsPayload(objection, new Dictionary<string, string> { [InputIds.ObjectReason] = "Retention is too short." });

        // Act
        var data = JsonSerializer.Deserialize<VoteData>(payload, CardJson.Options)!;

        // Assert
        Assert.AreEqual("Object", data.Vote);
        Assert.AreEqual("Retention is too short.", data.Reason);
    }

    [TestMethod]
    public void ResolveData_TeamsPayload_ReadsWhyNotOverrulesAndReasons()
    {
        // Arrange
        const string payload = """
            {"team":"19:abc@thread.tacv2","rfc":7,"optionNames":["Kafka","Service Bus"],"concernIds":[1,3,4],
             "outcome":"Accepted","chosenOption":"Kafka","rationale":"r","whyNot-0":"","whyNot-1":"No replay.",
             "overruleAll":"false","overruleConcerns":"4,1","overruleReason":"Covered by the runbook.",
             "supersedes":"DEC-0012","earlyCloseReason":"Everyone voted."}
            """;

        // Act
        var data = JsonSerializer.Deserialize<ResolveData>(payload, CardJson.Options)!;

        // Assert
        Assert.AreEqual("Accepted", data.Outcome);
        Assert.AreEqual("Kafka", data.ChosenOption);
        CollectionAssert.AreEqual(new[] { "Kafka", "Service Bus" }, data.OptionNames.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 3, 4 }, data.ConcernIds.ToArray());
        Assert.AreEqual(string.Empty, data.WhyNot(0));
        Assert.AreEqual("No replay.", data.WhyNot(1));
        Assert.IsNull(data.WhyNot(2));
        Assert.IsFalse(data.OverrulesAll);
        CollectionAssert.AreEqual(new[] { 1, 4 }, data.ConcernsToOverrule().ToArray(), "In the form's order.");
        Assert.AreEqual("Covered by the runbook.", data.OverruleReason);
        Assert.AreEqual("DEC-0012", data.Supersedes);
        Assert.AreEqual("Everyone voted.", data.EarlyCloseReason);
    }

    [TestMethod]
    [DataRow("true", "3", new[] { 1, 3, 4 })]
    [DataRow("false", "", new int[0])]
    [DataRow(null, null, new int[0])]
    [DataRow("false", "3, x,3,,9", new[] { 3, 9 })]
    public void ResolveData_ConcernsToOverrule_AllOrTheChosenOnesOnce(string? all, string? chosen, int[] expected)
    {
        // Arrange: "overrule all" wins over the list; ids the form did not list go on, for the domain to refuse by name.
        var data = new ResolveData { ConcernIds = [1, 3, 4], OverruleAll = all, OverruleConcerns = chosen };

        // Act
        var concerns = data.ConcernsToOverrule();

        // Assert
        CollectionAssert.AreEqual(expected, concerns.ToArray());
    }

    [TestMethod]
    public void ResolveData_FromTheRealResolveForm_ReadsEachInput()
    {
        // Arrange: fill the decider's form for the sample RFC (options 0..2, open concerns 1 and 3).
        var rfc = Sample.WithActivity();
        var form = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);
        var (action, inputs) = ExecutesWithInputs(form).Single(e => e.Action.Verb == CardVerbs.Resolve);
        var values = inputs.ToDictionary(i => i.Id!, i => i.Id switch
        {
            InputIds.OverruleConcerns => "3",
            InputIds.OverruleAll => "false",
            _ => "text for " + i.Id,
        });

        // Act
        var data = JsonSerializer.Deserialize<ResolveData>(TeamsPayload(action, values), CardJson.Options)!;

        // Assert
        for (var i = 0; i < data.OptionNames.Count; i++)
        {
            Assert.AreEqual($"text for whyNot-{i}", data.WhyNot(i));
        }

        Assert.HasCount(3, data.OptionNames);
        CollectionAssert.AreEqual(new[] { 3 }, data.ConcernsToOverrule().ToArray());
        Assert.AreEqual("text for overruleReason", data.OverruleReason);
        Assert.AreEqual("text for rationale", data.Rationale);
    }

    [TestMethod]
    public void ResolveConcernData_TeamsPayload_NoteIsThatConcernsInput()
    {
        // Arrange
        const string payload = """{"team":"t","rfc":7,"concernId":3,"concernNote-3":"Runbook written.","concernNote-1":"other"}""";

        // Act
        var data = JsonSerializer.Deserialize<ResolveConcernData>(payload, CardJson.Options)!;

        // Assert
        Assert.AreEqual(3, data.ConcernId);
        Assert.AreEqual("Runbook written.", data.Note);
    }

    [TestMethod]
    [DataRow("\"3\"")]
    [DataRow("3")]
    public void ExtendWindowData_ExtendDaysAsStringOrNumber_IsRead(string days)
    {
        // Arrange
        var payload = $$"""{"team":"t","rfc":7,"extendDays":{{days}},"extendReason":"Holidays."}""";

        // Act
        var data = JsonSerializer.Deserialize<ExtendWindowData>(payload, CardJson.Options)!;

        // Assert
        Assert.AreEqual(3, data.ExtendDays);
        Assert.AreEqual("Holidays.", data.ExtendReason);
    }

    [TestMethod]
    public void NewRfcData_TeamsPayload_ReadsEveryField()
    {
        // Arrange
        const string payload = """
            {"team":"t","title":"Adopt Kafka","context":"c","proposal":"p","options":"Kafka: managed\nService Bus","drivers":"Durability",
             "decider":"d0000000-0000-4000-8000-000000000002","reviewers":"r1,r2","windowDays":"7","channel":"19:general@thread.tacv2"}
            """;

        // Act
        var data = JsonSerializer.Deserialize<NewRfcData>(payload, CardJson.Options)!;

        // Assert
        Assert.AreEqual("Adopt Kafka", data.Title);
        Assert.AreEqual("Kafka: managed\nService Bus", data.Options);
        Assert.AreEqual("d0000000-0000-4000-8000-000000000002", data.Decider);
        Assert.AreEqual("r1,r2", data.Reviewers);
        Assert.AreEqual(7, data.WindowDays);
        Assert.AreEqual("19:general@thread.tacv2", data.Channel);
    }

    [TestMethod]
    public void ActionData_Serialised_CarriesOnlyTheRfcNeverWhoActs()
    {
        // Arrange: identity comes from the authenticated activity, never from card data a client could edit.
        var rfc = Sample.WithActivity();
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Decider));

        // Act
        var keys = AllExecutes(card)
            .Select(a => JsonSerializer.SerializeToNode(a.Data, CardJson.Options)!.AsObject())
            .SelectMany(o => o.Select(p => p.Key))
            .ToHashSet(StringComparer.Ordinal);

        // Assert
        // submitId is a fresh nonce per rendered card (two presses are one submission), not anyone's identity.
        CollectionAssert.IsSubsetOf(keys.ToArray(), new[] { "team", "rfc", "concernId", "submitId" });
        Assert.IsFalse(JsonNode.Parse(CardJson.Serialize(card))!.ToJsonString().Contains("\"userId\"", StringComparison.Ordinal));
    }

    [GeneratedRegex("^(whyNot|overrule|overruleReason|concernNote)-[0-9]+$")]
    private static partial Regex PerItemInput();
}
