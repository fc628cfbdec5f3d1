using TeamsDecisions.Core;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>What an error card may say about the user's change, so that it never contradicts its own message.</summary>
public enum SaveState
{
    /// <summary>Refused before anything was written: the card says "Nothing was changed."</summary>
    NothingChanged,

    /// <summary>The action only shows something; there was nothing to save.</summary>
    NothingToSave,

    /// <summary>The message itself already says what happened to the change.</summary>
    AlreadySaid,

    /// <summary>Whether the change was saved is not known: the card must not claim either.</summary>
    Unknown,
}

/// <summary>The small cards: what was refused and how to fix it, help, and the welcome on install.</summary>
public static class MessageCards
{
    /// <summary>
    /// An error the user can act on: what was refused, why, and what to do. <paramref name="backTo"/> offers a way
    /// back to the RFC the action came from; <paramref name="typed"/> repeats what the person typed, so nothing they
    /// wrote is lost with the card it replaces.
    /// </summary>
    public static AdaptiveCard Error(string what, string why, string? fix = null, (TeamId Team, RfcNumber Rfc)? backTo = null, SaveState state = SaveState.NothingChanged, IReadOnlyList<Fact>? typed = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        var body = new List<CardElement>
        {
            new Container(
            [
                CardText.Line([new("⚠ "), .. CardText.User(what)], TextSize.Medium, TextWeight.Bolder),
                CardText.Plain(why) with { Spacing = Spacing.Small },
            ])
            { Style = ContainerStyle.Attention },
        };
        if (fix is not null)
        {
            body.Add(CardText.Labelled("How to fix it", fix) with { Spacing = Spacing.Medium });
        }

        if (typed is { Count: > 0 })
        {
            body.Add(CardText.Section("What you typed"));
            foreach (var fact in typed)
            {
                body.Add(CardText.Line(CardText.User(fact.Title), weight: TextWeight.Bolder) with { Spacing = Spacing.Small });
                body.Add(CardText.Plain(fact.Value) with { Spacing = Spacing.None });
            }
        }

        if (state == SaveState.NothingChanged)
        {
            body.Add(CardText.Subtle("Nothing was changed.") with { Spacing = Spacing.Small });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = backTo is { } target
                ? [new ExecuteAction(CardVerbs.Refresh) { Title = $"Back to {target.Rfc}", Data = new RefreshData { Team = target.Team.Value, Rfc = target.Rfc.Value }, AssociatedInputs = AssociatedInputs.None }]
                : null,
            FallbackText = $"{what}: {why}",
            MsTeams = new TeamsCardProperties(),
        };
    }

    public static AdaptiveCard Help(string botName)
    {
        var mention = Markdown.Escape($"@{botName}");
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Heading("TeamsDecisions: decisions in writing, findable later"),
                new TextBlock("Post an RFC, let people vote and comment for a few days, then record the decision and why. Every decision gets a number (DEC-0042) and a page that explains it.") { Spacing = Spacing.Small },
                CardText.Section("Commands"),
                new FactSet(
                [
                    new Fact(Command(mention, "rfc new"), "Open the form to propose an RFC in this team."),
                    new Fact(Command(mention, "rfc list"), "The team's RFCs that are open or awaiting a decision."),
                    new Fact(Command(mention, "explore kafka"), "Not ready to write yet? Mention the people to explore with: three 45-minute slots in the next 10 working days, inside everyone's working hours, then a Teams meeting in the one you book."),
                    new Fact(Command(mention, "meeting test"), "Would this meeting achieve the same outcome as a written async thread? Get a verdict, and the async alternative in one click."),
                    new Fact(Command(mention, "why kafka"), "Why did we decide that? The 5 decisions that best match your words, with the line that says why (\"search …\" works too)."),
                    new Fact(Command(mention, "my queue"), "What waits on you: decisions to make, responses due, your open concerns."),
                    new Fact(Command(mention, "digest on"), "Your queue every working day at 09:00, in our personal chat (\"digest off\" stops it)."),
                    new Fact(Command(mention, "settings"), "The team's response norms, working days and hours; its owners change them."),
                    new Fact(Command(mention, "help"), "This card."),
                ]),
                CardText.Section("On an RFC card"),
                new TextBlock("**Vote** (approve, approve with concerns, object with a reason, abstain) until the window closes · **Comment** · **Raise concern** (blocks acceptance until resolved or overruled) · the decider **Resolves** with a rationale and why the other options lost.") { Spacing = Spacing.Small },
                CardText.Subtle("Reply to an RFC's thread and mention the bot to add your reply as a comment.") with { Spacing = Spacing.Medium },
            ],
            Actions = [new ExecuteAction(CardVerbs.NewRfcForm) { Title = "Propose an RFC", Style = ActionStyle.Positive }],
            FallbackText = "TeamsDecisions help",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>A command as one unbreakable word group: the fact column would otherwise wrap "rfc / new".</summary>
    private static string Command(string mention, string command) => $"{mention} {command}".Replace(' ', '\u00A0');

    /// <summary>The hello on install; <paramref name="pagesWhere"/> says truthfully where decision pages go (SharePoint, or this app locally).</summary>
    public static AdaptiveCard Welcome(string teamName, string botName, string pagesWhere = "your SharePoint site") => new()
    {
        Body =
        [
            CardText.Badge("Welcome", TextColor.Accent),
            CardText.Title([new("TeamsDecisions is ready in "), .. CardText.User(teamName)]),
            new TextBlock("Make decisions in writing instead of in meetings: propose an RFC, give people a comment window (5 days by default) to vote and raise concerns, and record the decision with its rationale and the alternatives not chosen.") { Spacing = Spacing.Small },
            new FactSet(
            [
                new Fact("Start", $"{Markdown.Escape($"@{botName}")} rfc new"),
                new Fact("Find", "Every decision gets a number and a page in the team's decision log."),
                new Fact("Stored", $"RFCs, votes and comments are kept in your organisation's Azure Table Storage; decision pages are published to {Markdown.Escape(pagesWhere)}."),
            ])
            { Spacing = Spacing.Medium },
        ],
        Actions =
        [
            new ExecuteAction(CardVerbs.NewRfcForm) { Title = "Propose an RFC", Style = ActionStyle.Positive },
        ],
        FallbackText = $"TeamsDecisions is ready in {teamName}",
        MsTeams = new TeamsCardProperties(),
    };
}
