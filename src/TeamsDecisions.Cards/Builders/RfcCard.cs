using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>
/// The RFC card in the channel. The shared card (no viewer) is what everyone sees and what clients without
/// refresh show; its buttons work for anyone. The per-user card opens with what this person is asked to do and by
/// when, marks their vote, and offers their main action first. Context and proposal stay behind "Show details"
/// after about three lines, so the tally and the buttons come early. Resolved RFCs get the final card. Big RFCs are
/// summarised (counts, latest items) to stay well under 40 KB.
/// </summary>
public static class RfcCard
{
    public const int ConcernsShown = 3;
    public const int CommentsShown = 2;
    public const int CommentLength = 160;
    public const int WaitingShown = 8;
    public const int SummaryLength = 400;

    /// <summary>About three lines at 460 px before "Show details" (a RichTextBlock cannot clamp lines itself).</summary>
    public const int SummaryShown = 180;

    /// <summary>The Teams host config renders at most 6 card-level actions.</summary>
    public const int MaxActions = 6;

    /// <summary>Buttons shown, the overflow menu's "…" included; the rest go to that menu, so every label fits at 460 px.</summary>
    public const int MaxVisibleActions = 4;

    /// <summary>
    /// A comment typed on the card: half of what a thread reply may be, so that a refused one, put back in its form,
    /// still fits the card at the domain's limits in any script (a reply in the thread takes up to
    /// <see cref="RfcLimits.CommentMax"/>).
    /// </summary>
    public const int CardCommentMax = 2_000;

    /// <summary>A concern in the resolve list is cut to this many columns (CJK counts two), so 80 of them fit the card.</summary>
    public const int ChoiceColumns = 36;

    /// <summary>Body element ids the "Show details" toggle switches between.</summary>
    public const string SummaryId = "summary";
    public const string DetailsId = "details";
    public const string ShowDetailsId = "showDetails";

    public static AdaptiveCard Build(Rfc rfc, CardViewer view, CardLinks? links = null, CardRefusal? refusal = null)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(view);
        if (rfc.State.IsResolved())
        {
            return FinalCard.Build(rfc, links ?? CardLinks.None);
        }

        var state = rfc.StateAt(view.Now);
        var viewer = view.Viewer;
        var body = new List<CardElement>();
        if (viewer is not null)
        {
            body.Add(YourJob(rfc, viewer, state, view.Now, view.Due));
        }

        body.Add(Header(rfc, state));
        body.AddRange(Summary(rfc));
        if (Window(rfc, state, viewer, view.Now) is { } window)
        {
            body.Add(window);
        }

        if (state != RfcState.Draft)
        {
            body.Add(Tally(rfc, viewer));
        }

        if (viewer is not null && rfc.BallotOf(viewer) is { } ballot)
        {
            body.Add(YourVote(ballot));
        }

        if (state == RfcState.Open && rfc.NotYetResponded.ToList() is { Count: > 0 } waiting)
        {
            body.Add(CardText.Line([CardText.Bold("Waiting on: "), .. People(waiting)], isSubtle: true) with { Spacing = Spacing.Small });
        }

        body.AddRange(Concerns(rfc, viewer, state));
        body.AddRange(CommentDigest(rfc));

        var card = new AdaptiveCard
        {
            Body = body,
            Actions = Actions(rfc, state, viewer),
            Refresh = new CardRefresh(
                new ExecuteAction(CardVerbs.Refresh) { Title = "Refresh", Data = Data<RefreshData>(rfc) },
                [.. RefreshAudience.Choose(rfc).Select(RefreshAudience.Mri)]),
            FallbackText = $"{rfc.Number}: {rfc.Title} ({CardText.State(state)})",
            MsTeams = new TeamsCardProperties(),
        };
        return refusal is null ? card : RefusedCard.Apply(card, refusal);
    }

    /// <summary>A fresh id per rendered card, so that Teams' separate activities for a double press are one submission.</summary>
    private static string NewSubmitId() => Guid.NewGuid().ToString("N");

    internal static T Data<T>(Rfc rfc)
        where T : RfcActionData, new() => new() { Team = rfc.Team.Value, Rfc = rfc.Number.Value };

    /// <summary>The one line a person reads first: what they are asked to do, and by when. No colours: it is read by everyone.</summary>
    private static Container YourJob(Rfc rfc, UserRef viewer, RfcState state, DateTimeOffset now, ResponseDue? due)
    {
        var isDecider = viewer.Is(rfc.Decider);
        var voted = rfc.BallotOf(viewer) is not null;
        string Closes() => $"{CardText.DateTime(rfc.Window!.ClosesAt)} ({CardText.Relative(rfc.Window.ClosesAt, now)})";
        static IEnumerable<TextRun> Say(string text) => [new TextRun(text)];
        var runs = state switch
        {
            RfcState.Draft when viewer.Is(rfc.Author) => Say($"Your draft: open it for comment when it is ready. The window then runs {CardText.Count(rfc.WindowDays, "working day", "working days")}."),
            RfcState.Draft => [new("A draft: "), .. CardText.User(rfc.Author), new(" has not opened it for comment yet.")],
            RfcState.Open when isDecider => Say($"Your call once comments close {Closes()}.{Turnout(rfc, " ")}"),
            RfcState.Open when voted => Say($"You have voted. You can change your vote until comments close {Closes()}."),
            RfcState.Open when rfc.RequiredReviewers.Any(r => r.Is(viewer)) && rfc.NotYetResponded.Any(r => r.Is(viewer)) => due is { } d
                ? Say($"You haven't responded. Your response is due {CardText.DateTime(d.At)} ({CardText.Relative(d.At, now)}; {Norm(d)}).")
                : Say($"You haven't responded. Comments close {Closes()}."),
            RfcState.Open => Say($"Have a view? Vote or comment before comments close {Closes()}."),
            _ when isDecider => Say($"Your call: comments are closed. Resolve {rfc.Number}."),
            _ => [new("Comments are closed. Waiting for "), .. CardText.User(rfc.Decider), new("'s decision.")],
        };
        return new Container([CardText.Line(runs, weight: TextWeight.Bolder)]) { Style = ContainerStyle.Emphasis };
    }

    /// <summary>"design review: 48 h", the norm a due time comes from.</summary>
    private static string Norm(ResponseDue due) =>
        string.Create(CultureInfo.InvariantCulture, $"{(due.Kind == RfcKind.Routine ? "routine" : "design review")}: {due.Norm.TotalHours:0} h");

    /// <summary>"5 of 8 required reviewers responded", or nothing when the RFC names no required reviewers.</summary>
    private static string Turnout(Rfc rfc, string prefix)
    {
        var required = rfc.RequiredReviewers.Count;
        if (required == 0)
        {
            return string.Empty;
        }

        var responded = required - rfc.NotYetResponded.Count();
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{responded:N0} of {CardText.Count(required, "required reviewer", "required reviewers")} responded.");
    }

    private static Container Header(Rfc rfc, RfcState state) => new(
    [
        CardText.Badge($"{rfc.Number} · {CardText.State(state)}", CardText.StateColor(state)),
        CardText.Title(CardText.User(rfc.Title)) with { Spacing = Spacing.Small },
        CardText.SubtleLine([new("Proposed by "), .. CardText.User(rfc.Author), new($" on {CardText.Date(rfc.ProposedAt)} · Decider: "), .. CardText.User(rfc.Decider)]),
    ]);

    /// <summary>The proposal clamped to about three lines; "Show details" swaps it for context, proposal and the facts.</summary>
    private static IEnumerable<CardElement> Summary(Rfc rfc)
    {
        yield return CardText.Plain(rfc.Proposal, SummaryShown) with { Id = SummaryId, Spacing = Spacing.Medium };
        var details = new List<CardElement>
        {
            CardText.Section("Context") with { Spacing = Spacing.None },
            CardText.Plain(rfc.Context, SummaryLength) with { Spacing = Spacing.None },
            CardText.Section("Proposal") with { Spacing = Spacing.Small },
            CardText.Plain(rfc.Proposal, SummaryLength) with { Spacing = Spacing.None },
        };
        details.AddRange(Facts(rfc));
        details.Add(new ActionSet([new ToggleVisibilityAction([SummaryId, DetailsId, ShowDetailsId]) { Title = "Hide details" }]) { Spacing = Spacing.Small });
        yield return new Container(details) { Id = DetailsId, IsVisible = false, Spacing = Spacing.Medium };

        // A button's title cannot change, so "Show details" hides itself and the details end with "Hide details".
        yield return new ActionSet([new ToggleVisibilityAction([SummaryId, DetailsId, ShowDetailsId]) { Title = "Show details" }]) { Id = ShowDetailsId, Spacing = Spacing.None };
    }

    /// <summary>Options, drivers and reviewers as bold-labelled lines (a FactSet's values are markdown, and these are user text).</summary>
    private static IEnumerable<CardElement> Facts(Rfc rfc)
    {
        if (rfc.Options.Count > 0)
        {
            yield return new RichTextBlock([CardText.Bold("Options: "), .. CardText.UserList(rfc.Options.Select(o => o.ShortName))]) { Spacing = Spacing.Small };
        }

        if (rfc.DecisionDrivers.Count > 0)
        {
            yield return new RichTextBlock([CardText.Bold("Drivers: "), .. CardText.UserList(rfc.DecisionDrivers, 60)]) { Spacing = Spacing.Small };
        }

        yield return new RichTextBlock([CardText.Bold("Reviewers: "), .. People(rfc.RequiredReviewers)]) { Spacing = Spacing.Small };
    }

    /// <summary>"A, B (+3)" as runs: names shown as typed.</summary>
    private static IEnumerable<TextRun> People(IReadOnlyCollection<UserRef> people)
    {
        if (people.Count == 0)
        {
            return [new("nobody")];
        }

        var runs = CardText.UserList(people.Take(WaitingShown).Select(p => p.DisplayName), CardText.NameShown, ", ");
        return people.Count <= WaitingShown ? runs : [.. runs, new(string.Create(CultureInfo.InvariantCulture, $" (+{people.Count - WaitingShown})"))];
    }

    /// <summary>When comments close, on the shared card; a closed window on every card (personal views say the deadline in their first line).</summary>
    private static CardElement? Window(Rfc rfc, RfcState state, UserRef? viewer, DateTimeOffset now) => state switch
    {
        RfcState.Draft when viewer is null => new TextBlock($"Not open for comment yet. Once opened, the comment window runs {CardText.Count(rfc.WindowDays, "working day", "working days")}.") { Spacing = Spacing.Medium },
        RfcState.Draft => null,
        RfcState.Open when viewer is null => new TextBlock($"**Comments close {CardText.DateTime(rfc.Window!.ClosesAt)}** ({CardText.Relative(rfc.Window.ClosesAt, now)}).{Turnout(rfc, " ")}") { Spacing = Spacing.Medium },
        RfcState.Open => null,
        _ => new Container(
        [
            new RichTextBlock((rfc.EarlyCloseReason, viewer is not null && viewer.Is(rfc.Decider)) switch
            {
                ({ } reason, _) => [new($"The decider closed comments early on {CardText.Date(rfc.Window!.ClosesAt)}: "), .. CardText.User(reason, 200)],
                (null, true) => [new($"Comments closed {CardText.DateTime(rfc.Window!.ClosesAt)}.")],
                (null, false) => [new($"Comments closed {CardText.DateTime(rfc.Window!.ClosesAt)}. Waiting for "), .. CardText.User(rfc.Decider), new("'s decision.")],
            }),
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

    private static RichTextBlock YourVote(Ballot ballot)
    {
        IEnumerable<TextRun> reason = ballot.Current.Reason is { } r ? [new(" — \""), .. CardText.User(r, 200), new("\"")] : [];
        IEnumerable<TextRun> changes = ballot.History.Count > 1 ? [new($" (changed {CardText.Count(ballot.History.Count - 1, "time", "times")})")] : [];
        return new RichTextBlock([new("Your vote: "), CardText.Bold(CardText.Vote(ballot.Current.Kind)), .. reason, .. changes]) { Spacing = Spacing.Small };
    }

    private static IEnumerable<CardElement> Concerns(Rfc rfc, UserRef? viewer, RfcState state)
    {
        if (rfc.Concerns.Count == 0)
        {
            yield break;
        }

        var open = rfc.OpenConcerns.ToList();
        var closed = rfc.Concerns.Count - open.Count;
        var summary = closed > 0 ? $" · {CardText.Count(closed, "closed", "closed")}" : string.Empty;
        yield return CardText.Section(string.Create(CultureInfo.InvariantCulture, $"Open concerns ({open.Count:N0}){summary}"));
        bool CanResolve(Concern c) => viewer is not null && (viewer.Is(c.RaisedBy) || viewer.Is(rfc.Decider));
        foreach (var concern in open.OrderByDescending(CanResolve).ThenBy(c => c.Id).Take(ConcernsShown))
        {
            // One line each; what would address it is in the thread and on the decision page.
            yield return new Container([new RichTextBlock([.. CardText.User(concern.Title, 120).Select(r => r with { Weight = TextWeight.Bolder }), new(" — raised by "), .. CardText.User(concern.RaisedBy)])])
            {
                Spacing = Spacing.Small,
                Style = ContainerStyle.Warning,
            };
        }

        if (open.Count > ConcernsShown)
        {
            yield return CardText.Subtle($"and {CardText.Count(open.Count - ConcernsShown, "more open concern", "more open concerns")}");
        }

        // One form for every concern this person may close, however many there are (a button per concern would not fit).
        var mine = open.Where(CanResolve).ToList();
        if (mine.Count > 0 && state != RfcState.Draft)
        {
            yield return new ActionSet([ResolveConcernAction(rfc, mine)]) { Spacing = Spacing.Small };
        }
    }

    private static ShowCardAction ResolveConcernAction(Rfc rfc, IReadOnlyList<Concern> concerns) => new(AdaptiveCard.Nested(
        [
            new ChoiceSetInput
            {
                Id = InputIds.ConcernId,
                Label = "Which concern?",
                // Type to search once the list is long (Teams' static typeahead).
                Style = concerns.Count > 5 ? ChoiceInputStyle.Filtered : ChoiceInputStyle.Compact,
                IsRequired = true,
                ErrorMessage = "Choose the concern that was addressed.",
                Value = concerns.Count == 1 ? concerns[0].Id.ToString(CultureInfo.InvariantCulture) : null,
                Choices = [.. concerns.Select(c => new Choice(CardText.Columns($"#{c.Id} {c.Title}", ChoiceColumns), c.Id.ToString(CultureInfo.InvariantCulture)))],
            },
            new TextInput { Id = InputIds.ConcernNoteInput, Label = "How was it addressed?", IsMultiline = true, MaxLength = RfcLimits.ReasonMax, IsRequired = true, ErrorMessage = "Say how the concern was addressed." },
        ],
        [new ExecuteAction(CardVerbs.ResolveConcern) { Title = "Mark resolved", Data = Data<ResolveConcernData>(rfc), Style = ActionStyle.Positive }]))
    {
        Title = concerns.Count == 1 ? "Resolve this concern" : "Resolve a concern",
    };

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
                CardText.Line([.. CardText.User(comment.Author).Select(r => r with { Weight = TextWeight.Bolder }), new($" · {CardText.Date(comment.At)}")], TextSize.Small),
                CardText.Plain(comment.Text, CommentLength) with { Spacing = Spacing.None },
            ])
            { Spacing = Spacing.Small };
        }
    }

    /// <summary>
    /// The viewer's main action first (styled positive), at most <see cref="MaxVisibleActions"/> buttons, the rest in
    /// the overflow menu, no more than <see cref="MaxActions"/> in all. The shared card offers what anyone may try (the
    /// bot answers each person with their own view); the decider and the author always get their own view by refresh.
    /// </summary>
    private static List<CardAction> Actions(Rfc rfc, RfcState state, UserRef? viewer)
    {
        var isDecider = viewer is not null && viewer.Is(rfc.Decider);
        var isAuthor = viewer is not null && viewer.Is(rfc.Author);
        var ballot = viewer is null ? null : rfc.BallotOf(viewer);
        var primary = new List<CardAction>();
        var secondary = new List<CardAction>();
        switch (state)
        {
            case RfcState.Draft when viewer is null || isAuthor:
                primary.Add(new ExecuteAction(CardVerbs.OpenRfc) { Title = viewer is null ? "Open for comment (author)" : "Open for comment", Data = Data<OpenRfcData>(rfc), Style = ActionStyle.Positive });
                if (isAuthor)
                {
                    secondary.Add(WithdrawAction(rfc));
                }

                break;
            case RfcState.Draft:
                break;
            case RfcState.Open when isDecider:
                primary.Add(CommentAction(rfc));
                primary.Add(new ExecuteAction(CardVerbs.ResolveForm) { Title = "Resolve early", Data = Data<ResolveFormData>(rfc) });
                secondary.Add(ExtendAction(rfc));
                secondary.Add(CloseEarlyAction(rfc));
                secondary.Add(ChangeVoteAction(rfc, ballot?.Current, ballot is null ? "Vote" : "Change vote"));
                break;
            case RfcState.Open when ballot is not null:
                primary.Add(ChangeVoteAction(rfc, ballot.Current, "Change vote"));
                primary.Add(CommentAction(rfc));
                primary.Add(RaiseConcernAction(rfc));
                break;
            case RfcState.Open:
                primary.Add(new ExecuteAction(CardVerbs.Vote) { Title = "Approve", Data = Data<VoteData>(rfc) with { Vote = nameof(VoteKind.Approve) }, Style = ActionStyle.Positive, AssociatedInputs = AssociatedInputs.None });
                primary.Add(ObjectAction(rfc));
                primary.Add(CommentAction(rfc));
                secondary.Add(RaiseConcernAction(rfc));
                secondary.Add(OtherVoteAction(rfc));
                break;
            case RfcState.AwaitingDecision when isDecider:
                primary.Add(new ExecuteAction(CardVerbs.ResolveForm) { Title = "Resolve", Data = Data<ResolveFormData>(rfc), Style = ActionStyle.Positive });
                primary.Add(CommentAction(rfc));
                secondary.Add(ExtendAction(rfc));
                break;
            default:
                primary.Add(CommentAction(rfc));
                primary.Add(RaiseConcernAction(rfc));
                break;
        }

        if (viewer is null && state != RfcState.Draft)
        {
            secondary.Add(new ExecuteAction(CardVerbs.ResolveForm) { Title = "Resolve (decider)", Data = Data<ResolveFormData>(rfc) });
        }

        if (isAuthor && state != RfcState.Draft)
        {
            secondary.Add(WithdrawAction(rfc));
        }

        return [.. primary, .. secondary.Select(a => a with { Mode = ActionMode.Secondary })];
    }

    private static ShowCardAction CommentAction(Rfc rfc) => new(AdaptiveCard.Nested(
        [new TextInput { Id = InputIds.Comment, Label = "Your comment (for a longer one, reply in the thread)", IsMultiline = true, MaxLength = CardCommentMax, IsRequired = true, ErrorMessage = "Write a comment first (up to 2,000 characters)." }],
        [new ExecuteAction(CardVerbs.Comment) { Title = "Post comment", Data = Data<CommentData>(rfc) with { SubmitId = NewSubmitId() }, Style = ActionStyle.Positive }]))
    {
        Title = "Comment",
    };

    private static ShowCardAction RaiseConcernAction(Rfc rfc) => new(AdaptiveCard.Nested(
        [
            new TextInput { Id = InputIds.ConcernTitle, Label = "Concern (a short name)", MaxLength = RfcLimits.ConcernTitleMax, IsRequired = true, ErrorMessage = "Name the concern in a few words.", Placeholder = "e.g. On-call load" },
            new TextInput { Id = InputIds.ConcernDetail, Label = "What would address it?", IsMultiline = true, MaxLength = RfcLimits.ConcernDetailMax },
        ],
        [new ExecuteAction(CardVerbs.RaiseConcern) { Title = "Raise blocking concern", Data = Data<RaiseConcernData>(rfc) with { SubmitId = NewSubmitId() }, Style = ActionStyle.Destructive }]))
    {
        Title = "Raise concern",
    };

    /// <summary>An objection asks for its reason right there: what would have to change for this person to approve.</summary>
    private static ShowCardAction ObjectAction(Rfc rfc) => new(AdaptiveCard.Nested(
        [new TextInput { Id = InputIds.ObjectReason, Label = "What would have to change for you to approve?", IsMultiline = true, MaxLength = RfcLimits.ReasonMax, IsRequired = true, ErrorMessage = "An objection needs a reason." }],
        [new ExecuteAction(CardVerbs.Vote) { Title = "Object", Data = Data<VoteData>(rfc) with { Vote = nameof(VoteKind.Object) }, Style = ActionStyle.Destructive }]))
    {
        Title = "Object",
    };

    /// <summary>The two votes that are neither a plain yes nor an objection, with an optional reason.</summary>
    private static ShowCardAction OtherVoteAction(Rfc rfc) => new(AdaptiveCard.Nested(
        [
            new ChoiceSetInput
            {
                Id = InputIds.Vote,
                Label = "Your vote",
                Style = ChoiceInputStyle.Expanded,
                IsRequired = true,
                ErrorMessage = "Choose a vote.",
                Choices = [new(CardText.Vote(VoteKind.ApproveWithConcerns), nameof(VoteKind.ApproveWithConcerns)), new(CardText.Vote(VoteKind.Abstain), nameof(VoteKind.Abstain))],
            },
            new TextInput { Id = InputIds.VoteReason, Label = "Reason (optional)", IsMultiline = true, MaxLength = RfcLimits.ReasonMax },
        ],
        [new ExecuteAction(CardVerbs.Vote) { Title = "Cast vote", Data = Data<VoteData>(rfc), Style = ActionStyle.Positive }]))
    {
        Title = "Other vote",
    };

    private static ShowCardAction ChangeVoteAction(Rfc rfc, Vote? current, string title) => new(AdaptiveCard.Nested(
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
        Title = title,
    };

    private static ShowCardAction ExtendAction(Rfc rfc) => new(AdaptiveCard.Nested(
        [
            new NumberInput { Id = InputIds.ExtendDays, Label = "Extend by (working days)", Min = RfcLimits.WindowDaysMin, Max = RfcLimits.WindowDaysMax, Value = 2, IsRequired = true, ErrorMessage = "Extend by 1 to 30 days." },
            new TextInput { Id = InputIds.ExtendReason, Label = "Why (shown to everyone)", MaxLength = RfcLimits.ReasonMax },
        ],
        [new ExecuteAction(CardVerbs.ExtendWindow) { Title = "Extend the window", Data = Data<ExtendWindowData>(rfc) }]))
    {
        Title = "Extend window",
    };

    private static ShowCardAction CloseEarlyAction(Rfc rfc) => new(AdaptiveCard.Nested(
        [new TextInput { Id = InputIds.CloseReason, Label = "Why close comments now? (goes on the record)", IsMultiline = true, MaxLength = RfcLimits.ReasonMax, IsRequired = true, ErrorMessage = "Give a reason for closing early." }],
        [new ExecuteAction(CardVerbs.CloseEarly) { Title = "Close comments now", Data = Data<CloseEarlyData>(rfc), Style = ActionStyle.Destructive }]))
    {
        Title = "Close early",
    };

    private static ShowCardAction WithdrawAction(Rfc rfc) => new(AdaptiveCard.Nested(
        [new TextInput { Id = InputIds.WithdrawReason, Label = "Why withdraw? (goes on the record)", IsMultiline = true, MaxLength = RfcLimits.ReasonMax, IsRequired = true, ErrorMessage = "Give a reason for withdrawing." }],
        [new ExecuteAction(CardVerbs.Withdraw) { Title = "Withdraw this RFC", Data = Data<WithdrawData>(rfc), Style = ActionStyle.Destructive }]))
    {
        Title = "Withdraw",
    };
}
