namespace TeamsDecisions.Core.Rfcs;

/// <summary>The sizes the process accepts. They keep cards under Teams' message limit and rows under Table Storage's.</summary>
public static class RfcLimits
{
    public const int TitleMin = 3;
    public const int TitleMax = 200;
    /// <summary>
    /// Context and proposal. Like the resolve form, the new-RFC form comes back with everything typed when it is refused:
    /// title 200 + context and proposal 2 × 3,000 + the options box 2,556 + the drivers box 1,212 = 9,968 characters,
    /// 30 KB in CJK, which with the form itself stays under the 40 KB card budget. A longer design belongs in a linked doc.
    /// </summary>
    public const int LongTextMax = 3_000;
    public const int OptionsMax = 12;
    public const int OptionNameMax = 60;
    public const int OptionDescriptionMax = 150;
    public const int DriversMax = 12;
    public const int DriverMax = 100;

    /// <summary>The new-RFC form's options box: one "Name: description" line per option.</summary>
    public const int OptionsTextMax = OptionsMax * (OptionNameMax + 2 + OptionDescriptionMax + 1);

    /// <summary>The new-RFC form's drivers box: one driver per line.</summary>
    public const int DriversTextMax = DriversMax * (DriverMax + 1);
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

    /// <summary>Every reason: a vote's, closing early or extending, withdrawing, a concern's note, overruling concerns.</summary>
    public const int ReasonMax = 500;
    public const int ConcernTitleMin = 3;
    public const int ConcernTitleMax = 120;
    public const int ConcernDetailMax = 2_000;

    /// <summary>Concerns per RFC: a resolution that overrules them all must still fit one 100-operation table transaction.</summary>
    public const int ConcernsMax = 80;

    public const int RationaleMin = 50;

    // The resolve form comes back with everything typed when a resolution is refused, so these limits are a budget.
    // At 3 UTF-8 bytes a character (CJK), the lists of 12 options, 80 concerns and 50 earlier decisions take ~22 KB;
    // the typed text must fit the other ~16 KB of the 40 KB card: rationale 2,000 + 12 why-nots × 150 + consequences
    // 500 + why decide now 500 + one overrule reason 500 = 5,300 characters = 15.9 KB. The rationale is the heart of
    // the record, so it gets the most. Limits apply to new input only: records stored with longer text still load.
    public const int RationaleMax = 2_000;
    public const int WhyNotMax = 150;
    public const int ConsequencesMax = 500;

    public const int DigestComments = 20;
    public const int DigestCommentLength = 500;
}
