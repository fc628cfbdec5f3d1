namespace TeamsDecisions.Core.Rfcs;

/// <summary>The sizes the process accepts. They keep cards under Teams' message limit and rows under Table Storage's.</summary>
public static class RfcLimits
{
    public const int TitleMin = 3;
    public const int TitleMax = 200;
    public const int LongTextMax = 8_000;
    public const int OptionsMax = 12;
    public const int OptionNameMax = 60;
    public const int OptionDescriptionMax = 1_000;
    public const int DriversMax = 12;
    public const int DriverMax = 300;
    public const int LinksMax = 20;
    public const int LinkTitleMax = 200;
    public const int LinkUrlMax = 2_000;

    /// <summary>Votes kept on a ballot (newest last). Every vote ever cast stays in the audit trail (VoteCast events).</summary>
    public const int BallotHistoryMax = 50;
    public const int ReviewersMax = 50;

    /// <summary>Most recent voters an RFC keeps at hand: Teams refreshes a card automatically for at most 60 users.</summary>
    public const int RecentVotersKept = 60;
    public const int WindowDaysMin = 1;
    public const int WindowDaysMax = 30;
    public const int DefaultWindowDays = 5;
    public const int CommentMin = 1;
    public const int CommentMax = 4_000;
    public const int ReasonMax = 1_000;
    public const int ConcernTitleMin = 3;
    public const int ConcernTitleMax = 120;
    public const int ConcernDetailMax = 2_000;

    /// <summary>Concerns per RFC: a resolution that overrules them all must still fit one 100-operation table transaction.</summary>
    public const int ConcernsMax = 80;

    public const int RationaleMin = 50;
    public const int RationaleMax = 8_000;
    public const int WhyNotMax = 2_000;
    public const int ConsequencesMax = 4_000;
    public const int DigestComments = 20;
    public const int DigestCommentLength = 500;
}
