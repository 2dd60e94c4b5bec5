using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Retention;
using Caseload.Reporting.Jobs.StaffData;
using Caseload.Reporting.Jobs.Weekly;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A worker's erasure, and staff retention, cut off at any point (every storage request after the cut dropped, as if
/// the process had died) and run again: each ends exactly as a run that was never cut.
/// </summary>
public sealed class StaffDataFaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly CouncilFolders council = new(weeks: 3, workers: 25, seed: 9);

    public void Dispose() => council.Dispose();

    private static readonly Dictionary<string, (string State, string Worker, int Requests)> CleanRuns = [];

    private static Dictionary<string, string?> FastRetries => new() { ["Reporting:StorageRetryDelay"] = "00:00:00.004" };

    [Theory]
    // Cut points over a clean erasure's storage requests, in eighths: the rosters read, the weeks read, the messages
    // read, withdrawn and erased, the weeks written, the actions re-keyed.
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public async Task An_erasure_cut_off_at_any_point_and_run_again_ends_as_a_clean_one(int eighths)
    {
        var (clean, cut) = await CutAsync("erasure", eighths, (reporting, worker) => reporting.Job<WorkerErasureJob>().RunAsync(worker));

        Assert.Equal(clean, cut);
    }

    [Theory]
    // Cut points over a clean staff retention's storage requests: the ledger read, messages withdrawn, bodies
    // deleted, rows let go; the weeks pseudonymised and marked; the actions.
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public async Task Staff_retention_cut_off_at_any_point_and_run_again_ends_as_a_clean_one(int eighths)
    {
        var (clean, cut) = await CutAsync("retention", eighths, (reporting, _) => reporting.Job<RetentionJob>().StaffAsync(new LocalDate(2027, 3, 1), 90, apply: true));

        Assert.Equal(clean, cut);
    }

    /// <summary>
    /// The council twice, each in storage of its own behind one cut: the step run clean on the first; on the second,
    /// cut after that share of the clean run's requests, then run again. Returns what each ended with. The clean run
    /// of a step is the same for every cut point (the same council, clock and step, the same 65 or 52 requests): it
    /// is run once, by the first of its cut points.
    /// </summary>
    private async Task<(string Clean, string Cut)> CutAsync(string kind, int eighths, Func<TestReporting, string, Task> step)
    {
        await using var tables = await FaultyProxy.StartAsync(Endpoint("TableEndpoint"), seed: 31);
        await using var blobs = await FaultyProxy.StartAsync(Endpoint("BlobEndpoint"), seed: 32, tables.Cut);
        tables.FailureRate = blobs.FailureRate = 0;
        var storage = blobs.Through(tables.Through(azurite.ConnectionString));

        if (!CleanRuns.TryGetValue(kind, out var clean))
        {
            var (reporting, worker) = await CouncilAsync("clean", storage);
            await using (reporting)
            {
                var before = tables.Cut.Requests;
                await step(reporting, worker);
                var requests = tables.Cut.Requests - before;
                clean = (await StateAsync(reporting, worker), worker, requests);
            }

            CleanRuns[kind] = clean;
        }

        var (cut, same) = await CouncilAsync($"cut{eighths}", storage);
        await using var _ = cut;
        tables.Cut.After = tables.Cut.Requests + Math.Max(1, clean.Requests * eighths / 8);
        try
        {
            await step(cut, same);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or InvalidOperationException or AggregateException or Storage.StorageUnavailableException or TaskCanceledException or HttpRequestException)
        {
        }

        Assert.True(tables.Cut.Requests > tables.Cut.After, "the cut did not happen");
        tables.Cut.After = null;
        await step(cut, same);

        Assert.True(clean.Requests > 20, $"a clean run made only {clean.Requests} storage requests");
        Assert.Equal(clean.Worker, same);
        return (clean.State, await StateAsync(cut, same));
    }

    /// <summary>Three weeks run, the last only prepared; an action with a note on a worker over their limit in the second. Returns the worker.</summary>
    private async Task<(TestReporting Reporting, string Worker)> CouncilAsync(string name, string storage)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 7, 7, 0, 0, TimeSpan.Zero));
        var reporting = azurite.Reporting(clock, Path.Combine(council.Root, name), settings: FastRetries, storage: storage);
        string? worker = null;
        foreach (var folder in council.Weeks)
        {
            var asOf = SnapshotReader.Read(folder).AsOf;
            clock.SetUtcNow(new DateTimeOffset(asOf.ToDateTimeUnspecified().AddHours(7), TimeSpan.Zero));
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
            if (folder == council.Weeks[^1])
            {
                await reporting.Job<WeeklyJob>().PrepareAsync(IsoWeek.Of(asOf));
                continue;
            }

            var (prepared, _) = await reporting.Job<WeeklyJob>().RunAsync(IsoWeek.Of(asOf));
            if (folder == council.Weeks[^2])
            {
                worker = prepared.Evaluation!.Evaluation.Workers.First(w => w.InBreach).WorkerId;
                var recorded = await reporting.Job<ActionJob>().RecordOnBehalfAsync(IsoWeek.Of(asOf), worker, "support", $"{asOf.PlusWeeks(2):yyyy-MM-dd}", null, "Co-working two cases", "manager@council.example");
                Assert.Empty(recorded.Problems);
            }
        }

        return (reporting, worker!);
    }

    /// <summary>Everything erasure and retention change, with the store's own pseudonyms and places written alike.</summary>
    private static async Task<string> StateAsync(TestReporting reporting, string worker)
    {
        var stores = await reporting.StoresAsync();
        var pseudonyms = await stores.PseudonymKey.GetAsync();
        var state = new StringBuilder();
        foreach (var week in await stores.Evaluations.ListAsync())
        {
            var evaluation = (await stores.Evaluations.LoadAsync(week.Week))!.Evaluation;
            using var json = new MemoryStream();
            EvaluationJson.Write(evaluation, json);
            var text = Encoding.UTF8.GetString(json.ToArray());
            foreach (var w in evaluation.Workers.Where(w => Staff.StaffPseudonyms.IsPseudonymName(w.Name) || Staff.StaffPseudonyms.IsPseudonymId(w.WorkerId)))
            {
                var original = w.WorkerId == pseudonyms.Of(worker).WorkerId ? worker : w.WorkerId;
                text = text.Replace(w.Name, $"<name of {original}>", StringComparison.Ordinal).Replace(w.WorkerId, $"<id of {original}>", StringComparison.Ordinal);
            }

            state.AppendLine(text.Replace(pseudonyms.OfAddress("manager@council.example"), "<pseudonym of the manager>", StringComparison.Ordinal));
        }

        foreach (var period in await stores.Ledger.PeriodsAsync())
        {
            foreach (var record in (await stores.Ledger.ListAsync(period)).OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
            {
                state.AppendLine(System.FormattableString.Invariant($"{period} {record.Key} {record.Status} {record.Content.Length == 0} {record.LastError}"));
            }

            await foreach (var message in reporting.Job<StoredMessages>().ReadAsync(stores, period))
            {
                state.AppendLine(System.FormattableString.Invariant($"{period} {message.Record.Key} {(message.Erased ? "erased" : message.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
            }
        }

        foreach (var action in (await stores.Actions.AboutAsync(worker, [])).Concat(await stores.Actions.AboutAsync(pseudonyms.Of(worker).WorkerId, [])))
        {
            state.AppendLine(System.FormattableString.Invariant($"{action.Action.Breach.Since} {action.Action.Breach.WorkerId == worker} {action.Action.Kind} {action.Action.Note} {Staff.StaffPseudonyms.IsPseudonymAddress(action.Action.RecordedBy)}"));
        }

        return state.ToString();
    }

    private Uri Endpoint(string name) => new(azurite.ConnectionString.Split($"{name}=")[1].Split(';')[0]);
}
