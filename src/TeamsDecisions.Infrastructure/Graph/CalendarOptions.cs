using System.ComponentModel.DataAnnotations;

namespace TeamsDecisions.Infrastructure.Graph;

/// <summary>
/// Prompts about recurring meetings. Needs Graph application permissions Calendars.ReadBasic and MailboxSettings.Read
/// for the app's Graph identity (Graph:*); SharePoint need not be configured. Off unless enabled.
/// </summary>
public sealed class CalendarOptions
{
    public const string SectionName = "Calendar";

    public bool Enabled { get; set; }

    /// <summary>Between scans of opted-in calendars.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Calendar:ScanInterval must be between 1 minute and 7 days.")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromDays(1);

    [Range(7, 62, ErrorMessage = "Calendar:LookAheadDays must be between 7 and 62.")]
    public int LookAheadDays { get; set; } = 28;

    /// <summary>Entra object ids an admin opted in (they are prompted once they have the personal app).</summary>
    public IList<string> Users { get; } = [];
}
