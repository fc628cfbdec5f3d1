namespace TeamsDecisions.Faults.Tests;

/// <summary>The check every fault must leave true, as an assertion; <see cref="StoredRfc"/> itself stays free of MSTest so the fault bench can link it.</summary>
internal static class StoredRfcAssertions
{
    /// <summary>Fails unless the RFC is whole: see <see cref="StoredRfc.Problems"/>.</summary>
    public static void AssertWhole(this StoredRfc stored)
    {
        var problems = stored.Problems();
        Assert.IsEmpty(problems, string.Join(" ", problems));
    }
}
