using Caseload.Reporting.Improvement;
using NodaTime;

namespace Caseload.Reporting.Workforce;

/// <summary>An in-post social worker who left in the year: the team they were last in and their FTE then; nobody is named.</summary>
/// <param name="TeamId">Their team at their last snapshot.</param>
/// <param name="Fte">Their FTE at their last snapshot.</param>
public sealed record Leaver(string TeamId, decimal Fte);

/// <summary>Who left in the 365 days up to a snapshot (benchmarks spec, turnover_rate_fte).</summary>
/// <param name="AsOf">The snapshot's date.</param>
/// <param name="Leavers">Each leaver once, however often they left and came back.</param>
public sealed record StaffTurnover(LocalDate AsOf, IReadOnlyList<Leaver> Leavers);

/// <summary>
/// Turnover at stored snapshots, asked in date order: it reads the stored rosters forward, each once, keeping for
/// each worker the last day they were in post, their last team and FTE, and the last day they were on any roster. A
/// leaver at a snapshot is a worker in post on a roster of its 365 days who is not on its roster: a move of team,
/// role or hours, or from agency to a post, is not leaving, and one who left and came back is not a leaver.
/// </summary>
/// <param name="stored">Every stored snapshot.</param>
/// <param name="load">Reads a stored snapshot's roster.</param>
public sealed class StaffTurnoverCount(IReadOnlyList<DatedSnapshot> stored, Func<DatedSnapshot, CancellationToken, Task<StaffRoster>> load)
{
    private readonly List<DatedSnapshot> ordered = [.. stored.OrderBy(s => s.AsOf).ThenBy(s => s.Id, StringComparer.Ordinal)];
    private readonly Dictionary<string, Seen> seen = new(StringComparer.Ordinal);
    private int next;
    private LocalDate? last;

    /// <summary>Who left in the year to a stored snapshot; no earlier than the last asked for.</summary>
    /// <exception cref="InvalidOperationException">The point is earlier than one asked for before.</exception>
    public async Task<StaffTurnover> AtAsync(DatedSnapshot point, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.AsOf < last)
        {
            throw new InvalidOperationException($"Turnover is counted forward in time: {point.AsOf} comes before {last}.");
        }

        last = point.AsOf;
        StaffRoster? atPoint = null;
        for (; next < ordered.Count && ordered[next].AsOf <= point.AsOf; next++)
        {
            // A roster before the window's start can make nobody a leaver at this point or any later one.
            if (WorkerStability.InWindow(ordered[next].AsOf, point.AsOf))
            {
                var roster = await load(ordered[next], cancellationToken).ConfigureAwait(false);
                Add(ordered[next].AsOf, roster);
                atPoint = ordered[next].Id == point.Id ? roster : atPoint;
            }
        }

        atPoint ??= await load(point, cancellationToken).ConfigureAwait(false);
        var onRoster = atPoint.Workers.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var leavers = seen.Where(w => w.Value.LastInPost is { } day && WorkerStability.InWindow(day, point.AsOf) && !onRoster.Contains(w.Key))
            .Select(w => new Leaver(w.Value.TeamId, w.Value.Fte))
            .ToList();
        return new StaffTurnover(point.AsOf, leavers);
    }

    private void Add(LocalDate day, StaffRoster roster)
    {
        foreach (var worker in roster.Workers)
        {
            ref var known = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(seen, worker.Id, out _);
            known = new Seen(worker.Kind == StaffKind.InPost ? day : known.LastInPost, worker.TeamId, worker.Fte);
        }
    }

    private record struct Seen(LocalDate? LastInPost, string TeamId, decimal Fte);
}
