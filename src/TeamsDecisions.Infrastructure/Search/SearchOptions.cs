using System.ComponentModel.DataAnnotations;

namespace TeamsDecisions.Infrastructure.Search;

/// <summary>How the in-memory decision index keeps up with Table Storage.</summary>
public sealed class SearchOptions : IValidatableObject
{
    public const string SectionName = "Search";

    /// <summary>How often the index reads the change log for changes other instances made (this instance's own show within about 2 s).</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far before its cursor each catch-up round reads again, for changes whose row landed late in an earlier minute.</summary>
    public TimeSpan CatchUpOverlap { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CatchUpInterval < TimeSpan.FromSeconds(1) || CatchUpInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Search:CatchUpInterval must be between 00:00:01 and 01:00:00.", [nameof(CatchUpInterval)]);
        }

        if (CatchUpOverlap < TimeSpan.Zero || CatchUpOverlap > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Search:CatchUpOverlap must be between 00:00:00 and 01:00:00.", [nameof(CatchUpOverlap)]);
        }
    }
}
