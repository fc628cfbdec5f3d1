using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>The decider's form: outcome, rationale, a "why not" per option, consequences, concerns to overrule, supersedes.</summary>
public static class ResolveForm
{
    /// <summary>The form; after a refusal, <paramref name="previous"/> puts back what the decider typed and <paramref name="problem"/> says what to fix.</summary>
    public static AdaptiveCard Build(Rfc rfc, CardViewer view, IReadOnlyList<DecisionLogEntry> supersedable, ResolveData? previous = null, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(supersedable);
        var state = rfc.StateAt(view.Now);
        var body = new List<CardElement>
        {
            CardText.Badge($"{rfc.Number} · Record the decision", TextColor.Accent),
            CardText.Heading(Markdown.Escape(rfc.Title)) with { Spacing = Spacing.Small },
            CardText.Subtle($"{CardText.Count(rfc.Tally.Total, "vote", "votes")} · {CardText.Count(rfc.OpenConcerns.Count(), "open concern", "open concerns")} · {CardText.Count(rfc.Comments.Count, "comment", "comments")}. What you write here is what a newcomer reads a year from now."),
        };
        if (problem is not null)
        {
            body.Add(new Container([new TextBlock(Markdown.Escape(problem)) { Weight = TextWeight.Bolder }]) { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
        }

        body.AddRange(
        [
            new ChoiceSetInput
            {
                Id = InputIds.Outcome,
                Label = "Outcome",
                Style = ChoiceInputStyle.Expanded,
                IsRequired = true,
                ErrorMessage = "Choose an outcome.",
                Value = previous?.Outcome ?? nameof(DecisionOutcome.Accepted),
                Choices = [.. Enum.GetValues<DecisionOutcome>().Select(o => new Choice(o.ToString(), o.ToString()))],
                Spacing = Spacing.Medium,
            },
        ]);

        if (rfc.Options.Count > 0)
        {
            body.Add(new ChoiceSetInput
            {
                Id = InputIds.ChosenOption,
                Label = "Chosen option (required to accept)",
                Style = ChoiceInputStyle.Compact,
                Placeholder = "None of them",
                Value = previous?.ChosenOption,
                Choices = [.. rfc.Options.Select(o => new Choice(o.ShortName, o.ShortName))],
            });
        }

        body.Add(new TextInput
        {
            Id = InputIds.Rationale,
            Label = $"Rationale (at least {RfcLimits.RationaleMin} characters)",
            IsMultiline = true,
            IsRequired = true,
            MaxLength = RfcLimits.RationaleMax,
            Regex = $"^[\\s\\S]{{{RfcLimits.RationaleMin},}}$",
            ErrorMessage = $"Write the reasoning: at least {RfcLimits.RationaleMin} characters.",
            Placeholder = "Why this outcome: the drivers that decided it, the trade-offs accepted.",
            Value = previous?.Rationale,
        });

        for (var i = 0; i < rfc.Options.Count; i++)
        {
            var option = rfc.Options[i];
            body.Add(new TextInput
            {
                Id = InputIds.WhyNot(i),
                Label = $"Why not \"{option.ShortName}\"? (leave the chosen option empty)",
                IsMultiline = true,
                MaxLength = RfcLimits.WhyNotMax,
                Value = previous?.WhyNot(i),
            });
        }

        body.Add(new TextInput { Id = InputIds.Consequences, Label = "Consequences (what changes, what we accept)", IsMultiline = true, MaxLength = RfcLimits.ConsequencesMax, Value = previous?.Consequences });

        var open = rfc.OpenConcerns.ToList();
        if (open.Count > 0)
        {
            body.Add(CardText.Section($"{CardText.Count(open.Count, "open concern", "open concerns")}: accepting needs each one resolved or overruled"));
            foreach (var concern in open)
            {
                // Toggle titles are markdown in some hosts (the JS renderer's default), so escape like any text.
                body.Add(new ToggleInput($"Overrule \"{Markdown.Escape(concern.Title)}\" (raised by {CardText.Name(concern.RaisedBy)})") { Id = InputIds.Overrule(concern.Id), ValueOn = "true", ValueOff = "false", Value = previous?.Overrules(concern.Id) == true ? "true" : "false", Wrap = true, Spacing = Spacing.Small });
                body.Add(new TextInput { Id = InputIds.OverruleReason(concern.Id), Placeholder = "Reason for overruling", MaxLength = RfcLimits.ReasonMax, Spacing = Spacing.None, Value = previous?.OverruleReason(concern.Id) });
            }
        }

        if (supersedable.Count > 0)
        {
            body.Add(new ChoiceSetInput
            {
                Id = InputIds.Supersedes,
                Label = "Supersedes an earlier decision (accepted only)",
                Style = ChoiceInputStyle.Compact,
                Placeholder = "None",
                Value = previous?.Supersedes,
                Choices = [.. supersedable.Take(50).Select(d => new Choice($"{d.Number}: {d.Title}", d.Number.ToString()))],
            });
        }

        if (state == RfcState.Open)
        {
            body.Add(new TextInput
            {
                Id = InputIds.EarlyCloseReason,
                Label = "The comment window is still open: why decide now? (required)",
                IsMultiline = true,
                IsRequired = true,
                MaxLength = RfcLimits.ReasonMax,
                ErrorMessage = "Give a reason for closing the window early.",
                Value = previous?.EarlyCloseReason,
            });
        }

        var data = RfcCard.Data<ResolveData>(rfc) with
        {
            OptionNames = [.. rfc.Options.Select(o => o.ShortName)],
            ConcernIds = [.. open.Select(c => c.Id)],
        };
        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction(CardVerbs.Resolve) { Title = "Record decision", Data = data, Style = ActionStyle.Positive },
                new ExecuteAction(CardVerbs.Refresh) { Title = "Cancel", Data = RfcCard.Data<RefreshData>(rfc), AssociatedInputs = AssociatedInputs.None },
            ],
            FallbackText = $"Resolve {rfc.Number}: {rfc.Title}",
            MsTeams = new TeamsCardProperties(),
        };
    }
}
