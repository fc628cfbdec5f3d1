namespace TeamsDecisions.Core.Meetings;

/// <summary>What a meeting is for.</summary>
public enum MeetingPurpose
{
    StatusUpdate,
    InformationSharing,
    Decision,
    EarlyBrainstorming,
    Onboarding,
    HighStakesInterpersonal,
    TeamCohesion,
    ProductionIncident,
}

/// <summary>The test's answer.</summary>
public enum MeetingVerdict
{
    MakeItAThread,
    MakeItAnRfc,
    KeepTheMeeting,
    KeepItShortAndWriteUp,
}

/// <summary>
/// What the organiser says about a meeting (or what its calendar says): its purpose, which of the three things
/// async cannot match it needs, how many people, how many time zones, and how many of them it lands outside their
/// 08:00–18:00.
/// </summary>
public sealed record MeetingProfile(
    MeetingPurpose Purpose,
    bool NeedsRealTimeBackAndForth,
    bool NeedsVisualCollaboration,
    bool NeedsSharedExperience,
    int Attendees,
    int TimeZones,
    int AttendeesOutsideWorkingHours = 0)
{
    public bool NeedsSomethingAsyncCannotDo => NeedsRealTimeBackAndForth || NeedsVisualCollaboration || NeedsSharedExperience;
}

/// <summary>The verdict and the reasons behind it, in plain words.</summary>
public sealed record MeetingAdvice(MeetingVerdict Verdict, IReadOnlyList<string> Reasons)
{
    /// <summary>The reply-by window an async alternative gets, from the team's response norms.</summary>
    public bool IsDesignReview => Verdict == MeetingVerdict.MakeItAnRfc;
}

/// <summary>
/// The seed's test for a meeting: "would this achieve the same outcome if it were a written async thread? If yes, it
/// should probably be a thread. If the discussion benefits from real-time back-and-forth, visual collaboration, or the
/// social function of a shared experience — it's worth the synchronous overhead." Pure: a table of rules.
/// </summary>
public static class MeetingTest
{
    /// <summary>At this many attendees, a live discussion is dominated by whoever is most comfortable speaking.</summary>
    public const int ManyAttendees = 8;

    /// <summary>Three or more time zones: a common hour lands outside working hours for someone.</summary>
    public const int ManyTimeZones = 3;

    public static MeetingAdvice Evaluate(MeetingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Attendees < 1)
        {
            throw new DomainRuleException(Rules.MeetingAttendees, "A meeting has at least one attendee.", "attendees");
        }

        if (profile.TimeZones < 1 || profile.TimeZones > profile.Attendees)
        {
            throw new DomainRuleException(Rules.MeetingTimeZones, "Time zones are between 1 and the number of attendees.", "timeZones");
        }

        if (!Enum.IsDefined(profile.Purpose))
        {
            throw new DomainRuleException(Rules.MeetingPurpose, "Choose what the meeting is for.", "purpose");
        }

        var reasons = new List<string>();
        var verdict = profile.Purpose switch
        {
            MeetingPurpose.ProductionIncident => Keep(reasons, "A production incident needs an immediate answer: keep the call, and write up what happened and what was decided afterwards."),
            MeetingPurpose.EarlyBrainstorming => Keep(reasons, "Early-stage brainstorming is one of the meetings worth keeping: the free-form discussion of a whiteboard session is genuinely hard to replicate async. Keep it to a short exploration session, then write the proposal."),
            MeetingPurpose.Onboarding => Keep(reasons, "Onboarding conversations have properties async tools don't match: keep them live."),
            MeetingPurpose.HighStakesInterpersonal => Keep(reasons, "High-stakes interpersonal discussions belong in a conversation, not a thread."),
            MeetingPurpose.TeamCohesion => Keep(reasons, "Team cohesion is the social function of a shared experience: that is what the meeting is for."),
            MeetingPurpose.Decision => Decide(profile, reasons),
            _ => Inform(profile, reasons),
        };

        if (profile.TimeZones >= ManyTimeZones || profile.AttendeesOutsideWorkingHours > 0)
        {
            var outside = profile.AttendeesOutsideWorkingHours > 0
                ? $" it already lands outside 08:00–18:00 for {profile.AttendeesOutsideWorkingHours} of {profile.Attendees} people."
                : $" with people in {profile.TimeZones} time zones, any common hour lands outside working hours for someone.";
            reasons.Add(verdict is MeetingVerdict.KeepTheMeeting or MeetingVerdict.KeepItShortAndWriteUp
                ? $"A call at 23:00 for someone is a cost:{outside} Rotate the time, or record it and take questions in writing."
                : $"Async makes the time-zone spread an asset rather than a constraint:{outside}");
        }

        return new MeetingAdvice(verdict, reasons);
    }

    private static MeetingVerdict Keep(List<string> reasons, string why)
    {
        reasons.Add(why);
        return MeetingVerdict.KeepTheMeeting;
    }

    private static MeetingVerdict Decide(MeetingProfile profile, List<string> reasons)
    {
        if (profile.NeedsRealTimeBackAndForth || profile.NeedsVisualCollaboration)
        {
            reasons.Add(Needs(profile) + ", so a short meeting is worth it — but write the decision down afterwards: what was decided, why, and the alternatives not chosen.");
            return MeetingVerdict.KeepItShortAndWriteUp;
        }

        reasons.Add("A decision with a written proposal does better async: reviewers can read carefully, check their own knowledge and respond when they have enough context, instead of answering with what they can hold in working memory while listening.");
        if (profile.Attendees >= ManyAttendees)
        {
            reasons.Add($"With {profile.Attendees} people, a live discussion is dominated by whoever is most comfortable speaking; a thread produces more equal input.");
        }
        else
        {
            reasons.Add("Written input brings in people who rarely speak in meetings, and leaves a record that answers the question later without anyone asking.");
        }

        if (profile.NeedsSharedExperience)
        {
            reasons.Add("If the shared experience matters, keep a short social moment — but not for the decision itself.");
        }

        return MeetingVerdict.MakeItAnRfc;
    }

    private static MeetingVerdict Inform(MeetingProfile profile, List<string> reasons)
    {
        var what = profile.Purpose == MeetingPurpose.StatusUpdate ? "A status update" : "Information sharing";
        if (profile.NeedsSomethingAsyncCannotDo)
        {
            reasons.Add($"{what} is usually a thread, but {char.ToLowerInvariant(Needs(profile)[0])}{Needs(profile)[1..]}. Keep it short, and write up the outcome for those who weren't there.");
            return MeetingVerdict.KeepItShortAndWriteUp;
        }

        reasons.Add($"{what} achieves the same outcome as a written thread: people read it when it suits them, and it stays findable.");
        if (profile.Attendees >= ManyAttendees)
        {
            reasons.Add($"{profile.Attendees} people listening to updates is {profile.Attendees} people's time; reading takes each of them a few minutes.");
        }

        return MeetingVerdict.MakeItAThread;
    }

    private static string Needs(MeetingProfile profile)
    {
        var needs = new List<string>();
        if (profile.NeedsRealTimeBackAndForth)
        {
            needs.Add("real-time back-and-forth");
        }

        if (profile.NeedsVisualCollaboration)
        {
            needs.Add("visual collaboration");
        }

        if (profile.NeedsSharedExperience)
        {
            needs.Add("the shared experience");
        }

        return $"It benefits from {string.Join(" and ", needs)}";
    }
}
