namespace TeamsDecisions.Cards.Builders;

/// <summary>Where the final card points: the decision's page (once published) and the team's decision log.</summary>
public sealed record CardLinks(Uri? DecisionPage = null, Uri? DecisionLog = null, string? PublishingStatus = null)
{
    public static CardLinks None { get; } = new();
}

/// <summary>
/// Who the card is for and when it is built. A null viewer is the shared card everybody sees. <paramref name="Due"/> is
/// when a required reviewer's response is due under the team's norms, when the caller knows it.
/// </summary>
public sealed record CardViewer(DateTimeOffset Now, Core.UserRef? Viewer = null, ResponseDue? Due = null);

/// <summary>When a required reviewer's response is due, and the norm it comes from (design review 48 h, routine 24 h).</summary>
public sealed record ResponseDue(DateTimeOffset At, Core.Rfcs.RfcKind Kind, TimeSpan Norm);
