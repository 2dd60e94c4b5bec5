using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Notifications;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Ingest, the weekly job and sending, through a proxy that fails a seeded share of Table Storage requests (503,
/// 500, dropped answers, slow answers): each ends with exactly what a fault-free run stores and sends, or fails
/// loudly and completes when run again.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class FaultInjectionTests(AzuriteFixture azurite) : IDisposable
{
    private readonly CouncilFolders council = new(weeks: 3, workers: 25, seed: 9);

    public void Dispose() => council.Dispose();

    private sealed record Outcome(List<string> Evaluations, List<string> Emails, List<int> Sent, int Reruns);

    private async Task<Outcome> RunAllAsync(ReportingStorage tables, string outbox)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
        var job = new WeeklyJob(tables, new OutboxSender(outbox, MailboxAddress.Parse("reports@council.example"), clock), new WeeklyJobOptions { FallbackTo = "fallback@council.example" }, clock);
        var reruns = 0;
        var evaluations = new List<string>();
        var sent = new List<int>();
        foreach (var folder in council.Weeks)
        {
            var week = IsoWeek.Of(SnapshotReader.Read(folder).AsOf);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await new IngestJob(tables, clock).IngestFolderAsync(folder, null);
                    var run = await job.RunAsync(week);
                    if (run.Outcome is WeeklyOutcome.Evaluated or WeeklyOutcome.AlreadyEvaluated && run.Delivery.Failed.Count == 0)
                    {
                        break;
                    }

                    // Another "instance" (this run's own lost answer) holds the week: wait out its lease, as the next timer would.
                    clock.Advance(EvaluationStore.Lease + TimeSpan.FromMinutes(1));
                }
                catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException && attempt < 5)
                {
                    clock.Advance(EvaluationStore.Lease + TimeSpan.FromMinutes(1));
                }

                reruns++;
            }

            var stored = await new EvaluationStore(tables, clock).LoadAsync(week);
            using var json = new MemoryStream();
            EvaluationJson.Write(stored!.Evaluation, json);
            evaluations.Add(Encoding.UTF8.GetString(json.ToArray()));
            sent.Add((await new NotificationLedger(tables, clock).ListAsync(week.ToString())).Count(e => e.Status == "sent"));
        }

        var emails = Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(outbox, f)).Order(StringComparer.Ordinal).ToList();
        return new Outcome(evaluations, emails, sent, reruns);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1234)]
    [InlineData(42)]
    public async Task Under_storage_faults_the_weeks_end_as_a_fault_free_run_leaves_them(int seed)
    {
        var clean = await RunAllAsync(await azurite.TablesAsync(), Path.Combine(council.Root, "clean"));
        await using var proxy = await FaultyProxy.StartAsync(new Uri(azurite.ConnectionString.Split("TableEndpoint=")[1].TrimEnd(';')), seed);
        var faulty = await ReportingStorage.ConnectAsync(new ReportingStorageOptions
        {
            Storage = proxy.Through(azurite.ConnectionString),
            TablePrefix = $"f{Guid.NewGuid():N}"[..11],
            RetryDelay = TimeSpan.FromMilliseconds(20),
        });

        var underFaults = await RunAllAsync(faulty, Path.Combine(council.Root, "faulty"));

        Assert.True(proxy.Failed.Where(f => f.Key != "none").Sum(f => f.Value) > 10, $"too few faults injected: {string.Join(", ", proxy.Failed)}");
        Assert.True(proxy.Failed.GetValueOrDefault("drop") > 0, "no dropped answers injected");
        Assert.Equal(clean.Evaluations, underFaults.Evaluations);
        Assert.Equal(clean.Emails, underFaults.Emails);
        Assert.Equal(clean.Sent, underFaults.Sent);
    }

    [Theory]
    // Cut points spread over the run's storage requests (about 20 for this council): the claim, the stored
    // evaluation, and the sends, each held, made and recorded.
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(17)]
    public async Task A_weekly_job_cut_off_at_any_point_and_run_again_ends_as_a_clean_run(int requests)
    {
        var folder = council.Weeks[0];
        var week = IsoWeek.Of(SnapshotReader.Read(folder).AsOf);
        var clean = await WeekAsync(await azurite.TablesAsync(), Path.Combine(council.Root, "clean"), null, folder, week);
        await using var proxy = await FaultyProxy.StartAsync(new Uri(azurite.ConnectionString.Split("TableEndpoint=")[1].TrimEnd(';')), seed: 1);
        proxy.FailureRate = 0;
        var tables = await ReportingStorage.ConnectAsync(new ReportingStorageOptions
        {
            Storage = proxy.Through(azurite.ConnectionString),
            TablePrefix = $"k{Guid.NewGuid():N}"[..11],
            RetryDelay = TimeSpan.FromMilliseconds(5),
        });

        var cut = await WeekAsync(tables, Path.Combine(council.Root, $"cut{requests}"), proxy, folder, week, cutAfter: requests);

        Assert.Equal(clean, cut);
    }

    /// <summary>Ingests and runs one week; with a cut, the run dies after that many storage requests and is run again once the leases have lapsed.</summary>
    private static async Task<(string Evaluation, string Emails, int Sent)> WeekAsync(ReportingStorage tables, string outbox, FaultyProxy? proxy, string folder, IsoWeek week, int? cutAfter = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
        WeeklyJob Job() => new(tables, new OutboxSender(outbox, MailboxAddress.Parse("reports@council.example"), clock), new WeeklyJobOptions { FallbackTo = "fallback@council.example" }, clock);
        await new IngestJob(tables, clock).IngestFolderAsync(folder, null);
        if (proxy is not null)
        {
            proxy.CutAfter = cutAfter;
            try
            {
                // The run dies however the cut finds it: an exception, or a run that could not record what it sent.
                await Job().RunAsync(week);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException or AggregateException)
            {
            }

            Assert.True(proxy.Failed.GetValueOrDefault("cut") > 0, "the cut did not happen");
            proxy.CutAfter = null;
            clock.Advance(EvaluationStore.Lease + TimeSpan.FromMinutes(1));
        }

        var run = await Job().RunAsync(week);
        Assert.Empty(run.Delivery.Failed);
        var stored = await new EvaluationStore(tables, clock).LoadAsync(week);
        using var json = new MemoryStream();
        EvaluationJson.Write(stored!.Evaluation, json);
        var emails = string.Join('\n', Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(outbox, f)).Order(StringComparer.Ordinal));
        var sent = (await new NotificationLedger(tables, clock).ListAsync(week.ToString())).Count(e => e.Status == "sent");
        return (Encoding.UTF8.GetString(json.ToArray()), emails, sent);
    }
}
