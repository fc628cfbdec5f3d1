namespace TeamsDecisions.Core.Rfcs;

/// <summary>Where a comment came from.</summary>
public enum CommentSource
{
    Card,
    ThreadReply,
}

/// <summary>A comment on an RFC (1–4,000 characters).</summary>
public sealed record Comment(int Id, UserRef Author, string Text, DateTimeOffset At, CommentSource Source);

/// <summary>The last comments and how many there were in all, for records and cards that cannot hold them all.</summary>
public sealed record CommentDigest(int Total, int Contributors, IReadOnlyList<Comment> Recent);
