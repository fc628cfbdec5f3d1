using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>
/// The RFC card in the channel. The shared card (no viewer) is what everyone sees and what clients without
/// refresh show; its buttons work for anyone. The per-user card marks the viewer's vote and adds what only
/// they may do: resolve their own concerns, and for the decider close early, extend and resolve.
/// Resolved RFCs get the final card. Big RFCs are summarised (counts, latest items) to stay well under 40 KB.
/// </summary>
public static class RfcCard
{
    public const int ConcernsShown = 5;
    public const int CommentsShown = 3;
    public const int CommentLength = 280;
    public const int WaitingShown = 8;
    public const int SummaryLength = 400;

    public static AdaptiveCard Build(Rfc rfc, CardViewer view, CardLinks? links = null)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(view);
        if (rfc.State.IsResolved())
        {
            return FinalCard.Build(rfc, links ?? CardLinks.None);
        }

        var state = rfc.StateAt(view.Now);
        var viewer = view.Viewer;
        var body = new List<CardElement>
        {
            Header(rfc, state),
            new TextBlock(Markdown.EscapeShort(rfc.Context, SummaryLength)) { Spacing = Spacing.Medium },
            new FactSet(Facts(rfc)) { Spacing = Spacing.Small },
            Window(rfc, state, view.Now),
        };

        if (state != RfcState.Draft)
        {
            body.Add(Tally(rfc, viewer));
        }

        if (viewer is not null && state != RfcState.Draft)
        {
            body.Add(YourPart(rfc, viewer, state));
        }

        body.AddRange(Concerns(rfc, viewer));
        body.AddRange(CommentDigest(rfc));
        if (state == RfcState.Open && rfc.NotYetResponded.ToList() is { Count: > 0 } waiting)
        {
            body.Add(new TextBlock($"**Waiting on:** {CardText.People(waiting, WaitingShown)}") { Spacing = Spacing.Medium, IsSubtle = true });
        }

        var data = Data<RefreshData>(rfc);
        return new AdaptiveCard
        {
            Body = body,
            Actions = Actions(rfc, state, viewer),
            Refresh = new CardRefresh(
                new ExecuteAction(CardVerbs.Refresh) { Title = "Refresh", Data = data },
                [.. RefreshAudience.Choose(rfc).Select(RefreshAudience.Mri)]),
            FallbackText = $"{rfc.Number}: {rfc.Title} ({CardText.State(state)})",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>A fresh id per rendered card, so that Teams' separate activities for a double press are one submission.</summary>
    private static string NewSubmitId() => Guid.NewGuid().ToString("N");

    internal static T Data<T>(Rfc rfc)
        where T : RfcActionData, new() => new() { Team = rfc.Team.Value, Rfc = rfc.Number.Value };

    private static Container Header(Rfc rfc, RfcState state) => new(
    [
        CardText.Badge($"{rfc.Number} · {CardText.State(state)}", CardText.StateColor(state)),
        CardText.Heading(Markdown.Escape(rfc.Title)) with { Spacing = Spacing.Small },
        CardText.Subtle($"Proposed by {CardText.Name(rfc.Author)} on {CardText.Date(rfc.ProposedAt)} · Decider: {CardText.Name(rfc.Decider)}"),
    ]);

    private static List<Fact> Facts(Rfc rfc)
    {
        var facts = new List<Fact> { new("Proposal", Markdown.EscapeShort(rfc.Proposal, SummaryLength)) };
        if (rfc.Options.Count > 0)
        {
            facts.Add(new Fact("Options", string.Join(" · ", rfc.Options.Select(o => Markdown.Escape(o.ShortName)))));
        }

        if (rfc.DecisionDrivers.Count > 0)
        {
            facts.Add(new Fact("Drivers", string.Join(" · ", rfc.DecisionDrivers.Select(d => Markdown.EscapeShort(d, 80)))));
        }

        if (rfc.RequiredReviewers.Count > 0)
        {
            facts.Add(new Fact("Reviewers", CardText.People(rfc.RequiredReviewers, WaitingShown)));
        }

        return facts;
    }

    private static CardElement Window(Rfc rfc, RfcState state, DateTimeOffset now) => state switch
    {
        RfcState.Draft => new TextBlock($"Not open for comment yet. Once opened, the comment window runs {CardText.Count(rfc.WindowDays, "day", "days")}.") { Spacing = Spacing.Medium },
        RfcState.Open => new TextBlock($"**Comments close {CardText.DateTime(rfc.Window!.ClosesAt)}** ({CardText.Relative(rfc.Window.ClosesAt, now)})") { Spacing = Spacing.Medium, Color = TextColor.Accent },
        _ => new Container(
        [
            new TextBlock(rfc.EarlyCloseReason is { } reason
                ? $"The decider closed comments early on {CardText.Date(rfc.Window!.ClosesAt)}: {Markdown.EscapeShort(reason, 200)}. Waiting for {CardText.Name(rfc.Decider)}'s decision."
                : $"Comments closed {CardText.DateTime(rfc.Window!.ClosesAt)}. Waiting for {CardText.Name(rfc.Decider)}'s decision."),
        ])
        { Spacing = Spacing.Medium, Style = ContainerStyle.Warning },
    };

    private static ColumnSet Tally(Rfc rfc, UserRef? viewer)
    {
        var tally = rfc.Tally;
        var mine = viewer is null ? null : rfc.BallotOf(viewer)?.Current.Kind;
        Column Cell(VoteKind kind, int count) => new(
        [
            new TextBlock(count.ToString("N0", CultureInfo.InvariantCulture)) { Size = TextSize.Large, Weight = TextWeight.Bolder, HorizontalAlignment = HorizontalAlignment.Center, Color = kind == VoteKind.Object && count > 0 ? TextColor.Attention : null },
            new TextBlock(mine == kind ? $"{CardText.Vote(kind)} (you)" : CardText.Vote(kind)) { Size = TextSize.Small, HorizontalAlignment = HorizontalAlignment.Center, Spacing = Spacing.None, IsSubtle = mine != kind, Weight = mine == kind ? TextWeight.Bolder : null },
        ])
        {
            Width = ColumnWidth.Stretch,
            // Not accent: Teams dark paints accent containers pale blue, a glaring cell among dark ones.
            Style = mine == kind ? ContainerStyle.Emphasis : null,
        };

        return new ColumnSet(
        [
            Cell(VoteKind.Approve, tally.Approve),
            Cell(VoteKind.ApproveWithConcerns, tally.ApproveWithConcerns),
            Cell(VoteKind.Object, tally.Object),
            Cell(VoteKind.Abstain, tally.Abstain),
        ])
        { Spacing = Spacing.Medium, Separator = true };
    }

    private static TextBlock YourPart(Rfc rfc, UserRef viewer, RfcState state)
    {
        var ballot = rfc.BallotOf(viewer);
        var role = viewer.Is(rfc.Decider) ? "You are the decider. " : rfc.RequiredReviewers.Any(r => r.Is(viewer)) ? "You are a required reviewer. " : string.Empty;
        if (ballot is null)
        {
            return new TextBlock(state == RfcState.Open ? $"{role}You have not voted yet." : $"{role}You did not vote.") { Spacing = Spacing.Small, Weight = TextWeight.Bolder };
        }

        var reason = ballot.Current.Reason is { } r ? $" — \"{Markdown.EscapeShort(r, 200)}\"" : string.Empty;
        var changes = ballot.History.Count > 1 ? $" (changed {CardText.Count(ballot.History.Count - 1, "time", "times")})" : string.Empty;
        return new TextBlock($"{role}Your vote: **{CardText.Vote(ballot.Current.Kind)}**{reason}{changes}") { Spacing = Spacing.Small };
    }

    private static IEnumerable<CardElement> Concerns(Rfc rfc, UserRef? viewer)
    {
        var open = rfc.OpenConcerns.ToList();
        var closed = rfc.Concerns.Count - open.Count;
        if (rfc.Concerns.Count == 0)
        {
            yield break;
        }

        var summary = closed > 0 ? $" · {CardText.Count(closed, "closed", "closed")}" : string.Empty;
        yield return CardText.Section(string.Create(CultureInfo.InvariantCulture, $"Open concerns ({open.Count:N0}){summary}"));
        bool CanResolve(Concern c) => viewer is not null && (viewer.Is(c.RaisedBy) || viewer.Is(rfc.Decider));
        foreach (var concern in open.OrderByDescending(CanResolve).ThenBy(c => c.Id).Take(ConcernsShown))
        {
            var items = new List<CardElement>
            {
                new TextBlock($"**{Markdown.EscapeShort(concern.Title, 120)}** — raised by {CardText.Name(concern.RaisedBy)}"),
            };
            if (concern.Detail is { } detail)
            {
                items.Add(new TextBlock(Markdown.EscapeShort(detail, 200)) { IsSubtle = true, Spacing = Spacing.None, Size = TextSize.Small });
            }

            if (CanResolve(concern))
            {
                items.Add(new ActionSet(
                [
                    new ShowCardAction(AdaptiveCard.Nested(
                    [
                        new TextInput { Id = InputIds.ConcernNote(concern.Id), Label = "How was it addressed?", IsMultiline = true, MaxLength = RfcLimits.ReasonMax, IsRequired = true, ErrorMessage = "Say how the concern was addressed." },
                    ],
                    [new ExecuteAction(CardVerbs.ResolveConcern) { Title = "Mark resolved", Data = Data<ResolveConcernData>(rfc) with { ConcernId = concern.Id }, Style = ActionStyle.Positive }]))
                    {
                        Title = "Resolve this concern",
                    },
                ]));
            }

            yield return new Container(items) { Spacing = Spacing.Small, Style = ContainerStyle.Warning };
        }

        if (open.Count > ConcernsShown)
        {
            yield return CardText.Subtle($"and {CardText.Count(open.Count - ConcernsShown, "more open concern", "more open concerns")}");
        }
    }

    private static IEnumerable<CardElement> CommentDigest(Rfc rfc)
    {
        if (rfc.Comments.Count == 0)
        {
            yield break;
        }

        var digest = rfc.Digest();
        yield return CardText.Section($"Latest comments ({CardText.Count(digest.Total, "comment", "comments")} from {CardText.Count(digest.Contributors, "person", "people")})");
        foreach (var comment in rfc.Comments.TakeLast(CommentsShown))
        {
            yield return new Container(
            [
                new TextBlock($"**{CardText.Name(comment.Author)}** · {CardText.Date(comment.At)}") { Size = TextSize.Small },
                new TextBlock(Markdown.EscapeShort(comment.Text, CommentLength)) { Spacing = Spacing.None },
            ])
            { Spacing = Spacing.Small };
        }
    }

    private static List<CardAction> Actions(Rfc rfc, RfcState state, UserRef? viewer)
    {
        var actions = new List<CardAction>();
        var isDecider = viewer is not null && viewer.Is(rfc.Decider);
        var isAuthor = viewer is not null && viewer.Is(rfc.Author);
        if (state == RfcState.Draft)
        {
            if (viewer is null || isAuthor)
            {
                actions.Add(new ExecuteAction(CardVerbs.OpenRfc) { Title = viewer is null ? "Open for comment (author)" : "Open for comment", Data = Data<OpenRfcData>(rfc), Style = ActionStyle.Positive });
                actions.Add(WithdrawAction(rfc));
            }

            return actions;
        }

        if (state == RfcState.Open)
        {
            actions.Add(VoteAction(rfc, viewer));
        }

        actions.Add(new ShowCardAction(AdaptiveCard.Nested(
            [new TextInput { Id = InputIds.Comment, Label = "Your comment", IsMultiline = true, MaxLength = RfcLimits.CommentMax, IsRequired = true, ErrorMessage = "Write a comment first (up to 4,000 characters)." }],
            [new ExecuteAction(CardVerbs.Comment) { Title = "Post comment", Data = Data<CommentData>(rfc) with { SubmitId = NewSubmitId() } }]))
        {
            Title = "Comment",
        });
        actions.Add(new ShowCardAction(AdaptiveCard.Nested(
            [
                new TextInput { Id = InputIds.ConcernTitle, Label = "Concern (a short name)", MaxLength = RfcLimits.ConcernTitleMax, IsRequired = true, ErrorMessage = "Name the concern in a few words.", Placeholder = "e.g. On-call load" },
                new TextInput { Id = InputIds.ConcernDetail, Label = "What would address it?", IsMultiline = true, MaxLength = RfcLimits.ConcernDetailMax },
            ],
            [new ExecuteAction(CardVerbs.RaiseConcern) { Title = "Raise blocking concern", Data = Data<RaiseConcernData>(rfc) with { SubmitId = NewSubmitId() }, Style = ActionStyle.Destructive }]))
        {
            Title = "Raise concern",
        });

        if (viewer is null || isDecider)
        {
            actions.Add(new ExecuteAction(CardVerbs.ResolveForm) { Title = viewer is null ? "Resolve (decider)" : "Resolve…", Data = Data<ResolveFormData>(rfc), Style = ActionStyle.Positive });
        }

        // Teams shows at most 6 card-level actions. The shared card keeps what anyone may try (the bot answers
        // each person with their own view); extend and close early appear in the decider's own view.
        if (isDecider)
        {
            actions.Add(new ShowCardAction(AdaptiveCard.Nested(
                [
                    new NumberInput { Id = InputIds.ExtendDays, Label = "Extend by (days)", Min = RfcLimits.WindowDaysMin, Max = RfcLimits.WindowDaysMax, Value = 2, IsRequired = true, ErrorMessage = "Extend by 1 to 30 days." },
                    new TextInput { Id = InputIds.ExtendReason, Label = "Why (shown to everyone)", MaxLength = RfcLimits.ReasonMax },
                ],
                [new ExecuteAction(CardVerbs.ExtendWindow) { Title = "Extend the window", Data = Data<ExtendWindowData>(rfc) }]))
            {
                Title = "Extend window",
                Mode = ActionMode.Secondary,
            });
            if (state == RfcState.Open)
            {
                actions.Add(new ShowCardAction(AdaptiveCard.Nested(
                    [new TextInput { Id = InputIds.CloseReason, Label = "Why close comments now? (goes on the record)", IsMultiline = true, MaxLength = RfcLimits.ReasonMax, IsRequired = true, ErrorMessage = "Give a reason for closing early." }],
                    [new ExecuteAction(CardVerbs.CloseEarly) { Title = "Close comments now", Data = Data<CloseEarlyData>(rfc), Style = ActionStyle.Destructive }]))
                {
                    Title = "Close early",
                    Mode = ActionMode.Secondary,
                });
            }
        }

        if ((viewer is null || isAuthor) && actions.Count < MaxActions)
        {
            // An author who is also the decider has no room left: they can resolve as Withdrawn instead.
            actions.Add(WithdrawAction(rfc));
        }

        return actions;
    }

    /// <summary>The Teams host config renders at most 6 card-level actions.</summary>
    public const int MaxActions = 6;

    private static ShowCardAction VoteAction(Rfc rfc, UserRef? viewer)
    {
        var current = viewer is null ? null : rfc.BallotOf(viewer)?.Current;
        return new ShowCardAction(AdaptiveCard.Nested(
            [
                new ChoiceSetInput
                {
                    Id = InputIds.Vote,
                    Label = "Your vote",
                    Style = ChoiceInputStyle.Expanded,
                    IsRequired = true,
                    ErrorMessage = "Choose a vote.",
                    Value = current?.Kind.ToString(),
                    Choices = [.. Enum.GetValues<VoteKind>().Select(k => new Choice(CardText.Vote(k), k.ToString()))],
                },
                new TextInput { Id = InputIds.VoteReason, Label = "Reason (required to object)", IsMultiline = true, MaxLength = RfcLimits.ReasonMax, Value = current?.Reason },
            ],
            [new ExecuteAction(CardVerbs.Vote) { Title = current is null ? "Cast vote" : "Change vote", Data = Data<VoteData>(rfc), Style = ActionStyle.Positive }]))
        {
            Title = current is null ? "Vote" : "Change vote",
        };
    }

    private static ShowCardAction WithdrawAction(Rfc rfc) => new(AdaptiveCard.Nested(
        [new TextInput { Id = InputIds.WithdrawReason, Label = "Why withdraw? (goes on the record)", IsMultiline = true, MaxLength = RfcLimits.ReasonMax, IsRequired = true, ErrorMessage = "Give a reason for withdrawing." }],
        [new ExecuteAction(CardVerbs.Withdraw) { Title = "Withdraw this RFC", Data = Data<WithdrawData>(rfc), Style = ActionStyle.Destructive }]))
    {
        Title = "Withdraw (author)",
        Mode = ActionMode.Secondary,
    };
}
