using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>A channel the RFC can be posted to.</summary>
public sealed record ChannelChoice(string Id, string Name);

/// <summary>Values to show in the form: a prefill (meeting test, a message) or what the author typed before a refusal.</summary>
public sealed record NewRfcFormValues(
    string? Title = null,
    string? Context = null,
    string? Proposal = null,
    string? Options = null,
    string? Drivers = null,
    int? WindowDays = null,
    string? Channel = null,
    string? Problem = null,
    string? Decider = null,
    string? Reviewers = null,
    string? FormId = null,
    string? Kind = null)
{
    /// <summary>
    /// Names of the people already picked (id → display name). A people picker shows a preselected value only when a
    /// choice carries it, so a refilled form lists them as choices; the picker still searches everyone.
    /// </summary>
    public IReadOnlyDictionary<string, string> PickedNames { get; init; } = new Dictionary<string, string>();

    internal IReadOnlyList<Choice> PickedChoices(string? ids) =>
        [.. (ids ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(PickedNames.ContainsKey)
            .Select(id => new Choice(UserText.Shorten(UserText.StripBidiControls(PickedNames[id]), CardText.NameShown), id))];
}

/// <summary>
/// The new-RFC form: what an author fills in to open an RFC for comment, or, with "Explore first", the title and
/// context of a 45-minute exploration with the decider and reviewers picked, before anything else is written.
/// </summary>
public static class NewRfcForm
{
    public static AdaptiveCard Build(string team, IReadOnlyList<ChannelChoice> channels, int defaultWindowDays, NewRfcFormValues? values = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(team);
        ArgumentNullException.ThrowIfNull(channels);
        values ??= new NewRfcFormValues();
        var body = new List<CardElement>
        {
            CardText.Badge("New RFC", TextColor.Accent),
            CardText.Heading("Propose a decision"),
            CardText.Subtle("Write it so that someone joining in six months can follow the reasoning without asking anyone."),
        };

        if (values.Problem is { } problem)
        {
            body.Add(new Container([CardText.Line(CardText.User(problem), weight: TextWeight.Bolder)]) { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
        }

        body.AddRange(
        [
            new TextInput { Id = InputIds.Title, Label = "Title", IsRequired = true, MaxLength = RfcLimits.TitleMax, Value = values.Title, Placeholder = "e.g. Adopt Kafka for order events", ErrorMessage = $"A title of {RfcLimits.TitleMin} to {RfcLimits.TitleMax} characters is required.", Spacing = Spacing.Medium },
            new TextInput { Id = InputIds.Context, Label = $"Context and problem (up to {RfcLimits.LongTextMax:N0} characters; link a design doc for more)", IsRequired = true, IsMultiline = true, MaxLength = RfcLimits.LongTextMax, Value = values.Context, Placeholder = "What is happening, and why does it need a decision?", ErrorMessage = "Describe the context and the problem." },
            // Checked by the app, not the client: "Explore first" sends the form before anyone has a proposal.
            new TextInput { Id = InputIds.Proposal, Label = "Proposal (required to open for comment)", IsMultiline = true, MaxLength = RfcLimits.LongTextMax, Value = values.Proposal, Placeholder = "What do you propose? (Not sure yet? Explore first.)" },
            new TextInput { Id = InputIds.Options, Label = $"Options considered (one per line, \"Name: description\", up to {RfcLimits.OptionDescriptionMax} characters of description)", IsMultiline = true, MaxLength = RfcLimits.OptionsTextMax, Value = values.Options, Placeholder = "Kafka: managed, 3 brokers\nService Bus: topics and subscriptions\nStatus quo: keep HTTP callbacks" },
            new TextInput { Id = InputIds.Drivers, Label = "Decision drivers (one per line)", IsMultiline = true, MaxLength = RfcLimits.DriversTextMax, Value = values.Drivers, Placeholder = "Durability across restarts\nOperational cost" },
            new ChoiceSetInput { Id = InputIds.Decider, Label = "Decider", IsRequired = true, ErrorMessage = "Choose who will decide.", ChoicesData = new DataQuery(DataQuery.People), Choices = values.PickedChoices(values.Decider), Placeholder = "Search for a person", Value = values.Decider },
            new ChoiceSetInput { Id = InputIds.Reviewers, Label = "Required reviewers", IsMultiSelect = true, ChoicesData = new DataQuery(DataQuery.People), Choices = values.PickedChoices(values.Reviewers), Placeholder = "Search for people", Value = values.Reviewers },
            new ChoiceSetInput
            {
                Id = InputIds.Kind,
                Label = "Kind (sets how soon reviewers are expected to respond)",
                Style = ChoiceInputStyle.Expanded,
                IsRequired = true,
                ErrorMessage = "Choose routine or design review.",
                Value = values.Kind ?? RfcKindChoice.DesignReview,
                Choices = [new Choice("Design review", RfcKindChoice.DesignReview), new Choice("Routine question", RfcKindChoice.Routine)],
            },
            new NumberInput { Id = InputIds.WindowDays, Label = $"Comment window (working days, {RfcLimits.WindowDaysMin}–{RfcLimits.WindowDaysMax})", Min = RfcLimits.WindowDaysMin, Max = RfcLimits.WindowDaysMax, Value = values.WindowDays ?? defaultWindowDays, IsRequired = true, ErrorMessage = $"Choose {RfcLimits.WindowDaysMin} to {RfcLimits.WindowDaysMax} days." },
        ]);

        if (channels.Count > 0)
        {
            body.Add(new ChoiceSetInput
            {
                Id = InputIds.Channel,
                Label = "Post to channel",
                Style = ChoiceInputStyle.Compact,
                IsRequired = true,
                ErrorMessage = "Choose the channel to post the RFC in.",
                Value = values.Channel ?? channels[0].Id,
                Choices = [.. channels.Select(c => new Choice(c.Name, c.Id))],
            });
        }

        var formId = values.FormId ?? Guid.NewGuid().ToString("N");
        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction(CardVerbs.SubmitRfc) { Title = "Open for comment", Data = new NewRfcData { Team = team, FormId = formId }, Style = ActionStyle.Positive },
                new ExecuteAction(CardVerbs.Explore) { Title = "Explore first", Data = new NewRfcData { Team = team, FormId = formId } },
            ],
            FallbackText = "New RFC form",
            MsTeams = new TeamsCardProperties(),
        };
    }
}
