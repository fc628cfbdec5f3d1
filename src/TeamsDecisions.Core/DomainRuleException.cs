namespace TeamsDecisions.Core;

/// <summary>
/// A command was refused because it breaks a rule of the decision process. Nothing was changed.
/// <see cref="Rule"/> names the rule (stable, for logs and tests); <see cref="Field"/> names the input to fix, if any;
/// the message says what to do, in words a user can act on.
/// </summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string rule, string message, string? field = null)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        Rule = rule;
        Field = field;
    }

    public DomainRuleException()
        : this(Rules.Unknown, "The request was refused.")
    {
    }

    public DomainRuleException(string message)
        : this(Rules.Unknown, message)
    {
    }

    public DomainRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Rule = Rules.Unknown;
    }

    public string Rule { get; } = Rules.Unknown;

    public string? Field { get; }
}

/// <summary>The store could not apply a command because others kept changing the same RFC; nothing was changed.</summary>
public sealed class StoreBusyException : Exception
{
    public StoreBusyException()
        : base("This RFC is busy with other changes right now. Nothing was saved; please try again in a moment.")
    {
    }

    public StoreBusyException(string message)
        : base(message)
    {
    }

    public StoreBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The RFC, decision or team named in a command does not exist.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : base("Not found.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The store refused a write for a reason other than a concurrent change; the whole change was rolled back.</summary>
public sealed class StoreWriteFailedException : Exception
{
    public StoreWriteFailedException()
        : base("The change could not be saved, so nothing was changed. Please try again; if it keeps failing, tell your admin.")
    {
    }

    public StoreWriteFailedException(string message)
        : base(message)
    {
    }

    public StoreWriteFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
