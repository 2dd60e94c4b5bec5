using System.Runtime.InteropServices;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Improvement;

/// <summary>
/// Who held which child in one snapshot, each pair once: the allocation history of that day, all that "children
/// with 3+ workers in 12 months" needs from it. Stored with the snapshot, so that the history is as whole as the
/// snapshots are, and has no ceiling however many weeks a child and a worker are seen together.
/// </summary>
/// <remarks>
/// Held compactly — the children's ids in one buffer, each child's workers and teams as indexes into the snapshot's
/// own lists of them — because the monthly job reads a year of national snapshots, half a million children each:
/// as a string and two lists per child that was most of its time and memory.
/// </remarks>
public sealed class HeldPairs
{
    private readonly List<char> ids;
    private readonly List<int> idEnds;
    private readonly List<int> workers;
    private readonly List<int> workerEnds;
    private readonly List<int> teams;
    private readonly List<int> teamEnds;

    // The builder's lists are taken over, not copied: it is used once.
    private HeldPairs(Builder built)
    {
        ids = built.Ids;
        idEnds = built.IdEnds;
        workers = built.Workers;
        workerEnds = built.WorkerEnds;
        teams = built.Teams;
        teamEnds = built.TeamEnds;
        WorkerIds = built.WorkerIds;
        TeamIds = built.TeamIds;
    }

    /// <summary>How many children the snapshot has.</summary>
    public int Count => idEnds.Count;

    /// <summary>The workers the children's <see cref="Workers"/> index.</summary>
    public IReadOnlyList<string> WorkerIds { get; }

    /// <summary>The teams the children's <see cref="UnallocatedIn"/> index.</summary>
    public IReadOnlyList<string> TeamIds { get; }

    /// <summary>A child's id.</summary>
    public ReadOnlySpan<char> ChildId(int child) => Part(ids, idEnds, child);

    /// <summary>The workers holding a child, each once, as indexes into <see cref="WorkerIds"/>.</summary>
    public ReadOnlySpan<int> Workers(int child) => Part(workers, workerEnds, child);

    /// <summary>The teams holding a child unallocated, each once, as indexes into <see cref="TeamIds"/>.</summary>
    public ReadOnlySpan<int> UnallocatedIn(int child) => Part(teams, teamEnds, child);

    /// <summary>The pairs of a snapshot.</summary>
    public static HeldPairs Of(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var rows = new List<int>?[snapshot.ChildIds.Count];
        for (var row = 0; row < snapshot.Allocations.Count; row++)
        {
            (rows[snapshot.Allocations[row].Child] ??= []).Add(row);
        }

        var pairs = new Builder(rows.Length);
        for (var child = 0; child < rows.Length; child++)
        {
            pairs.Child(snapshot.ChildIds.Span(child));
            foreach (var row in rows[child] ?? [])
            {
                var allocation = snapshot.Allocations[row];
                if (allocation.IsUnallocated)
                {
                    pairs.UnallocatedIn(snapshot.Teams[allocation.Team].Id);
                }
                else
                {
                    pairs.Worker(snapshot.Workers[allocation.Worker].Id);
                }
            }
        }

        return pairs.Build();
    }

    private static ReadOnlySpan<T> Part<T>(List<T> values, List<int> ends, int child)
    {
        var all = CollectionsMarshal.AsSpan(values);
        return all[(child == 0 ? 0 : ends[child - 1])..ends[child]];
    }

    /// <summary>Builds the pairs of a snapshot child by child: a child, then its holders; once.</summary>
    /// <param name="children">How many children there will be, when known.</param>
    public sealed class Builder(int children = 0)
    {
        private readonly Dictionary<string, int> workerIndex = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> teamIndex = new(StringComparer.Ordinal);

        // Sized for the usual child: an id of about ten characters and one worker.
        internal List<char> Ids { get; } = new(children * 10);

        internal List<int> IdEnds { get; } = new(children);

        internal List<int> Workers { get; } = new(children);

        internal List<int> WorkerEnds { get; } = new(children);

        internal List<int> Teams { get; } = [];

        internal List<int> TeamEnds { get; } = new(children);

        internal List<string> WorkerIds { get; } = [];

        internal List<string> TeamIds { get; } = [];

        /// <summary>Begins the next child.</summary>
        public void Child(ReadOnlySpan<char> id)
        {
            if (id.IsEmpty)
            {
                throw new ArgumentException("A child's id is empty.", nameof(id));
            }

            Ids.AddRange(id);
            IdEnds.Add(Ids.Count);
            WorkerEnds.Add(Workers.Count);
            TeamEnds.Add(Teams.Count);
        }

        /// <summary>A worker holding the current child; a worker named twice is kept once.</summary>
        public void Worker(ReadOnlySpan<char> id) => Holder(id, workerIndex, WorkerIds, Workers, WorkerEnds);

        /// <summary>A team holding the current child unallocated; a team named twice is kept once.</summary>
        public void UnallocatedIn(ReadOnlySpan<char> teamId) => Holder(teamId, teamIndex, TeamIds, Teams, TeamEnds);

        /// <summary>The pairs added.</summary>
        public HeldPairs Build() => new(this);

        private void Holder(ReadOnlySpan<char> id, Dictionary<string, int> index, List<string> names, List<int> holders, List<int> ends)
        {
            if (IdEnds.Count == 0)
            {
                throw new InvalidOperationException("A holder was given before any child.");
            }

            var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(id, out var holder))
            {
                holder = names.Count;
                var name = id.ToString();
                index[name] = holder;
                names.Add(name);
            }

            var start = ends.Count == 1 ? 0 : ends[^2];
            for (var i = start; i < holders.Count; i++)
            {
                if (holders[i] == holder)
                {
                    return;
                }
            }

            holders.Add(holder);
            ends[^1] = holders.Count;
        }
    }
}
