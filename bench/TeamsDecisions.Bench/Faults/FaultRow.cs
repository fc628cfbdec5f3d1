namespace TeamsDecisions.Bench.Faults;

/// <summary>One row of the fault table: the fault, what users saw, what was kept; notes are printed under the table.</summary>
internal sealed record FaultRow(string Fault, string Saw, string Kept, IReadOnlyList<string> Notes);
