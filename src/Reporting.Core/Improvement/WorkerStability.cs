using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>A stored snapshot, as the stability count needs it: its key and date.</summary>
/// <param name="Id">Its key.</param>
/// <param name="AsOf">The date it describes.</param>
public sealed record DatedSnapshot(string Id, LocalDate AsOf);

/// <summary>
/// "Children with 3 or more workers in 12 months" (improvement spec): for each child open at a snapshot, how many
/// distinct workers held them across the stored snapshots of the 365 days up to its date. Asked at points in date
/// order, it reads the stored snapshots in date order, each once, keeping for each child and worker the last day
/// they were seen together; a point counts the workers its children were last seen with inside its window. So
/// twelve months of trend read each snapshot once, not once for each point whose window holds it.
/// </summary>
/// <param name="stored">Every stored snapshot.</param>
/// <param name="load">Reads a stored snapshot's pairs.</param>
public sealed class WorkerStability(IReadOnlyList<DatedSnapshot> stored, Func<DatedSnapshot, CancellationToken, Task<HeldPairs>> load)
{
    private readonly List<DatedSnapshot> ordered = [.. stored.OrderBy(s => s.AsOf).ThenBy(s => s.Id, StringComparer.Ordinal)];
    private readonly IdNumbers children = new();
    private readonly Dictionary<string, int> workers = new(StringComparer.Ordinal);
    private int next;
    private LocalDate? last;

    // Each child's pairs, a linked list through `held` from `latest`, latest added first: a child has a handful in a
    // year. Pairs are numbered from 1, so that 0 ends a list.
    private int[] latest = new int[1 << 12];
    private Pair[] held = new Pair[1 << 12];
    private int pairs;

    // The last snapshot's children's numbers, and each child's place in the last snapshot it was in: a week's
    // children mostly come in the order of the week before, so most are found by comparing with the next child
    // there, and only the rest are looked up.
    private int[] previousNumbers = [];
    private int[] place = new int[1 << 12];

    /// <summary>Whether a snapshot dated <paramref name="day"/> is in the window of a point dated <paramref name="asOf"/>: the 365 days up to it.</summary>
    public static bool InWindow(LocalDate day, LocalDate asOf) => day <= asOf && day >= asOf.PlusDays(-364);

    /// <summary>The children open at a stored snapshot, with their teams and how many workers held each in the year to it.</summary>
    /// <param name="point">The snapshot; no earlier than the last asked for.</param>
    /// <param name="teamOfWorker">Each of its workers' team.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="InvalidOperationException">The point is earlier than one asked for before.</exception>
    public async Task<ChildCounts> AtAsync(DatedSnapshot point, IReadOnlyDictionary<string, string> teamOfWorker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(teamOfWorker);
        var asOf = point.AsOf;
        if (asOf < last)
        {
            throw new InvalidOperationException($"Stability is counted forward in time: {asOf} comes before {last}.");
        }

        last = asOf;

        // Later points have later windows: a snapshot before this window's start is in none of them. The next
        // snapshot is read while this one is taken in.
        var window = new List<DatedSnapshot>();
        for (; next < ordered.Count && ordered[next].AsOf <= asOf; next++)
        {
            if (InWindow(ordered[next].AsOf, asOf))
            {
                window.Add(ordered[next]);
            }
        }

        (HeldPairs Pairs, int[] Numbers)? open = null;
        var reading = window.Count == 0 ? null : load(window[0], cancellationToken);
        for (var i = 0; i < window.Count; i++)
        {
            var snapshot = await reading!.ConfigureAwait(false);
            var following = i + 1 < window.Count ? window[i + 1] : null;
            reading = following is null ? null : Task.Run(() => load(following, cancellationToken), cancellationToken);
            var numbers = Add(window[i].AsOf, snapshot);
            open = window[i].Id == point.Id ? (snapshot, numbers) : open;
        }

        // The point is in its own window, so it was just taken in, unless it was asked for before.
        if (open is null)
        {
            var pairs = await load(point, cancellationToken).ConfigureAwait(false);
            open = (pairs, [.. Enumerable.Range(0, pairs.Count).Select(child => children.Find(pairs.ChildId(child)))]);
        }

        return At(asOf, open.Value.Pairs, open.Value.Numbers, teamOfWorker);
    }

    /// <summary>Takes a snapshot in; its children's numbers.</summary>
    private int[] Add(LocalDate day, HeldPairs snapshot)
    {
        var global = new int[snapshot.WorkerIds.Count];
        for (var w = 0; w < global.Length; w++)
        {
            if (!workers.TryGetValue(snapshot.WorkerIds[w], out global[w]))
            {
                workers[snapshot.WorkerIds[w]] = global[w] = workers.Count;
            }
        }

        var numbers = new int[snapshot.Count];
        var expected = 0;
        for (var child = 0; child < snapshot.Count; child++)
        {
            var id = snapshot.ChildId(child);
            int c;
            if (expected < previousNumbers.Length && children.Id(previousNumbers[expected]).SequenceEqual(id))
            {
                c = previousNumbers[expected++];
            }
            else
            {
                c = children.Number(id);
                if (c == latest.Length)
                {
                    Array.Resize(ref latest, latest.Length * 2);
                    Array.Resize(ref place, place.Length * 2);
                }
                else if (place[c] < previousNumbers.Length && previousNumbers[place[c]] == c)
                {
                    expected = place[c] + 1;
                }
            }

            numbers[child] = c;
            place[c] = child;
            foreach (var worker in snapshot.Workers(child))
            {
                Seen(c, global[worker], day);
            }
        }

        previousNumbers = numbers;
        return numbers;
    }

    private ChildCounts At(LocalDate asOf, HeldPairs open, int[] numbers, IReadOnlyDictionary<string, string> teamOfWorker)
    {
        // Nearly every child is in one team: those share one list per team rather than each having its own.
        var single = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var teamOf = open.WorkerIds.Select(w => teamOfWorker[w]).ToArray();
        var counted = new OpenChild[open.Count];
        var teams = new List<string>(2);
        for (var child = 0; child < open.Count; child++)
        {
            var inYear = 0;
            for (var p = latest[numbers[child]]; p > 0; p = held[p].Next)
            {
                inYear += InWindow(held[p].Day, asOf) ? 1 : 0;
            }

            teams.Clear();
            foreach (var worker in open.Workers(child))
            {
                Distinct(teams, teamOf[worker]);
            }

            foreach (var team in open.UnallocatedIn(child))
            {
                Distinct(teams, open.TeamIds[team]);
            }

            counted[child] = new OpenChild(teams.Count == 1 ? (single.TryGetValue(teams[0], out var one) ? one : single[teams[0]] = [teams[0]]) : [.. teams], inYear);
        }

        return ChildCounts.OfHistory(counted);
    }

    private static void Distinct(List<string> teams, string team)
    {
        if (!teams.Contains(team, StringComparer.Ordinal))
        {
            teams.Add(team);
        }
    }

    private void Seen(int child, int worker, LocalDate day)
    {
        for (var p = latest[child]; p > 0; p = held[p].Next)
        {
            if (held[p].Worker == worker)
            {
                held[p].Day = day;
                return;
            }
        }

        if (++pairs == held.Length)
        {
            Array.Resize(ref held, held.Length * 2);
        }

        held[pairs] = new Pair(worker, day, latest[child]);
        latest[child] = pairs;
    }

    private record struct Pair(int Worker, LocalDate Day, int Next);
}
