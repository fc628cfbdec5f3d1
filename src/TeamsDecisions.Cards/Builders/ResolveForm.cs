using System.Globalization;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>
/// The decider's form: outcome, why decide now (window still open), chosen option, rationale, a "why not" per option,
/// consequences, the open concerns to overrule with one reason, and the decision it supersedes. At the domain's limits
/// (12 options, 80 concerns, 50 earlier decisions) and refilled after a refusal with every field at its limit, in any
/// script, it stays under the 40 KB card budget: lists show short titles, and the per-field limits in
/// <see cref="RfcLimits"/> are sized so that the typed text fits too.
/// </summary>
public static class ResolveForm
{
    /// <summary>Columns of a concern's or an earlier decision's title in the lists; the full title is on the RFC card.</summary>
    public const int ListTitleColumns = 36;

    /// <summary>Columns of an option's name in its label and in the chosen-option list: a Latin name (at most 60) is never cut.</summary>
    public const int OptionColumns = RfcLimits.OptionNameMax;

    /// <summary>The most recent accepted decisions offered to supersede.</summary>
    public const int SupersedableShown = 50;

    /// <summary>The form; after a refusal, <paramref name="previous"/> puts back what the decider typed and <paramref name="problem"/> says what to fix.</summary>
    public static AdaptiveCard Build(Rfc rfc, CardViewer view, IReadOnlyList<DecisionLogEntry> supersedable, ResolveData? previous = null, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(supersedable);
        var open = rfc.OpenConcerns.ToList();
        var body = new List<CardElement>
        {
            CardText.Badge($"{rfc.Number} · Record the decision", TextColor.Accent),
            CardText.Heading(Markdown.Escape(rfc.Title)) with { Spacing = Spacing.Small },
            CardText.Subtle($"{CardText.Count(rfc.Tally.Total, "vote", "votes")} · {CardText.Count(open.Count, "open concern", "open concerns")} · {CardText.Count(rfc.Comments.Count, "comment", "comments")}. What you write here is what a newcomer reads a year from now."),
        };
        if (problem is not null)
        {
            body.Add(new Container([new TextBlock(Markdown.Escape(problem)) { Weight = TextWeight.Bolder }]) { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
        }

        body.Add(new ChoiceSetInput
        {
            Id = InputIds.Outcome,
            Label = "Outcome",
            Style = ChoiceInputStyle.Expanded,
            IsRequired = true,
            ErrorMessage = "Choose an outcome.",
            Value = previous?.Outcome ?? nameof(DecisionOutcome.Accepted),
            Choices = [.. Enum.GetValues<DecisionOutcome>().Select(o => new Choice(o.ToString(), o.ToString()))],
            Spacing = Spacing.Medium,
        });

        // Asked right after the outcome: without it nothing else on the form can be recorded while the window is open.
        if (rfc.StateAt(view.Now) == RfcState.Open)
        {
            body.Add(new TextInput
            {
                Id = InputIds.EarlyCloseReason,
                Label = $"Comments are still open: why decide now? (required, up to {RfcLimits.ReasonMax:N0} characters)",
                IsMultiline = true,
                IsRequired = true,
                MaxLength = RfcLimits.ReasonMax,
                ErrorMessage = "Say why you close the comment window early.",
                Value = previous?.EarlyCloseReason,
            });
        }

        if (rfc.Options.Count > 0)
        {
            body.Add(new ChoiceSetInput
            {
                Id = InputIds.ChosenOption,
                Label = "Chosen option (required to accept)",
                Style = ChoiceInputStyle.Compact,
                Placeholder = "None of them",
                Value = previous?.ChosenOption,
                // By position: the names travel once, in the action's data (OptionNames), not twice more per option.
                Choices = [.. rfc.Options.Select((o, i) => new Choice(CardText.Columns(o.ShortName, OptionColumns), i.ToString(CultureInfo.InvariantCulture)))],
            });
        }

        body.Add(new TextInput
        {
            Id = InputIds.Rationale,
            Label = $"Rationale ({RfcLimits.RationaleMin} to {RfcLimits.RationaleMax:N0} characters)",
            IsMultiline = true,
            IsRequired = true,
            MaxLength = RfcLimits.RationaleMax,
            Regex = $"^[\\s\\S]{{{RfcLimits.RationaleMin},}}$",
            ErrorMessage = $"Write the reasoning: {RfcLimits.RationaleMin} to {RfcLimits.RationaleMax:N0} characters.",
            Placeholder = "Why this outcome: the drivers that decided it, the trade-offs accepted. Link a document for more.",
            Value = previous?.Rationale,
        });

        if (rfc.Options.Count > 0)
        {
            body.Add(new TextBlock($"**Why not the others?** One line for each option you did not choose; leave the chosen option empty. Needed to accept or reject; up to {RfcLimits.WhyNotMax:N0} characters each.") { Wrap = true, Spacing = Spacing.Medium });
            for (var i = 0; i < rfc.Options.Count; i++)
            {
                body.Add(new TextInput
                {
                    Id = InputIds.WhyNot(i),
                    Label = $"Why not \"{CardText.Columns(rfc.Options[i].ShortName, OptionColumns)}\"?",
                    MaxLength = RfcLimits.WhyNotMax,
                    Spacing = Spacing.Small,
                    Value = previous?.WhyNot(i),
                });
            }
        }

        body.Add(new TextInput
        {
            Id = InputIds.Consequences,
            Label = $"Consequences: what changes, what we accept (up to {RfcLimits.ConsequencesMax:N0} characters)",
            IsMultiline = true,
            MaxLength = RfcLimits.ConsequencesMax,
            Value = previous?.Consequences,
            Spacing = Spacing.Medium,
        });

        if (open.Count > 0)
        {
            body.AddRange(Overrules(open, previous));
        }

        if (supersedable.Count > 0)
        {
            body.Add(new ChoiceSetInput
            {
                Id = InputIds.Supersedes,
                Label = "Supersedes an earlier decision (accepted only; type to search)",
                Style = ChoiceInputStyle.Filtered,
                Placeholder = "None",
                Value = previous?.Supersedes,
                Choices = [.. supersedable.Take(SupersedableShown).Select(d => new Choice($"{d.Number} · {CardText.Columns(d.Title, ListTitleColumns)}", d.Number.ToString()))],
                Spacing = Spacing.Medium,
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

    /// <summary>
    /// One list of the open concerns and one reason for those chosen, instead of a toggle and a reason per concern:
    /// 80 concerns with a reason box each would not fit a card, and the decider rarely has 80 different reasons.
    /// </summary>
    private static IEnumerable<CardElement> Overrules(IReadOnlyList<Concern> open, ResolveData? previous)
    {
        yield return CardText.Section($"{CardText.Count(open.Count, "open concern", "open concerns")}: to accept, each must be resolved by its raiser or overruled here");
        if (open.Count > 1)
        {
            yield return new ToggleInput($"Overrule all {open.Count.ToString("N0", CultureInfo.InvariantCulture)} open concerns with the reason below")
            {
                Id = InputIds.OverruleAll,
                ValueOn = "true",
                ValueOff = "false",
                Value = previous?.OverrulesAll == true ? "true" : "false",
                Wrap = true,
                Spacing = Spacing.Small,
            };
        }

        yield return new ChoiceSetInput
        {
            Id = InputIds.OverruleConcerns,
            Label = open.Count > 1 ? "Or overrule only these" : "Overrule",
            IsMultiSelect = true,
            Style = ChoiceInputStyle.Compact,
            Placeholder = "Choose concerns",
            Value = previous?.OverruleConcerns,
            // A multi-select list shows its choices as checkboxes, whose labels some hosts read as markdown (the JS
            // renderer's useMarkdownInRadioButtonAndCheckbox): escape like any text.
            Choices = [.. open.Select(c => new Choice(string.Create(CultureInfo.InvariantCulture, $"#{c.Id} · {Markdown.Escape(CardText.Columns(c.Title, ListTitleColumns))}"), c.Id.ToString(CultureInfo.InvariantCulture)))],
        };
        yield return new TextInput
        {
            Id = InputIds.OverruleReason,
            Label = $"Reason for overruling (recorded on each concern overruled; up to {RfcLimits.ReasonMax:N0} characters)",
            IsMultiline = true,
            MaxLength = RfcLimits.ReasonMax,
            Value = previous?.OverruleReason,
        };
    }
}
