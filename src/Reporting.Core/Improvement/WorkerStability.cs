using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>A stored snapshot, as the stability count needs it: its key and date.</summary>
/// <param name="Id">Its key.</param>
/// <param name="AsOf">The date it describes.</param>
public sealed record DatedSnapshot(string Id, LocalDate AsOf);

/// <summary>A month-end snapshot whose children's stability is counted: its key, date, and which team each worker was in.</summary>
/// <param name="Snapshot">The snapshot.</param>
/// <param name="TeamOfWorker">Each worker's team in it.</param>
public sealed record StabilityPoint(DatedSnapshot Snapshot, IReadOnlyDictionary<string, string> TeamOfWorker);

/// <summary>
/// "Children with 3 or more workers in 12 months" (improvement spec): for each child open at a snapshot, how many
/// distinct workers held them across the stored snapshots of the 365 days up to its date. The snapshots are taken
/// in date order once, each added when it enters a point's window and taken away when it leaves, so that twelve
/// months of trend read each snapshot's pairs at most twice, not once per point.
/// </summary>
public sealed class WorkerStability
{
    private readonly Dictionary<string, int> children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> workers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> pairs = [];
    private readonly List<int> distinct = [];

    /// <summary>Whether a snapshot dated <paramref name="day"/> is in the window of a point dated <paramref name="asOf"/>: the 365 days up to it.</summary>
    public static bool InWindow(LocalDate day, LocalDate asOf) => day <= asOf && day >= asOf.PlusDays(-364);

    /// <summary>The counts at each point, keyed by the point's snapshot id.</summary>
    /// <param name="points">The snapshots counted at.</param>
    /// <param name="stored">Every stored snapshot.</param>
    /// <param name="load">Reads a stored snapshot's pairs.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<IReadOnlyDictionary<string, ChildCounts>> CountAsync(
        IReadOnlyList<StabilityPoint> points, IReadOnlyList<DatedSnapshot> stored, Func<DatedSnapshot, Task<HeldPairs>> load, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(load);
        var ordered = stored.OrderBy(s => s.AsOf).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        var stability = new WorkerStability();
        var inWindow = new Queue<DatedSnapshot>();
        var results = new Dictionary<string, ChildCounts>(StringComparer.Ordinal);
        var next = 0;
        (string Id, HeldPairs Pairs)? added = null;
        foreach (var point in points.OrderBy(p => p.Snapshot.AsOf))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var asOf = point.Snapshot.AsOf;

            // Later points have later windows: a snapshot before this window's start is in none of them.
            for (; next < ordered.Count && ordered[next].AsOf <= asOf; next++)
            {
                if (InWindow(ordered[next].AsOf, asOf))
                {
                    added = (ordered[next].Id, await load(ordered[next]).ConfigureAwait(false));
                    stability.Add(added.Value.Pairs);
                    inWindow.Enqueue(ordered[next]);
                }
            }

            while (inWindow.TryPeek(out var oldest) && !InWindow(oldest.AsOf, asOf))
            {
                stability.Remove(await load(inWindow.Dequeue()).ConfigureAwait(false));
            }

            // A point is usually the snapshot just added (a month's last): read once.
            var open = added is { } last && last.Id == point.Snapshot.Id ? last.Pairs : await load(point.Snapshot).ConfigureAwait(false);
            results[point.Snapshot.Id] = stability.At(open, point.TeamOfWorker);
        }

        return results;
    }

    /// <summary>Takes a snapshot's pairs into the window.</summary>
    public void Add(HeldPairs held)
    {
        ArgumentNullException.ThrowIfNull(held);
        foreach (var child in held.Children)
        {
            var c = Index(children, child.ChildId, grow: true);
            foreach (var worker in child.Workers)
            {
                var key = ((long)c << 32) | (uint)Index(workers, worker, grow: false);
                var count = pairs.GetValueOrDefault(key);
                pairs[key] = count + 1;
                distinct[c] += count == 0 ? 1 : 0;
            }
        }
    }

    /// <summary>Takes a snapshot's pairs out of the window.</summary>
    public void Remove(HeldPairs held)
    {
        ArgumentNullException.ThrowIfNull(held);
        foreach (var child in held.Children)
        {
            var c = children[child.ChildId];
            foreach (var worker in child.Workers)
            {
                var key = ((long)c << 32) | (uint)workers[worker];
                if (pairs[key] == 1)
                {
                    pairs.Remove(key);
                    distinct[c]--;
                }
                else
                {
                    pairs[key]--;
                }
            }
        }
    }

    /// <summary>The children open at a snapshot (its own pairs, which must be in the window), with their teams and workers in the window.</summary>
    public ChildCounts At(HeldPairs open, IReadOnlyDictionary<string, string> teamOfWorker)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(teamOfWorker);
        return ChildCounts.OfHistory(open.Children.Select(child => new OpenChild(
            [.. child.Workers.Select(w => teamOfWorker[w]).Concat(child.UnallocatedIn).Distinct(StringComparer.Ordinal)],
            distinct[children[child.ChildId]])));
    }

    private int Index(Dictionary<string, int> index, string id, bool grow)
    {
        if (!index.TryGetValue(id, out var i))
        {
            index[id] = i = index.Count;
            if (grow)
            {
                distinct.Add(0);
            }
        }

        return i;
    }
}
