using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The same facts, the same answer: a synthetic council written as SSD tables, with the noise real extracts carry,
/// and as allocations.csv evaluate identically, worker by worker and team by team, and give the same monthly
/// metrics; an SSD folder ingests, keeps its tables with their SHA-256, and the weekly job runs on it.
/// </summary>
public sealed class SsdTwinTests
{
    [Theory]
    [InlineData(11, 40)]
    [InlineData(12, 75)]
    [InlineData(13, 120)]
    [InlineData(14, 60)]
    [InlineData(15, 200)]
    public void An_ssd_folder_and_its_canonical_twin_evaluate_identically_and_give_the_same_monthly_metrics(int seed, int workers)
    {
        using var ssd = new CouncilFolders(weeks: 3, workers: workers, seed: seed, from: "2026-10-05", format: "ssd");
        using var canonical = new CouncilFolders(weeks: 3, workers: workers, seed: seed, from: "2026-10-05");

        for (var week = 0; week < 3; week++)
        {
            var fromSsd = SnapshotReader.Read(ssd.Weeks[week]);
            var fromCsv = SnapshotReader.Read(canonical.Weeks[week]);

            Assert.True(fromSsd.Allocations.Count > workers * 5, $"{fromSsd.Allocations.Count} allocations");
            Assert.Empty(fromSsd.Warnings);
            Assert.Equal(Json(Evaluate(fromCsv)), Json(Evaluate(fromSsd)));

            var (a, b) = (Figures(fromCsv), Figures(fromSsd));
            var filters = fromCsv.Teams.Select(t => MeasureFilter.Everyone with { Teams = new HashSet<string>(StringComparer.Ordinal) { t.Id } }).Prepend(MeasureFilter.Everyone).ToList();
            foreach (var metric in Enum.GetValues<Metric>().Where(m => m != Metric.PctChildren3PlusWorkers12M))
            {
                Assert.All(filters, filter => Assert.True(a.Of(metric, filter) == b.Of(metric, filter), $"{metric} for {filter}: {a.Of(metric, filter)} from allocations.csv, {b.Of(metric, filter)} from SSD"));
            }
        }
    }

    [Fact]
    public async Task An_ssd_folder_ingests_with_its_tables_in_the_lineage_and_the_weekly_job_runs_on_it()
    {
        using var council = new CouncilFolders(weeks: 1, workers: 60, seed: 21, from: "2026-11-16", format: "ssd");
        await using var reporting = MemoryReporting.Create(new FakeTimeProvider(new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero)), council.Outbox);

        var ingested = await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var (prepared, delivery) = await reporting.Job<WeeklyJob>().RunAsync(new IsoWeek(2026, 47));

        Assert.False(ingested.AlreadyStored);
        var hashes = ingested.Snapshot.FileHashes;
        Assert.Contains("ssd_involvements.csv", hashes.Keys);
        Assert.Contains("ssd_cin_episodes.csv", hashes.Keys);
        Assert.DoesNotContain("allocations.csv", hashes.Keys);
        using (var file = File.OpenRead(Path.Combine(council.Weeks[0], "ssd_involvements.csv")))
        {
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), hashes["ssd_involvements.csv"]);
        }

        Assert.Equal(WeeklyOutcome.Prepared, prepared.Outcome);
        Assert.Equal(SnapshotReader.Read(council.Weeks[0]).Allocations.Count, ingested.Snapshot.Allocations);
        Assert.True(delivery!.Sent > 0);
        var expected = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(SnapshotReader.Read(council.Weeks[0])), Policy.Default);
        Assert.Equal(expected.Totals, prepared.Evaluation!.Evaluation.Totals);
        Assert.Equal(expected.Workers.Select(w => (w.WorkerId, w.Band)), prepared.Evaluation.Evaluation.Workers.Select(w => (w.WorkerId, w.Band)));
    }

    /// <summary>Under the default policy, which counts cases: SSD has no families (each child is its own), so a policy counting families would count the twin's siblings once and the SSD's apart.</summary>
    private static CaseloadEvaluation Evaluate(Snapshot snapshot) => CaseloadEvaluation.Evaluate(CaseloadSummary.Of(snapshot), Policy.Default);

    private static SnapshotFigures Figures(Snapshot snapshot)
    {
        var caseloads = CaseloadSummary.Of(snapshot);
        return new SnapshotFigures(caseloads, CaseloadEvaluation.Evaluate(caseloads, Policy.Default), ChildCounts.Of(snapshot, WorkingDays.EnglandAndWales), null);
    }

    private static string Json(CaseloadEvaluation evaluation)
    {
        using var stream = new MemoryStream();
        EvaluationJson.Write(evaluation, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
