using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Improvement;

/// <summary>One child in a snapshot: who held them, and the teams holding them unallocated.</summary>
/// <param name="ChildId">The child.</param>
/// <param name="Workers">The workers holding them, each once.</param>
/// <param name="UnallocatedIn">The teams holding them unallocated, each once.</param>
public sealed record ChildHolders(string ChildId, IReadOnlyList<string> Workers, IReadOnlyList<string> UnallocatedIn);

/// <summary>
/// Who held which child in one snapshot, each pair once: the allocation history of that day, all that "children
/// with 3+ workers in 12 months" needs from it. Stored with the snapshot, so that the history is as whole as the
/// snapshots are, and has no ceiling however many weeks a child and a worker are seen together.
/// </summary>
/// <param name="Children">Every child of the snapshot, allocated or not.</param>
public sealed record HeldPairs(IReadOnlyList<ChildHolders> Children)
{
    /// <summary>The pairs of a snapshot.</summary>
    public static HeldPairs Of(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var workers = new List<string>?[snapshot.ChildIds.Count];
        var teams = new List<string>?[snapshot.ChildIds.Count];
        foreach (var allocation in snapshot.Allocations)
        {
            var (list, holder) = allocation.IsUnallocated
                ? (teams[allocation.Child] ??= [], snapshot.Teams[allocation.Team].Id)
                : (workers[allocation.Child] ??= [], snapshot.Workers[allocation.Worker].Id);
            if (!list.Contains(holder))
            {
                list.Add(holder);
            }
        }

        return new HeldPairs([.. snapshot.ChildIds.Select((id, c) => new ChildHolders(id, workers[c] ?? [], teams[c] ?? []))]);
    }
}
