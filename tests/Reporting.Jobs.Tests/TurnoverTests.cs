using System.Text.Json.Nodes;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Jobs.Benchmarks;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Turnover from the stored rosters, through ingest, storage and the jobs: a year of weekly snapshots of a small
/// council with known leavers, a returner, a mover, a change of role and an agency worker taken on; exact with the
/// year stored, absent (and saying why) with eleven months; a plan's measure of it, and the month's comparison stored
/// as it was sent.
/// </summary>
public sealed class TurnoverTests : IDisposable
{
    private static readonly LocalDate LastMonday = new(2026, 10, 26);
    private readonly string root = Directory.CreateTempSubdirectory("turnover-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>The roster on a Monday: worker id, team, role, FTE, agency.</summary>
    private static IEnumerable<(string Id, string Team, string Role, decimal Fte, bool Agency)> Roster(LocalDate day)
    {
        yield return ("M1", "T1", "team_manager", 1m, false);
        yield return ("S1", "T1", "social_worker", 1m, false);
        yield return ("S2", "T2", "senior_practitioner", 1m, false);
        if (day < new LocalDate(2026, 2, 2))
        {
            yield return ("L1", "T1", "social_worker", 0.8m, false);                 // leaves in February
        }

        if (day < new LocalDate(2026, 6, 1))
        {
            yield return ("L2", "T2", "social_worker", 0.5m, false);                 // leaves in June
        }

        if (day < new LocalDate(2026, 1, 5) || day >= new LocalDate(2026, 3, 2))
        {
            yield return ("R1", "T2", "social_worker", 1m, false);                   // away, then back
        }

        yield return ("V1", day < new LocalDate(2026, 5, 4) ? "T1" : "T2", "social_worker", 1m, false);   // moves team
        yield return ("C1", "T1", day < new LocalDate(2026, 7, 6) ? "social_worker" : "family_worker", 1m, false);   // changes role
        yield return ("A1", "T2", "social_worker", 1m, day < new LocalDate(2026, 4, 6));   // agency, taken on in April
        if (day < new LocalDate(2026, 8, 3))
        {
            yield return ("A2", "T1", "social_worker", 1m, true);                    // agency, leaves: not turnover
        }
    }

    /// <summary>A snapshot folder for each Monday from <paramref name="first"/> to 26 October 2026.</summary>
    private List<string> Write(LocalDate first)
    {
        var folders = new List<string>();
        for (var day = first; day <= LastMonday; day = day.PlusWeeks(1))
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, $"{first:yyyy-MM-dd}", $"{day:yyyy-MM-dd}")).FullName;
            File.WriteAllText(Path.Combine(folder, "teams.csv"), "team_id,name,team_type,manager_id,establishment_fte\nT1,Chatham Assessment Team,assessment,M1,5\nT2,Strood Children in Care Team,children_in_care,,4\n");
            var roster = Roster(day).ToList();
            File.WriteAllLines(Path.Combine(folder, "workers.csv"), ["worker_id,name,email,team_id,role,fte,agency", .. roster.Select(w => $"{w.Id},Worker {w.Id},{w.Id.ToLowerInvariant()}@council.example,{w.Team},{w.Role},{w.Fte},{(w.Agency ? "yes" : "no")}")]);
            File.WriteAllLines(Path.Combine(folder, "allocations.csv"), ["child_id,worker_id,case_type", .. roster.Where(w => w.Role != "team_manager").SelectMany((w, i) => Enumerable.Range(0, 10 + i).Select(c => $"child-{w.Id}-{c},{w.Id},cin"))]);
            File.WriteAllText(Path.Combine(folder, "snapshot.json"), $$"""{"asOf": "{{day:yyyy-MM-dd}}", "source": "test"}""");
            folders.Add(folder);
        }

        return folders;
    }

    private async Task<TestReporting> IngestAsync(LocalDate first, string? plan = null)
    {
        var reporting = MemoryReporting.Create(clock, Path.Combine(root, "outbox"), settings: new Dictionary<string, string?> { ["Reporting:Council:Code"] = "887", ["Reporting:Email:LeadershipTo"] = "director@council.example" });
        if (plan is not null)
        {
            await reporting.Job<SettingsJob>().SetPlanAsync(plan);
        }

        foreach (var folder in Write(first))
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
        }

        return reporting;
    }

    [Fact]
    public async Task With_the_year_stored_turnover_is_the_in_post_leavers_FTE_over_in_post_FTE()
    {
        await using var reporting = await IngestAsync(new LocalDate(2025, 10, 20));

        var (_, comparison) = await reporting.Job<BenchmarkJob>().CompareAsync(null);

        // Leavers in the year to 26 Oct 2026: L1 (0.8) and L2 (0.5); R1 came back, V1 moved, C1 changed role, A1 was
        // taken on and A2 was agency. In post on the day: M1, S1, S2, R1, V1, A1 (C1 is a family worker now): 6 FTE.
        var turnover = comparison!.Measures.Single(m => m.Measure == WorkforceMeasure.TurnoverRateFte);
        Assert.True(turnover.History.Complete);
        Assert.Equal(decimal.Round(1.3m * 100m / 6m, 1), turnover.Now);
        Assert.Equal(LastMonday, comparison.AsOf);

        // The census day: 29 Sep 2025 is not stored (the year began on 20 Oct 2025): no figure then.
        Assert.All(comparison.Measures, m => Assert.Null(m.CensusDay));
    }

    [Fact]
    public async Task With_eleven_months_stored_turnover_has_no_figure_and_says_why()
    {
        await using var reporting = await IngestAsync(new LocalDate(2025, 11, 24));

        var (_, comparison) = await reporting.Job<BenchmarkJob>().CompareAsync(null);

        var turnover = comparison!.Measures.Single(m => m.Measure == WorkforceMeasure.TurnoverRateFte);
        Assert.Null(turnover.Now);
        Assert.Null(turnover.NowAgainstAll);
        Assert.Equal("not enough history yet: 11 of 12 months", turnover.History.ToString());
        Assert.Equal("not enough history yet: 11 of 12 months", Content.Monthly.WhereWeStand.Compact(comparison).Rows[1][1].Text);
        Assert.NotNull(comparison.Measures[0].Now);
    }

    [Fact]
    public async Task A_plan_may_target_turnover_and_the_month_keeps_the_comparison_it_sent()
    {
        var plan = new JsonObject
        {
            ["name"] = "Workforce plan",
            ["measures"] = new JsonArray(new JsonObject
            {
                ["id"] = "turnover", ["metric"] = "turnover_rate_fte", ["direction"] = "at_most",
                ["baseline"] = new JsonObject { ["value"] = 30, ["date"] = "2025-10-31" }, ["target"] = 15, ["targetDate"] = "2027-03-31",
            }),
        }.ToJsonString();
        await using var reporting = await IngestAsync(new LocalDate(2025, 10, 20), plan);

        var run = await reporting.Job<MonthlyJob>().PrepareAsync(new YearMonth(2026, 10));
        var stored = await reporting.Job<MonthlyJob>().ShowAsync(new YearMonth(2026, 10));

        Assert.Equal(MonthlyOutcome.Computed, run.Outcome);
        var measure = Assert.Single(stored!.Measures);
        Assert.Equal(1.3m * 100m / 6m, measure.Actual);
        Assert.True(measure.History.Complete);

        // Its trend's earlier months were read from less than a year: shown, not rated.
        Assert.False(measure.Trend[0].HistoryComplete);
        Assert.True(measure.Trend[^1].HistoryComplete);

        // What show-month reads is what the digest was made from, figure for figure.
        Assert.NotNull(stored.Benchmarks);
        Assert.Equal(BenchmarkJson.Write(run.Digest!.Benchmarks.Comparison!).ToJsonString(), BenchmarkJson.Write(stored.Benchmarks).ToJsonString());
        Assert.Equal("887", stored.Benchmarks.Council.Code);
        Assert.Equal(decimal.Round(1.3m * 100m / 6m, 1), stored.Benchmarks.Measures[1].Now);
    }
}
