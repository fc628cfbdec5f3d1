namespace TeamsDecisions.Core;

/// <summary>
/// A service the app depends on (Microsoft Graph for SharePoint pages and calendars) refused a request or failed it,
/// and waiting a moment is not known to help: a denied permission, an identity that got no token, a server error.
/// <see cref="Service"/> and <see cref="Status"/> (the HTTP status, when the service answered) say which and how; the
/// SDK's exception is the <see cref="Exception.InnerException"/>. Throttling is
/// <see cref="Ports.RetryLaterException"/> instead.
/// </summary>
public sealed class DependencyFailedException : Exception
{
    public DependencyFailedException()
        : base("A service this app depends on refused or failed the request.")
    {
    }

    public DependencyFailedException(string message)
        : base(message)
    {
    }

    public DependencyFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>"{service} answered {status}: {detail}", or "{service} failed: {detail}" when there was no answer.</summary>
    public DependencyFailedException(string service, int? status, string detail, Exception? innerException = null)
        : base(Describe(service, status, detail), innerException)
    {
        Service = service;
        Status = status;
    }

    public string? Service { get; }

    /// <summary>The HTTP status the service answered with; null when it was never asked (no token) or gave no answer.</summary>
    public int? Status { get; }

    private static string Describe(string service, int? status, string detail)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        return status is { } code ? $"{service} answered {code}: {detail}" : $"{service} failed: {detail}";
    }
}
