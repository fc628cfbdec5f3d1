namespace TeamsDecisions.App;

/// <summary>
/// Starts background work that must not inherit the context of the request that asked for it: its store-call
/// budget (which would cut the work's retries short once that request's answer is sent) and its trace.
/// </summary>
internal static class Detached
{
    public static void Run(Func<Task> work)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            _ = Task.Run(work);
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(work);
        }
    }
}
