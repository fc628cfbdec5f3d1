namespace TeamsDecisions.Core;

/// <summary>
/// The store did not answer in time. <see cref="MayHaveBeenSaved"/> says whether the change could have landed (the
/// request was sent and its answer lost) or certainly did not (it never left this instance), so that the user is
/// told only what is known.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
        : this("The store did not answer in time. Nothing was saved.")
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private StoreUnavailableException(string message, bool mayHaveBeenSaved, Exception? innerException)
        : base(message, innerException)
    {
        MayHaveBeenSaved = mayHaveBeenSaved;
    }

    public bool MayHaveBeenSaved { get; }

    /// <summary>The change never reached the store.</summary>
    public static StoreUnavailableException NotSaved(Exception? innerException = null) =>
        new("The store is slow or unreachable, so this was not saved.", mayHaveBeenSaved: false, innerException);

    /// <summary>The change was sent but no answer came back: it may or may not be saved.</summary>
    public static StoreUnavailableException Unconfirmed(Exception? innerException = null) =>
        new("The store did not confirm the change in time, so it may or may not be saved.", mayHaveBeenSaved: true, innerException);
}
