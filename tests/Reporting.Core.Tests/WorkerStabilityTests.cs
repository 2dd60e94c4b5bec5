using Caseload.Reporting.Improvement;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>"3 or more workers in 12 months" counted over a history of snapshots, each read once.</summary>
public sealed class WorkerStabilityTests
{
    private static readonly LocalDate Monday = new(2026, 10, 26);

    [Fact]
    public async Task A_worker_counts_while_their_last_day_with_the_child_is_inside_the_365_day_window()
    {
        // C1 is held by A 364 days before the point (inside), by B 365 days before (outside), then by C and D.
        // C2 by A, B and C inside the window, the last two together in one snapshot; C3 by E throughout.
        var history = new Dictionary<LocalDate, string[]>
        {
            [Monday.PlusDays(-365)] = ["C1:B", "C3:E"],
            [Monday.PlusDays(-364)] = ["C1:A", "C2:A", "C3:E"],
            [Monday.PlusDays(-100)] = ["C1:C", "C2:B+C", "C3:E"],
            [Monday] = ["C1:D", "C2:|T1", "C3:E"],
        };

        var counts = await Count(history, [Monday]);

        Assert.Equal(3, counts[Monday].Count(ChildGroup.Open, _ => true));
        Assert.Equal(2, counts[Monday].Count(ChildGroup.ThreePlusWorkersIn12Months, _ => true));
    }

    [Fact]
    public async Task Each_point_counts_its_own_window_and_each_snapshot_is_read_once_in_date_order()
    {
        // Weekly snapshots for two years; a child moves to a new worker every 20 weeks, so that a year holds three
        // workers only at some points. Each point's count is checked against the definition worked out directly.
        var start = new LocalDate(2024, 10, 28);
        var history = new Dictionary<LocalDate, string[]>();
        for (var week = 0; week < 105; week++)
        {
            history[start.PlusWeeks(week)] = [$"C1:W{week / 20}", $"C2:W{week / 30}+X", week % 2 == 0 ? "C3:Y" : "C3:Z"];
        }

        var points = Enumerable.Range(0, 13).Select(m => start.PlusWeeks(52 + (4 * m))).ToList();
        var reads = new List<LocalDate>();
        var counts = await Count(history, points, reads);

        Assert.Equal(history.Keys.Where(d => d >= points[0].PlusDays(-364) && d <= points[^1]).Order(), reads);
        foreach (var point in points)
        {
            var expected = history.Where(h => h.Key <= point && h.Key >= point.PlusDays(-364))
                .SelectMany(h => h.Value.Select(Parse))
                .GroupBy(p => p.Child)
                .Count(g => g.SelectMany(p => p.Workers).Distinct().Count() >= 3);
            Assert.Equal(expected, counts[point].Count(ChildGroup.ThreePlusWorkersIn12Months, _ => true));
        }
    }

    [Fact]
    public async Task Tens_of_thousands_of_children_are_each_counted_as_the_definition_says()
    {
        // Enough children that the numbering grows many times; ids of different lengths, some sharing prefixes; some
        // weeks in the order of the week before, some shuffled.
        var random = new Random(2026);
        var history = new Dictionary<LocalDate, string[]>();
        for (var week = 0; week < 6; week++)
        {
            string[] children = [.. Enumerable.Range(0, 30_000).Where(_ => random.Next(4) > 0).Select(c => $"{(c % 7 == 0 ? "X" : "")}{c}:W{random.Next(6)}")];
            if (week % 3 == 1)
            {
                random.Shuffle(children);
            }

            history[Monday.PlusWeeks(week - 5)] = children;
        }

        var counts = await Count(history, [Monday]);

        var open = history[Monday].Select(Parse).Select(p => p.Child).ToHashSet();
        var expected = history.Values.SelectMany(v => v.Select(Parse)).Where(p => open.Contains(p.Child))
            .GroupBy(p => p.Child).Count(g => g.SelectMany(p => p.Workers).Distinct().Count() >= 3);
        Assert.InRange(expected, 1000, 20_000);
        Assert.Equal(expected, counts[Monday].Count(ChildGroup.ThreePlusWorkersIn12Months, _ => true));
        Assert.Equal(open.Count, counts[Monday].Count(ChildGroup.Open, _ => true));
    }

    [Fact]
    public async Task Points_are_asked_forward_in_time_and_the_same_point_twice_counts_the_same()
    {
        var history = new Dictionary<LocalDate, string[]> { [Monday.PlusWeeks(-1)] = ["C1:A"], [Monday] = ["C1:B"] };
        var stability = new WorkerStability([.. history.Keys.Select(d => new DatedSnapshot($"{d}", d))], (s, _) => Task.FromResult(Pairs(history[s.AsOf])));
        var teams = new Dictionary<string, string> { ["A"] = "T1", ["B"] = "T1" };

        var first = await stability.AtAsync(new DatedSnapshot($"{Monday}", Monday), teams);
        var again = await stability.AtAsync(new DatedSnapshot($"{Monday}", Monday), teams);

        Assert.Equal(first.Teams.Single().Children, again.Teams.Single().Children);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stability.AtAsync(new DatedSnapshot($"{Monday.PlusWeeks(-1)}", Monday.PlusWeeks(-1)), teams));
    }

    [Fact]
    public async Task An_unallocated_child_counts_in_the_team_holding_it_and_a_shared_child_once()
    {
        var history = new Dictionary<LocalDate, string[]>
        {
            [Monday.PlusWeeks(-2)] = ["C1:A", "C2:A"],
            [Monday.PlusWeeks(-1)] = ["C1:B", "C2:B"],
            [Monday] = ["C1:C+D", "C2:|T2"],
        };

        var counts = (await Count(history, [Monday], teamOf: new Dictionary<string, string> { ["A"] = "T1", ["B"] = "T1", ["C"] = "T1", ["D"] = "T2" }))[Monday];

        Assert.Equal(1, counts.Count(ChildGroup.ThreePlusWorkersIn12Months, _ => true));
        Assert.Equal(1, counts.Count(ChildGroup.ThreePlusWorkersIn12Months, t => t == "T2"));
        Assert.Equal(2, counts.Count(ChildGroup.Open, t => t == "T2"));
        Assert.Equal(2, counts.Count(ChildGroup.Open, _ => true));
    }

    [Fact]
    public void A_snapshots_pairs_name_each_holder_once_per_child()
    {
        var snapshot = new Council().Team("T1").Worker("A").Worker("B")
            .Case("C1", "A").Case("C1", "A").Case("C1", "B").Case("C2", null, team: "T1").Case("C2", null, team: "T1")
            .Snapshot(Monday);

        var pairs = HeldPairs.Of(snapshot);

        Assert.Equal(2, pairs.Count);
        var c1 = Enumerable.Range(0, 2).Single(c => pairs.ChildId(c).SequenceEqual("C1"));
        Assert.Equal(["A", "B"], pairs.Workers(c1).ToArray().Select(w => pairs.WorkerIds[w]).Order());
        Assert.Equal(["T1"], pairs.UnallocatedIn(1 - c1).ToArray().Select(t => pairs.TeamIds[t]));
        Assert.True(pairs.Workers(1 - c1).IsEmpty);
    }

    private static (string Child, string[] Workers, string[] Teams) Parse(string child)
    {
        var (id, holders) = (child[..child.IndexOf(':', StringComparison.Ordinal)], child[(child.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('+', StringSplitOptions.RemoveEmptyEntries));
        return (id, [.. holders.Where(h => h[0] != '|')], [.. holders.Where(h => h[0] == '|').Select(h => h[1..])]);
    }

    private static HeldPairs Pairs(string[] children)
    {
        var pairs = new HeldPairs.Builder();
        foreach (var (child, workers, teams) in children.Select(Parse))
        {
            pairs.Child(child);
            foreach (var worker in workers)
            {
                pairs.Worker(worker);
            }

            foreach (var team in teams)
            {
                pairs.UnallocatedIn(team);
            }
        }

        return pairs.Build();
    }

    private static async Task<Dictionary<LocalDate, ChildCounts>> Count(
        Dictionary<LocalDate, string[]> history, IReadOnlyList<LocalDate> points, List<LocalDate>? reads = null, IReadOnlyDictionary<string, string>? teamOf = null)
    {
        var stored = history.Keys.Select(d => new DatedSnapshot($"{d:yyyy-MM-dd}", d)).ToList();
        var workers = history.Values.SelectMany(v => v.Select(Parse)).SelectMany(p => p.Workers).Distinct().ToList();
        var teams = teamOf ?? workers.ToDictionary(w => w, _ => "T1");
        var stability = new WorkerStability(stored, (snapshot, _) =>
        {
            lock (history)
            {
                reads?.Add(snapshot.AsOf);
            }

            return Task.FromResult(Pairs(history[snapshot.AsOf]));
        });
        var counted = new Dictionary<LocalDate, ChildCounts>();
        foreach (var point in points)
        {
            counted[point] = await stability.AtAsync(new DatedSnapshot($"{point:yyyy-MM-dd}", point), teams);
        }

        return counted;
    }
}
