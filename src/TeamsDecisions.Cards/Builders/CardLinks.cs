namespace TeamsDecisions.Cards.Builders;

/// <summary>Where the final card points: the decision's page (once published) and the team's decision log.</summary>
public sealed record CardLinks(Uri? DecisionPage = null, Uri? DecisionLog = null, string? PublishingStatus = null)
{
    public static CardLinks None { get; } = new();
}

/// <summary>Who the card is for and when it is built. A null viewer is the shared card everybody sees.</summary>
public sealed record CardViewer(DateTimeOffset Now, Core.UserRef? Viewer = null);
