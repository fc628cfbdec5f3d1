using System.Globalization;

namespace TeamsDecisions.Core.Rfcs;

/// <summary>
/// A request for comments and its whole life: votes, concerns, comments, the comment window and the resolution.
/// Each command enforces its rule, changes the RFC only if every check passed, and returns the events it caused.
/// </summary>
public sealed class Rfc
{
    private readonly Dictionary<string, Ballot> ballots;

    /// <summary>Kept as votes change, so that showing an RFC with 1,000 voters costs what showing one with 10 does.</summary>
    private readonly List<UserRef> recentVoters = [];
    private VoteTally tally = new(0, 0, 0, 0);
    private readonly List<Concern> concerns = [];
    private readonly List<Comment> comments = [];
    private readonly List<UserRef> requiredReviewers;
    private readonly List<RfcOption> options;
    private readonly List<string> drivers;
    private readonly List<RfcLink> links;

    private Rfc(RfcCore core, Dictionary<string, Ballot>? ballots = null)
    {
        // Copying a dictionary with the same comparer copies its buckets without hashing every key again.
        this.ballots = ballots is null ? new(StringComparer.OrdinalIgnoreCase) : new(ballots, StringComparer.OrdinalIgnoreCase);
        Id = core.Id;
        Title = core.Title;
        Author = core.Author;
        Decider = core.Decider;
        requiredReviewers = [.. core.RequiredReviewers];
        Context = core.Context;
        Proposal = core.Proposal;
        options = [.. core.Options];
        drivers = [.. core.DecisionDrivers];
        links = [.. core.Links];
        WindowDays = core.WindowDays;
        Window = core.Window;
        State = core.State;
        ProposedAt = core.ProposedAt;
        Thread = core.Thread;
        EarlyCloseReason = core.EarlyCloseReason;
        WithdrawalReason = core.WithdrawalReason;
        Decision = core.Decision;
        LastSequence = core.LastSequence;
        NextConcernId = core.NextConcernId;
        NextCommentId = core.NextCommentId;
        Kind = core.Kind;
    }

    public RfcId Id { get; }

    public TeamId Team => Id.Team;

    public RfcNumber Number => Id.Number;

    public string Title { get; }

    public UserRef Author { get; }

    public UserRef Decider { get; }

    public IReadOnlyList<UserRef> RequiredReviewers => requiredReviewers;

    public string Context { get; }

    public string Proposal { get; }

    public IReadOnlyList<RfcOption> Options => options;

    public IReadOnlyList<string> DecisionDrivers => drivers;

    public IReadOnlyList<RfcLink> Links => links;

    /// <summary>Routine or design review: picks the response norm reviewers are held to.</summary>
    public RfcKind Kind { get; }

    /// <summary>Length of the comment window in working days of the team's calendar, fixed when the RFC opens.</summary>
    public int WindowDays { get; }

    public CommentWindow? Window { get; private set; }

    /// <summary>The stored state. Use <see cref="StateAt"/> for what a reader sees at a given time.</summary>
    public RfcState State { get; private set; }

    public DateTimeOffset ProposedAt { get; }

    public ThreadReference? Thread { get; private set; }

    public string? EarlyCloseReason { get; private set; }

    public string? WithdrawalReason { get; private set; }

    public DecisionRecord? Decision { get; private set; }

    /// <summary>Sequence number of the last event; the audit trail has exactly this many events.</summary>
    public long LastSequence { get; private set; }

    internal int NextConcernId { get; private set; }

    internal int NextCommentId { get; private set; }

    public IReadOnlyCollection<Ballot> Ballots => ballots.Values;

    public IReadOnlyList<Concern> Concerns => concerns;

    public IReadOnlyList<Comment> Comments => comments;

    public VoteTally Tally => tally;

    /// <summary>Voters by their latest vote, most recent first, at most <see cref="RfcLimits.RecentVotersKept"/>.</summary>
    public IReadOnlyList<UserRef> RecentVoters => recentVoters;

    public IEnumerable<Concern> OpenConcerns => concerns.Where(c => c.IsOpen);

    public Ballot? BallotOf(UserRef voter) => ballots.GetValueOrDefault(voter.Id);

    /// <summary>Required reviewers who have neither voted nor commented.</summary>
    public IEnumerable<UserRef> NotYetResponded =>
        requiredReviewers.Where(r => !ballots.ContainsKey(r.Id) && !comments.Any(c => c.Author.Is(r)));

    /// <summary>The state a reader sees at <paramref name="at"/>: an Open RFC whose window has passed awaits its decision.</summary>
    public RfcState StateAt(DateTimeOffset at) =>
        State == RfcState.Open && Window is not null && at >= Window.ClosesAt ? RfcState.AwaitingDecision : State;

    /// <summary>Creates a Draft RFC. Every field is checked; the first problem is refused with the field named.</summary>
    public static (Rfc Rfc, IReadOnlyList<RfcEvent> Events) Propose(RfcId id, UserRef author, RfcProposal proposal, int teamDefaultWindowDays, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(proposal);
        var title = Text.Required(proposal.Title is null ? null : UserText.StripBidiControls(proposal.Title), "title", "Title", RfcLimits.TitleMin, RfcLimits.TitleMax);
        if (proposal.Decider is null)
        {
            throw new DomainRuleException(Rules.RfcDeciderRequired, "Choose a decider: the person who will resolve this RFC.", "decider");
        }

        var reviewers = (proposal.RequiredReviewers ?? []).DistinctBy(r => r.Id, StringComparer.OrdinalIgnoreCase).ToList();
        if (reviewers.Count > RfcLimits.ReviewersMax)
        {
            throw new DomainRuleException(Rules.RfcTooManyReviewers, $"Choose at most {RfcLimits.ReviewersMax} required reviewers.", "reviewers");
        }

        var context = Text.Required(proposal.Context, "context", "Context and problem", 1, RfcLimits.LongTextMax);
        var text = Text.Required(proposal.Proposal, "proposal", "Proposal", 1, RfcLimits.LongTextMax);
        var opts = ValidateOptions(proposal.Options ?? []);
        var driverList = ValidateDrivers(proposal.DecisionDrivers ?? []);
        var linkList = ValidateLinks(proposal.Links ?? []);
        var windowDays = proposal.WindowDays ?? teamDefaultWindowDays;
        ValidateWindowDays(windowDays, "windowDays");
        if (!Enum.IsDefined(proposal.Kind))
        {
            throw new DomainRuleException(Rules.RfcUnknownKind, "Choose whether this RFC is routine or a design review.", "kind");
        }

        var core = new RfcCore(
            id, title, author, proposal.Decider, reviewers, context, text, opts, driverList, linkList, windowDays,
            Window: null, RfcState.Draft, at, Thread: null, EarlyCloseReason: null, WithdrawalReason: null, Decision: null,
            LastSequence: 0, NextConcernId: 1, NextCommentId: 1, proposal.Kind);
        var rfc = new Rfc(core);
        var events = new EventBuffer(rfc, author, at);
        events.Add(new RfcProposed(title, proposal.Decider));
        return (rfc, events.Commit());
    }

    /// <summary>
    /// Opens the comment window now, for <see cref="WindowDays"/> working days of <paramref name="calendar"/>: it
    /// closes at the same local time that many working days later (every day in UTC when no calendar is given).
    /// Only the author opens a Draft.
    /// </summary>
    public IReadOnlyList<RfcEvent> Open(UserRef actor, DateTimeOffset at, Norms.WorkingTime? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequireState(Rules.RfcOpenOnlyFromDraft, "Only a Draft RFC can be opened", RfcState.Draft);
        if (!actor.Is(Author))
        {
            throw new DomainRuleException(Rules.RfcOnlyAuthorOpens, $"Only the author ({Author.DisplayName}) can open this RFC for comment.");
        }

        return Run(actor, at, events =>
        {
            var window = new CommentWindow(at, (calendar ?? Norms.WorkingTime.EveryDayUtc).AddWorkingDays(at, WindowDays));
            Window = window;
            State = RfcState.Open;
            events.Add(new RfcOpened(window));
        });
    }

    /// <summary>Records the thread the RFC card was posted to.</summary>
    public IReadOnlyList<RfcEvent> AttachThread(UserRef actor, ThreadReference thread, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(thread);
        return Run(actor, at, events =>
        {
            Thread = thread;
            events.Add(new ThreadAttached(thread));
        });
    }

    /// <summary>Casts or changes a vote while the window is open. An objection needs a reason.</summary>
    public IReadOnlyList<RfcEvent> CastVote(UserRef voter, VoteKind kind, string? reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(voter);
        if (!Enum.IsDefined(kind))
        {
            throw new DomainRuleException(Rules.VoteUnknownKind, "Choose Approve, Approve with concerns, Object or Abstain.", "vote");
        }

        return Run(voter, at, events =>
        {
            CloseWindowIfDue(events, at);
            if (State != RfcState.Open)
            {
                throw new DomainRuleException(
                    Rules.VoteOnlyWhileOpen,
                    State == RfcState.AwaitingDecision
                        ? "The comment window has closed, so votes can no longer be cast or changed. Add a comment or raise a concern instead."
                        : $"Votes are taken only while the RFC is open for comment; it is {Describe(State)}.");
            }

            var cleanReason = Text.Optional(reason, "reason", "Reason", RfcLimits.ReasonMax);
            if (kind == VoteKind.Object && cleanReason is null)
            {
                throw new DomainRuleException(Rules.VoteObjectionNeedsReason, "An objection needs a reason: say what would have to change for you to approve.", "reason");
            }

            var vote = new Vote(voter, kind, cleanReason, at);
            var previous = ballots.GetValueOrDefault(voter.Id);
            if (previous?.Current is { } current && current.Kind == kind && current.Reason == cleanReason)
            {
                // The same vote again (a second tap, a stale card) changes nothing and records nothing.
                return;
            }

            SetBallot(
                previous is null
                    ? new Ballot(voter, vote, [vote])
                    : new Ballot(voter, vote, [.. previous.History.TakeLast(RfcLimits.BallotHistoryMax - 1), vote]),
                events);
            events.Add(new VoteCast(kind, cleanReason, previous?.Current.Kind));
        });
    }

    /// <summary>Raises a named blocking concern while the RFC is open or awaiting its decision.</summary>
    public IReadOnlyList<RfcEvent> RaiseConcern(UserRef raiser, string title, string? detail, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(raiser);
        return Run(raiser, at, events =>
        {
            CloseWindowIfDue(events, at);
            RequireState(Rules.ConcernOnlyBeforeResolution, "Concerns can be raised only while the RFC is open or awaiting its decision", RfcState.Open, RfcState.AwaitingDecision);
            var cleanTitle = Text.Required(title is null ? null : UserText.StripBidiControls(title), "concernTitle", "Concern name", RfcLimits.ConcernTitleMin, RfcLimits.ConcernTitleMax);
            var cleanDetail = Text.Optional(detail, "concernDetail", "Concern detail", RfcLimits.ConcernDetailMax);
            if (concerns.Count >= RfcLimits.ConcernsMax)
            {
                throw new DomainRuleException(Rules.ConcernTooMany, $"This RFC already has {RfcLimits.ConcernsMax} concerns. Add to an existing one with a comment instead.");
            }

            var concern = new Concern(NextConcernId++, cleanTitle, cleanDetail, raiser, at);
            concerns.Add(concern);
            events.Add(new ConcernRaised(concern.Id, cleanTitle));
        });
    }

    /// <summary>Resolves an open concern: its raiser or the decider, with a note saying how it was addressed.</summary>
    public IReadOnlyList<RfcEvent> ResolveConcern(UserRef actor, int concernId, string note, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Run(actor, at, events =>
        {
            CloseWindowIfDue(events, at);
            RequireState(Rules.ConcernOnlyBeforeResolution, "Concerns can be resolved only while the RFC is open or awaiting its decision", RfcState.Open, RfcState.AwaitingDecision);
            var (index, concern) = FindOpenConcern(concernId);
            if (!actor.Is(concern.RaisedBy) && !actor.Is(Decider))
            {
                throw new DomainRuleException(Rules.ConcernOnlyRaiserOrDeciderResolves, $"Only {concern.RaisedBy.DisplayName}, who raised it, or the decider ({Decider.DisplayName}) can resolve this concern.");
            }

            var cleanNote = Text.Required(note, "note", "A note on how the concern was addressed", 1, RfcLimits.ReasonMax);
            concerns[index] = concern with { Status = ConcernStatus.Resolved, ClosedBy = actor, ClosingNote = cleanNote, ClosedAt = at };
            events.Add(new ConcernResolved(concernId, cleanNote));
        });
    }

    /// <summary>Adds a comment (1–4,000 characters) while the RFC is open or awaiting its decision.</summary>
    public IReadOnlyList<RfcEvent> AddComment(UserRef author, string text, CommentSource source, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(author);
        return Run(author, at, events =>
        {
            CloseWindowIfDue(events, at);
            RequireState(Rules.CommentOnlyBeforeResolution, "Comments are taken only while the RFC is open or awaiting its decision", RfcState.Open, RfcState.AwaitingDecision);
            var clean = Text.Required(text, "comment", "Comment", RfcLimits.CommentMin, RfcLimits.CommentMax, trim: false);
            var comment = new Comment(NextCommentId++, author, clean, at, source);
            comments.Add(comment);
            events.Add(new CommentAdded(comment.Id, source));
        });
    }

    /// <summary>
    /// Extends the comment window by 1–30 working days of <paramref name="calendar"/> (every day in UTC when none is
    /// given): the decider only, once the RFC is open. Extending after the window closed reopens it from now.
    /// </summary>
    public IReadOnlyList<RfcEvent> ExtendWindow(UserRef actor, int days, string? reason, DateTimeOffset at, Norms.WorkingTime? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Run(actor, at, events =>
        {
            CloseWindowIfDue(events, at);
            RequireState(Rules.WindowExtendOnlyOnceOpen, "The comment window can be extended only once the RFC is open and before it is resolved", RfcState.Open, RfcState.AwaitingDecision);
            RequireDecider(actor, Rules.WindowOnlyDeciderExtends, "extend the comment window");
            ValidateWindowDays(days, "days");
            var previous = Window!;
            var from = State == RfcState.Open ? previous.ClosesAt : at;
            var extended = previous with { ClosesAt = (calendar ?? Norms.WorkingTime.EveryDayUtc).AddWorkingDays(from, days) };
            Window = extended;
            State = RfcState.Open;
            EarlyCloseReason = null;
            events.Add(new CommentWindowExtended(previous.ClosesAt, extended.ClosesAt, Text.Optional(reason, "reason", "Reason", RfcLimits.ReasonMax)));
        });
    }

    /// <summary>Moves an Open RFC whose window has passed to AwaitingDecision. Returns no events if nothing was due.</summary>
    public IReadOnlyList<RfcEvent> CloseWindowIfDue(DateTimeOffset at)
    {
        return Run(null, at, events =>
        {
            CloseWindowIfDue(events, at);
        });
    }

    /// <summary>Closes the window before its time: the decider only, with a reason that goes on the record.</summary>
    public IReadOnlyList<RfcEvent> CloseEarly(UserRef actor, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Run(actor, at, events =>
        {
            CloseWindowIfDue(events, at);
            RequireState(Rules.WindowCloseEarlyOnlyWhileOpen, "The comment window can be closed early only while it is open", RfcState.Open);
            RequireDecider(actor, Rules.WindowOnlyDeciderClosesEarly, "close the comment window early");
            CloseEarly(events, reason, at);
        });
    }

    /// <summary>
    /// Resolves the RFC: the decider only, from AwaitingDecision, or from Open with a reason to close early.
    /// A rationale of at least 50 characters is required; when options were listed, every option not chosen needs
    /// a "why not" for Accepted and Rejected; an RFC cannot be Accepted while a concern is still open.
    /// <c>supersedesRfc</c> is the RFC of the decision <see cref="ResolutionRequest.Supersedes"/> names, when the caller
    /// looked it up; the event keeps it so that the superseded RFC's thread can be told.
    /// </summary>
    public IReadOnlyList<RfcEvent> Resolve(UserRef actor, ResolutionRequest request, DecisionNumber number, DateTimeOffset at, RfcId? supersedesRfc = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        return Run(actor, at, events =>
        {
            CloseWindowIfDue(events, at);
            RequireState(Rules.ResolveOnlyWhenOpenOrAwaiting, "Only an RFC that is open or awaiting its decision can be resolved", RfcState.Open, RfcState.AwaitingDecision);
            RequireDecider(actor, Rules.ResolveOnlyDecider, "resolve this RFC");
            if (!Enum.IsDefined(request.Outcome))
            {
                throw new DomainRuleException(Rules.ResolveUnknownOutcome, "Choose Accepted, Rejected, Deferred or Withdrawn.", "outcome");
            }

            var rationale = Text.Required(request.Rationale, "rationale", "Rationale", RfcLimits.RationaleMin, RfcLimits.RationaleMax);
            var consequences = Text.Optional(request.Consequences, "consequences", "Consequences", RfcLimits.ConsequencesMax);
            var (chosen, alternatives) = ValidateAlternatives(request);
            if (request.Supersedes is not null && request.Outcome != DecisionOutcome.Accepted)
            {
                throw new DomainRuleException(Rules.ResolveOnlyAcceptedSupersedes, "Only an Accepted decision can supersede an earlier one. Clear \"supersedes\" or accept the RFC.", "supersedes");
            }

            if (State == RfcState.Open)
            {
                if (string.IsNullOrWhiteSpace(request.EarlyCloseReason))
                {
                    throw new DomainRuleException(Rules.ResolveEarlyCloseNeedsReason, $"The comment window is open until {Window!.ClosesAt.ToString("u", CultureInfo.InvariantCulture)}. To decide now, give a reason for closing it early.", "earlyCloseReason");
                }

                CloseEarly(events, request.EarlyCloseReason, at);
            }

            foreach (var overrule in request.Overrules ?? [])
            {
                Overrule(events, actor, overrule.ConcernId, overrule.Reason, at);
            }

            if (request.Outcome == DecisionOutcome.Accepted && OpenConcerns.FirstOrDefault() is { } blocking)
            {
                throw new DomainRuleException(Rules.ResolveOpenConcernsBlockAcceptance, $"The concern \"{blocking.Title}\" is still open. Resolve it or overrule it with a reason before accepting.", "overrules");
            }

            State = request.Outcome.ToState();
            Decision = new DecisionRecord(
                number, Number, Team, Title, request.Outcome, ProposedAt, Window, at, Author, Decider, [.. requiredReviewers],
                Context, Proposal, [.. drivers], [.. options], [.. links], chosen, rationale, alternatives, consequences,
                Tally, [.. ballots.Values.Select(b => b.Current).OrderBy(v => v.CastAt)], [.. concerns], Digest(),
                Thread, EarlyCloseReason, request.Supersedes);
            events.Add(new RfcResolved(number, request.Outcome, request.Supersedes, request.Supersedes is null ? null : supersedesRfc));
        });
    }

    /// <summary>Withdraws the RFC before it is resolved: the author only.</summary>
    public IReadOnlyList<RfcEvent> Withdraw(UserRef actor, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Run(actor, at, events =>
        {
            CloseWindowIfDue(events, at);
            RequireState(Rules.WithdrawOnlyBeforeResolution, "An RFC can be withdrawn only before it is resolved", RfcState.Draft, RfcState.Open, RfcState.AwaitingDecision);
            if (!actor.Is(Author))
            {
                throw new DomainRuleException(Rules.WithdrawOnlyAuthor, $"Only the author ({Author.DisplayName}) can withdraw this RFC. The decider can resolve it as Withdrawn instead.");
            }

            var clean = Text.Required(reason, "reason", "Reason for withdrawing", 1, RfcLimits.ReasonMax);
            State = RfcState.Withdrawn;
            WithdrawalReason = clean;
            events.Add(new RfcWithdrawn(clean));
        });
    }

    /// <summary>Marks this Accepted decision as superseded by a later one.</summary>
    public IReadOnlyList<RfcEvent> MarkSuperseded(UserRef actor, DecisionNumber by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State == RfcState.Superseded && Decision?.SupersededBy == by)
        {
            return [];
        }

        RequireState(Rules.SupersedeOnlyAccepted, "Only an Accepted decision can be superseded", RfcState.Accepted);
        if (Decision!.Number == by)
        {
            throw new DomainRuleException(Rules.SupersedeNotItself, "A decision cannot supersede itself.", "supersedes");
        }

        return Run(actor, at, events =>
        {
            State = RfcState.Superseded;
            Decision = Decision with { SupersededBy = by };
            events.Add(new RfcSuperseded(Decision.Number, by));
        });
    }

    /// <summary>The comment digest a decision record keeps: counts and the most recent comments, shortened.</summary>
    public CommentDigest Digest() => new(
        comments.Count,
        comments.Select(c => c.Author.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
        [.. comments.TakeLast(RfcLimits.DigestComments).Select(c => c.Text.Length <= RfcLimits.DigestCommentLength ? c : c with { Text = UserText.Shorten(c.Text, RfcLimits.DigestCommentLength) })]);

    /// <summary>The persisted form of the RFC without its ballots, concerns and comments (they are stored per row).</summary>
    public RfcCore ToCore() => new(
        Id, Title, Author, Decider, [.. requiredReviewers], Context, Proposal, [.. options], [.. drivers], [.. links], WindowDays,
        Window, State, ProposedAt, Thread, EarlyCloseReason, WithdrawalReason, Decision, LastSequence, NextConcernId, NextCommentId, Kind);

    /// <summary>An independent copy to run commands on, leaving this RFC as it is (others may be reading it).</summary>
    public Rfc Copy()
    {
        var copy = new Rfc(ToCore(), ballots) { tally = tally };
        copy.recentVoters.AddRange(recentVoters);
        copy.concerns.AddRange(concerns);
        copy.comments.AddRange(comments);
        return copy;
    }

    /// <summary>Rebuilds an RFC from what the store kept.</summary>
    public static Rfc Rehydrate(RfcCore core, IEnumerable<Ballot> ballots, IEnumerable<Concern> concerns, IEnumerable<Comment> comments)
    {
        ArgumentNullException.ThrowIfNull(core);
        var rfc = new Rfc(core);
        foreach (var ballot in ballots)
        {
            rfc.ballots[ballot.Voter.Id] = ballot;
        }

        rfc.tally = VoteTally.Of(rfc.ballots.Values.Select(b => b.Current));
        rfc.recentVoters.AddRange(rfc.ballots.Values.OrderByDescending(b => b.Current.CastAt).Take(RfcLimits.RecentVotersKept).Select(b => b.Voter));

        rfc.concerns.AddRange(concerns.OrderBy(c => c.Id));
        rfc.comments.AddRange(comments.OrderBy(c => c.Id));
        return rfc;
    }

    /// <summary>The one way a ballot changes: the tally and the recent voters follow, and the buffer can undo it.</summary>
    private void SetBallot(Ballot ballot, EventBuffer events)
    {
        var key = ballot.Voter.Id;
        var previous = ballots.GetValueOrDefault(key);
        events.Remember(key, previous);
        if (previous is not null)
        {
            tally = tally.With(previous.Current.Kind, -1);
            recentVoters.RemoveAll(v => v.Is(ballot.Voter));
        }

        tally = tally.With(ballot.Current.Kind, +1);
        ballots[key] = ballot;
        recentVoters.Insert(0, ballot.Voter);
        if (recentVoters.Count > RfcLimits.RecentVotersKept)
        {
            recentVoters.RemoveAt(recentVoters.Count - 1);
        }
    }

    private IReadOnlyList<RfcEvent> Run(UserRef? actor, DateTimeOffset at, Action<EventBuffer> command)
    {
        var events = new EventBuffer(this, actor, at);
        try
        {
            command(events);
        }
        catch
        {
            events.Rollback();
            throw;
        }

        return events.Commit();
    }

    private void CloseWindowIfDue(EventBuffer events, DateTimeOffset at)
    {
        if (State == RfcState.Open && Window is not null && at >= Window.ClosesAt)
        {
            State = RfcState.AwaitingDecision;
            events.AddByClock(new CommentWindowClosed(Window.ClosesAt));
        }
    }

    private void CloseEarly(EventBuffer events, string reason, DateTimeOffset at)
    {
        var clean = Text.Required(reason, "earlyCloseReason", "Reason for closing early", 1, RfcLimits.ReasonMax);
        State = RfcState.AwaitingDecision;
        Window = Window! with { ClosesAt = at };
        EarlyCloseReason = clean;
        events.Add(new RfcClosedEarly(clean));
    }

    private void Overrule(EventBuffer events, UserRef actor, int concernId, string reason, DateTimeOffset at)
    {
        var (index, concern) = FindOpenConcern(concernId);
        var clean = Text.Required(reason, "overruleReason", $"A reason to overrule \"{concern.Title}\"", 1, RfcLimits.ReasonMax);
        concerns[index] = concern with { Status = ConcernStatus.Overruled, ClosedBy = actor, ClosingNote = clean, ClosedAt = at };
        events.Add(new ConcernOverruled(concernId, clean));
    }

    private (int Index, Concern Concern) FindOpenConcern(int concernId)
    {
        var index = concerns.FindIndex(c => c.Id == concernId);
        if (index < 0)
        {
            throw new DomainRuleException(Rules.ConcernNotFound, $"This RFC has no concern #{concernId}.", "concern");
        }

        var concern = concerns[index];
        if (!concern.IsOpen)
        {
            throw new DomainRuleException(Rules.ConcernAlreadyClosed, $"The concern \"{concern.Title}\" was already {concern.Status.ToString().ToLowerInvariant()} by {concern.ClosedBy?.DisplayName}.", "concern");
        }

        return (index, concern);
    }

    private (string? Chosen, IReadOnlyList<AlternativeNotChosen> Alternatives) ValidateAlternatives(ResolutionRequest request)
    {
        var given = request.AlternativesNotChosen ?? [];
        string? chosen = null;
        if (!string.IsNullOrWhiteSpace(request.ChosenOption))
        {
            chosen = options.FirstOrDefault(o => string.Equals(o.ShortName, request.ChosenOption.Trim(), StringComparison.OrdinalIgnoreCase))?.ShortName
                ?? throw new DomainRuleException(Rules.ResolveUnknownOption, $"\"{request.ChosenOption.Trim()}\" is not one of this RFC's options ({string.Join(", ", options.Select(o => o.ShortName))}).", "chosenOption");
        }

        if (options.Count == 0)
        {
            if (given.Count > 0)
            {
                throw new DomainRuleException(Rules.ResolveNoOptionsListed, "This RFC listed no options, so there are no alternatives to explain.", "alternatives");
            }

            return (null, []);
        }

        var whyRequired = request.Outcome is DecisionOutcome.Accepted or DecisionOutcome.Rejected;
        if (request.Outcome == DecisionOutcome.Accepted && chosen is null)
        {
            throw new DomainRuleException(Rules.ResolveChooseAnOption, $"Say which option was accepted: one of {string.Join(", ", options.Select(o => o.ShortName))}.", "chosenOption");
        }

        if (given.GroupBy(a => a.Option?.Trim() ?? string.Empty, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new DomainRuleException(Rules.ResolveDuplicateAlternative, $"\"{twice.Key}\" has two \"why not\" entries; give each option one.", "alternatives");
        }

        foreach (var alternative in given)
        {
            if (!options.Any(o => string.Equals(o.ShortName, alternative.Option?.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                throw new DomainRuleException(Rules.ResolveUnknownOption, $"\"{alternative.Option}\" is not one of this RFC's options.", "alternatives");
            }
        }

        var result = new List<AlternativeNotChosen>();
        foreach (var option in options.Where(o => !string.Equals(o.ShortName, chosen, StringComparison.OrdinalIgnoreCase)))
        {
            var why = given.FirstOrDefault(a => string.Equals(a.Option?.Trim(), option.ShortName, StringComparison.OrdinalIgnoreCase))?.Why;
            if (string.IsNullOrWhiteSpace(why))
            {
                if (whyRequired)
                {
                    throw new DomainRuleException(Rules.ResolveWhyNotRequired, $"Say why \"{option.ShortName}\" was not chosen: a reader months from now will ask.", $"whyNot:{option.ShortName}");
                }

                continue;
            }

            result.Add(new AlternativeNotChosen(option.ShortName, Text.Required(why, $"whyNot:{option.ShortName}", $"Why not \"{option.ShortName}\"", 1, RfcLimits.WhyNotMax)));
        }

        if (chosen is not null && given.Any(a => string.Equals(a.Option?.Trim(), chosen, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException(Rules.ResolveChosenIsNotAnAlternative, $"\"{chosen}\" is the chosen option, so it cannot also be an alternative not chosen.", "alternatives");
        }

        return (chosen, result);
    }

    private void RequireState(string rule, string what, params RfcState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw new DomainRuleException(rule, $"{what}; {Number} is {Describe(State)}.");
        }
    }

    private void RequireDecider(UserRef actor, string rule, string what)
    {
        if (!actor.Is(Decider))
        {
            throw new DomainRuleException(rule, $"Only the decider ({Decider.DisplayName}) can {what}.");
        }
    }

    private static string Describe(RfcState state) => state switch
    {
        RfcState.Draft => "still a draft",
        RfcState.Open => "open for comment",
        RfcState.AwaitingDecision => "awaiting its decision",
        RfcState.Accepted => "already accepted",
        RfcState.Rejected => "already rejected",
        RfcState.Deferred => "already deferred",
        RfcState.Withdrawn => "withdrawn",
        RfcState.Superseded => "superseded",
        _ => state.ToString(),
    };

    private static List<RfcOption> ValidateOptions(IReadOnlyList<RfcOption> given)
    {
        if (given.Count > RfcLimits.OptionsMax)
        {
            throw new DomainRuleException(Rules.RfcTooManyOptions, $"List at most {RfcLimits.OptionsMax} options.", "options");
        }

        var result = new List<RfcOption>();
        foreach (var option in given)
        {
            var name = Text.Required(option.ShortName, "options", "Each option's short name", 1, RfcLimits.OptionNameMax);
            if (result.Any(o => string.Equals(o.ShortName, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new DomainRuleException(Rules.RfcDuplicateOption, $"The option \"{name}\" is listed twice; give each option its own short name.", "options");
            }

            result.Add(new RfcOption(name, Text.Optional(option.Description, "options", $"The description of \"{name}\"", RfcLimits.OptionDescriptionMax)));
        }

        return result;
    }

    private static List<string> ValidateDrivers(IReadOnlyList<string> given)
    {
        var result = given.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => Text.Required(d, "drivers", "Each decision driver", 1, RfcLimits.DriverMax)).ToList();
        return result.Count <= RfcLimits.DriversMax
            ? result
            : throw new DomainRuleException(Rules.RfcTooManyDrivers, $"List at most {RfcLimits.DriversMax} decision drivers.", "drivers");
    }

    private static List<RfcLink> ValidateLinks(IReadOnlyList<RfcLink> given)
    {
        if (given.Count > RfcLimits.LinksMax)
        {
            throw new DomainRuleException(Rules.RfcTooManyLinks, $"List at most {RfcLimits.LinksMax} links.", "links");
        }

        foreach (var link in given)
        {
            if (link.Url is null || !link.Url.IsAbsoluteUri || (link.Url.Scheme != Uri.UriSchemeHttps && link.Url.Scheme != Uri.UriSchemeHttp))
            {
                throw new DomainRuleException(Rules.RfcLinkMustBeWeb, $"The link \"{link.Title}\" must be an http or https address.", "links");
            }

            if (link.Url.OriginalString.Length > RfcLimits.LinkUrlMax)
            {
                throw new DomainRuleException(Rules.InputTooLong, $"The link \"{link.Title}\" is longer than {RfcLimits.LinkUrlMax:N0} characters.", "links");
            }
        }

        return [.. given.Select(l => new RfcLink(Text.Required(l.Title, "links", "Each link's title", 1, RfcLimits.LinkTitleMax), l.Url))];
    }

    private static void ValidateWindowDays(int days, string field)
    {
        if (days is < RfcLimits.WindowDaysMin or > RfcLimits.WindowDaysMax)
        {
            throw new DomainRuleException(Rules.WindowDaysOutOfRange, $"The comment window is {RfcLimits.WindowDaysMin} to {RfcLimits.WindowDaysMax} days; {days} is outside that.", field);
        }
    }

    /// <summary>
    /// Stamps a command's events with the RFC, the next sequence numbers, the command's time and its actor, and makes
    /// sure a refused command leaves no trace.
    /// </summary>
    private sealed class EventBuffer(Rfc rfc, UserRef? actor, DateTimeOffset at)
    {
        private readonly RfcCore before = rfc.ToCore();
        private readonly Dictionary<string, Ballot?> ballotsBefore = new(StringComparer.OrdinalIgnoreCase);
        private readonly VoteTally tallyBefore = rfc.tally;
        private readonly UserRef[] recentBefore = [.. rfc.recentVoters];
        private readonly Concern[] concernsBefore = [.. rfc.concerns];
        private readonly int commentsBefore = rfc.comments.Count;
        private readonly List<RfcEvent> events = [];

        public void Add(RfcEvent e) => Stamp(e, actor);

        /// <summary>A ballot is about to change: keep what it was (the first time only), to put it back on rollback.</summary>
        public void Remember(string key, Ballot? previous) => ballotsBefore.TryAdd(key, previous);

        /// <summary>For the window running out: the clock did it, not the person whose command noticed.</summary>
        public void AddByClock(RfcEvent e) => Stamp(e, by: null);

        public RfcEvent[] Commit()
        {
            rfc.LastSequence += events.Count;
            return [.. events];
        }

        /// <summary>Puts the RFC back as it was before the command; used when a check fails after a change.</summary>
        public void Rollback()
        {
            var restored = new Rfc(before);
            rfc.Window = restored.Window;
            rfc.State = restored.State;
            rfc.Thread = restored.Thread;
            rfc.EarlyCloseReason = restored.EarlyCloseReason;
            rfc.WithdrawalReason = restored.WithdrawalReason;
            rfc.Decision = restored.Decision;
            rfc.LastSequence = restored.LastSequence;
            rfc.NextConcernId = restored.NextConcernId;
            rfc.NextCommentId = restored.NextCommentId;
            foreach (var (key, previous) in ballotsBefore)
            {
                if (previous is null)
                {
                    rfc.ballots.Remove(key);
                }
                else
                {
                    rfc.ballots[key] = previous;
                }
            }

            rfc.tally = tallyBefore;
            rfc.recentVoters.Clear();
            rfc.recentVoters.AddRange(recentBefore);

            rfc.concerns.Clear();
            rfc.concerns.AddRange(concernsBefore);
            rfc.comments.RemoveRange(commentsBefore, rfc.comments.Count - commentsBefore);
        }

        private void Stamp(RfcEvent e, UserRef? by) =>
            events.Add(e with { Rfc = rfc.Id, Sequence = rfc.LastSequence + events.Count + 1, At = at, Actor = by });
    }
}
