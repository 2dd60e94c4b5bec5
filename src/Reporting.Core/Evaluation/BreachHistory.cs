using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Evaluation;

/// <summary>Who was on the roster and who was in breach in one stored snapshot, under the policy in force on its date.</summary>
/// <param name="AsOf">The snapshot's date.</param>
/// <param name="Named">Every worker on its roster.</param>
/// <param name="InBreach">The workers in breach (amber or red).</param>
public sealed record SnapshotBreaches(LocalDate AsOf, IReadOnlyList<string> Named, IReadOnlyList<string> InBreach)
{
    /// <summary>What an evaluation of the snapshot says.</summary>
    public static SnapshotBreaches Of(CaseloadEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new(evaluation.AsOf, [.. evaluation.Workers.Select(w => w.WorkerId)], [.. evaluation.Workers.Where(w => w.InBreach).Select(w => w.WorkerId)]);
    }
}

/// <summary>How long a breach has lasted, as the stored snapshots tell it (policy spec, point 7).</summary>
/// <param name="OverSince">The date of the first snapshot of the breach's unbroken run.</param>
/// <param name="Weeks">ISO weeks from that snapshot's week to the week reported on, inclusive.</param>
/// <param name="HistoryStarts">That snapshot is the first stored one naming the worker: the breach may be older than the data.</param>
public sealed record BreachRun(LocalDate OverSince, int Weeks, bool HistoryStarts);

/// <summary>
/// The stored snapshots before a week, the latest of each ISO week, each as who it named and who was in breach: the
/// history a breach's age is read from. A week without a snapshot neither breaks a run nor extends it. Each worker's
/// weeks are kept as two bit sets, so a year of national snapshots costs a few bytes a worker.
/// </summary>
public sealed class BreachHistory
{
    private readonly LocalDate[] dates;
    private readonly Dictionary<string, Trace> traces = new(StringComparer.Ordinal);

    /// <summary>The history of the given snapshots; where an ISO week has several, the latest is the week's.</summary>
    public BreachHistory(IEnumerable<SnapshotBreaches> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var weekly = snapshots.GroupBy(s => IsoWeek.Of(s.AsOf)).Select(g => g.MaxBy(s => s.AsOf)!).OrderBy(s => s.AsOf).ToList();
        dates = [.. weekly.Select(s => s.AsOf)];
        var words = (dates.Length + 63) / 64;
        for (var i = 0; i < weekly.Count; i++)
        {
            foreach (var worker in weekly[i].Named)
            {
                TraceOf(worker, words).Named[i / 64] |= 1UL << (i % 64);
            }

            foreach (var worker in weekly[i].InBreach)
            {
                TraceOf(worker, words).InBreach[i / 64] |= 1UL << (i % 64);
            }
        }
    }

    /// <summary>
    /// The run of a worker in breach in the snapshot of <paramref name="asOf"/>, reported for <paramref name="week"/>:
    /// back through the stored weeks before that snapshot's while the worker is in breach in each.
    /// </summary>
    public BreachRun RunOf(string workerId, LocalDate asOf, IsoWeek week)
    {
        var before = IsoWeek.Of(asOf);
        var k = Array.FindLastIndex(dates, d => IsoWeek.Of(d) < before);
        var start = asOf;
        traces.TryGetValue(workerId, out var trace);
        for (; k >= 0 && trace is not null && Has(trace.InBreach, k); k--)
        {
            start = dates[k];
        }

        var namedBefore = false;
        for (var i = 0; i <= k && trace is not null && !namedBefore; i++)
        {
            namedBefore = Has(trace.Named, i);
        }

        var weeks = Period.Between(IsoWeek.Of(start).Monday, week.Monday, PeriodUnits.Days).Days / 7 + 1;
        return new BreachRun(start, Math.Max(1, weeks), !namedBefore);
    }

    private static bool Has(ulong[] bits, int i) => (bits[i / 64] & (1UL << (i % 64))) != 0;

    private Trace TraceOf(string worker, int words)
    {
        if (!traces.TryGetValue(worker, out var trace))
        {
            traces[worker] = trace = new Trace(new ulong[words], new ulong[words]);
        }

        return trace;
    }

    private sealed record Trace(ulong[] Named, ulong[] InBreach);
}
