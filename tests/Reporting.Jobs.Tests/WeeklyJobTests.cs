using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Cli;
using Caseload.Reporting.Channels;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Storage.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

[Collection(AzuriteTests.Name)]
public class WeeklyJobTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

    /// <summary>The jobs over fresh storage holding the council's first week, and that week.</summary>
    private async Task<(TestReporting Reporting, IsoWeek Week)> IngestedAsync(CouncilFolders council, EmailSender? sender = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var reporting = MemoryReporting.Create(clock, council.Outbox, sender, settings);
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        return (reporting, WeekOf(council.Weeks[0]));
    }

    private static IsoWeek WeekOf(string folder) => IsoWeek.Of(SnapshotReader.Read(folder).AsOf);

    private static string[] Emails(string outbox, IsoWeek week) =>
        Directory.Exists(Path.Combine(outbox, week.ToString())) ? Directory.GetFiles(Path.Combine(outbox, week.ToString()), "*.eml") : [];

    /// <summary>Runs the job, moving the clock on while retries wait on it.</summary>

    [Fact]
    public async Task Weeks_ingested_and_run_in_order_show_what_evaluating_the_files_in_order_says()
    {
        using var council = new CouncilFolders(weeks: 5);
        await using var reporting = azurite.Reporting(clock, council.Outbox);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(reporting.Settings) { ["Reporting:Storage"] = azurite.ConnectionString }).Build();

        CaseloadEvaluation? previous = null;
        var history = new List<SnapshotBreaches>();
        foreach (var folder in council.Weeks)
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
            var week = WeekOf(folder);
            Assert.Equal(WeeklyOutcome.Prepared, (await reporting.Job<WeeklyJob>().RunAsync(week)).Preparation.Outcome);

            // The files in order, each breach as old as the weeks before say.
            previous = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(SnapshotReader.Read(folder)), Policy.Default, previous, history: new BreachHistory(history));
            history.Add(SnapshotBreaches.Of(previous));
            using var expected = new MemoryStream();
            EvaluationJson.Write(previous, expected, stored: true);
            using var shown = new MemoryStream();
            Assert.Equal(0, ReportingCli.Run(["show-week", "--week", week.ToString(), "--format", "json"], shown, TextWriter.Null, settings));
            Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(shown.ToArray()));
        }

        Assert.Contains(previous!.Workers, w => w.Status == BreachStatus.Continuing && w.WeeksInBreach == 5);
        Assert.Contains(previous.Workers, w => w.Status == BreachStatus.Resolved);
    }

    [Fact]
    public async Task Run_weekly_on_a_week_another_run_holds_says_since_when_exits_75_and_runs_it_once_that_run_gives_it_up()
    {
        using var council = new CouncilFolders(weeks: 1);
        await using var reporting = azurite.Reporting(clock, council.Outbox);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(reporting.Settings) { ["Reporting:Storage"] = azurite.ConnectionString }).Build();
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var week = WeekOf(council.Weeks[0]);
        var runs = (await reporting.StoresAsync()).Runs;
        var (_, other) = await runs.ClaimAsync(week, WeeklyJob.Work);
        clock.Advance(TimeSpan.FromSeconds(12));

        using var stderr = new StringWriter();
        var busy = ReportingCli.Run(["run-weekly", "--week", week.ToString()], new MemoryStream(), stderr, settings, clock);
        var sentWhileBusy = Emails(council.Outbox, week).Length;
        await runs.ReleaseAsync(other!);
        var after = ReportingCli.Run(["run-weekly", "--week", week.ToString()], new MemoryStream(), TextWriter.Null, settings, clock);

        Assert.Equal(75, busy);
        Assert.Contains($"{week}: another run has been preparing it since {other!.ClaimedAt:HH:mm:ss} UTC (12 s ago)", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, sentWhileBusy);
        Assert.Equal(0, after);
        Assert.NotEmpty(Emails(council.Outbox, week));
    }

    [Fact]
    public async Task Run_weekly_catch_up_runs_every_week_missed_since_the_last_evaluated_oldest_first()
    {
        using var council = new CouncilFolders(weeks: 3);
        await using var reporting = azurite.Reporting(clock, council.Outbox);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(reporting.Settings) { ["Reporting:Storage"] = azurite.ConnectionString }).Build();
        var weeks = council.Weeks.Select(WeekOf).ToList();
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        Assert.Equal(0, ReportingCli.Run(["run-weekly", "--week", weeks[0].ToString()], new MemoryStream(), TextWriter.Null, settings, clock));
        foreach (var folder in council.Weeks.Skip(1))
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
        }

        using var stdout = new MemoryStream();
        var exit = ReportingCli.Run(["run-weekly", "--week", weeks[2].ToString(), "--catch-up"], stdout, TextWriter.Null, settings, clock);

        Assert.Equal(0, exit);
        var lines = Encoding.UTF8.GetString(stdout.ToArray()).Split('\n').Where(l => l.Contains("evaluated and prepared", StringComparison.Ordinal)).ToList();
        Assert.Equal([weeks[1].ToString(), weeks[2].ToString()], lines.Select(l => l[..8]));
        var last = (await reporting.Job<WeeklyJob>().ShowAsync(weeks[2]))!.Evaluation;
        Assert.Contains(last.Workers, w => w.Status == BreachStatus.Continuing && w.WeeksInBreach == 3);
        Assert.NotEmpty(Emails(council.Outbox, weeks[1]));
    }

    [Fact]
    public async Task Every_team_manager_and_head_of_service_gets_one_email_a_week_and_a_rerun_sends_nothing()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (reporting, week) = await IngestedAsync(council);
        await using var _ = reporting;
        var snapshot = SnapshotReader.Read(council.Weeks[0]);

        var first = await reporting.Job<WeeklyJob>().RunAsync(week);
        var files = Emails(council.Outbox, week).ToDictionary(f => f, File.ReadAllText);
        clock.Advance(TimeSpan.FromHours(2));
        var second = await reporting.Job<WeeklyJob>().RunAsync(week);

        var managers = snapshot.Teams.Select(t => t.ManagerId).Distinct().Count();
        var heads = snapshot.Teams.Select(t => t.HeadOfServiceEmail).Distinct().Count();
        Assert.Equal(managers + heads, first.Delivery!.Sent);
        Assert.Equal(managers + heads, files.Count);
        Assert.Equal(WeeklyOutcome.AlreadyPrepared, second.Preparation.Outcome);
        Assert.Equal((0, managers + heads), (second.Delivery!.Sent, second.Delivery.AlreadySent));
        Assert.Equal((first.Preparation.Evaluation!.SnapshotId, first.Preparation.Evaluation.EvaluatedAt), (second.Preparation.Evaluation!.SnapshotId, second.Preparation.Evaluation.EvaluatedAt));
        Assert.Equal(first.Preparation.Evaluation.Evaluation.Workers, second.Preparation.Evaluation.Evaluation.Workers);
        Assert.Equal(files, Emails(council.Outbox, week).ToDictionary(f => f, File.ReadAllText));
        Assert.Equal(managers + heads, (await reporting.Job<DeliveryJob>().ListAsync(week)).Count(e => e.Status == DeliveryStatus.Sent));
        Assert.All(files.Values, text => Assert.DoesNotMatch("\\b[0-9]{7}\\b", text.Split("\n\n", 2)[1]));
    }

    [Fact]
    public async Task Two_runs_of_a_week_at_once_make_one_result_and_send_each_email_once()
    {
        using var council = new CouncilFolders(weeks: 1);
        var counting = new CountingSender(new OutboxSender(council.Outbox));
        var (reporting, week) = await IngestedAsync(council, counting);
        await using var _ = reporting;

        var runs = await Task.WhenAll(reporting.Job<WeeklyJob>().RunAsync(week), reporting.Job<WeeklyJob>().RunAsync(week));

        Assert.Single(runs, r => r.Preparation.Outcome == WeeklyOutcome.Prepared);
        Assert.Equal(Emails(council.Outbox, week).Length, counting.Sent.Count);
        Assert.Equal(counting.Sent.Count, counting.Sent.Distinct().Count());
    }

    [Fact]
    public async Task A_run_that_died_holding_a_week_is_taken_over_once_its_lease_runs_out()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (reporting, week) = await IngestedAsync(council);
        await using var _ = reporting;
        var (claimed, _) = await (await reporting.StoresAsync()).Runs.ClaimAsync(week, "weekly");

        var whileHeld = await reporting.Job<WeeklyJob>().RunAsync(week);
        clock.Advance(PeriodRuns.Lease + TimeSpan.FromMinutes(1));
        var afterLease = await reporting.Job<WeeklyJob>().RunAsync(week);

        Assert.Equal(RunClaimOutcome.Claimed, claimed);
        Assert.Equal(WeeklyOutcome.Busy, whileHeld.Preparation.Outcome);
        Assert.Equal(WeeklyOutcome.Prepared, afterLease.Preparation.Outcome);
        Assert.NotEmpty(Emails(council.Outbox, week));
    }

    [Fact]
    public async Task The_latest_snapshot_in_or_before_the_week_is_used_and_stale_data_is_said_to_be_stale()
    {
        using var council = new CouncilFolders(weeks: 2);
        await using var reporting = MemoryReporting.Create(clock, council.Outbox);
        foreach (var folder in council.Weeks)
        {
            await reporting.Job<IngestJob>().IngestFolderAsync(folder, null);
        }

        var lastAsOf = SnapshotReader.Read(council.Weeks[1]).AsOf;
        var fortnightLater = IsoWeek.Of(lastAsOf.PlusWeeks(2));
        var run = (await reporting.Job<WeeklyJob>().RunAsync(fortnightLater)).Preparation;

        Assert.Equal(lastAsOf, run.Evaluation!.Evaluation.AsOf);
        Assert.Equal(fortnightLater, run.Evaluation.Evaluation.Week);
        Assert.Equal(14, run.StaleDays);
        Assert.All(Emails(council.Outbox, fortnightLater), f =>
        {
            var message = MimeKit.MimeMessage.Load(f);
            Assert.Contains("stale data: this data was taken 14 days before the week began", message.TextBody, StringComparison.Ordinal);
            Assert.Contains("this data was taken 14 days before the week began", message.HtmlBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_week_without_a_snapshot_is_not_held_and_runs_once_one_arrives()
    {
        using var council = new CouncilFolders(weeks: 1);
        await using var reporting = MemoryReporting.Create(clock, council.Outbox);
        var week = WeekOf(council.Weeks[0]);

        var early = await reporting.Job<WeeklyJob>().RunAsync(week);
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var later = await reporting.Job<WeeklyJob>().RunAsync(week);

        Assert.Equal(WeeklyOutcome.NoSnapshot, early.Preparation.Outcome);
        Assert.Null(early.Delivery);
        Assert.Equal(WeeklyOutcome.Prepared, later.Preparation.Outcome);
    }

    [Fact]
    public async Task A_team_without_a_manager_goes_to_the_fallback_and_an_all_clear_team_still_hears()
    {
        using var folder = new SnapshotFolder(
            teams: "team_id,name,team_type,manager_id,service,head_of_service_email\nT1,Chatham Assessment Team,assessment,M1,Front Door,hos@council.example\nT2,Strood Adolescent Team,adolescent,,Front Door,hos@council.example\n",
            workers: "worker_id,name,email,team_id,role,fte\nM1,Mina Manager,mina@council.example,T1,team_manager,1\nW1,Wendy Worker,wendy@council.example,T1,social_worker,1\nW2,Will Worker,will@council.example,T2,social_worker,1\n",
            allocations: "child_id,worker_id,team_id,case_type,allocated_on\n" + string.Concat(Enumerable.Range(0, 17).Select(i => $"41{i:D5},W2,,cin,\n")) + "4200001,,T1,assessment,2026-11-09\n");
        var outbox = Path.Combine(folder.Path, "outbox");
        await using var reporting = MemoryReporting.Create(clock, outbox);
        await reporting.Job<IngestJob>().IngestFolderAsync(folder.Path, null);

        var run = await reporting.Job<WeeklyJob>().RunAsync(new IsoWeek(2026, 47));

        Assert.Equal(3, run.Delivery!.Sent);
        var emails = Directory.GetFiles(Path.Combine(outbox, "2026-W47")).ToDictionary(f => Path.GetFileName(f), f => MimeKit.MimeMessage.Load(f));
        var manager = emails["team_manager-mina@council.example.eml"];
        Assert.Equal("Chatham Assessment Team: no one over caseload limit, week 47", manager.Subject);
        Assert.Contains("No one in the team is over their caseload limit.", manager.TextBody, StringComparison.Ordinal);
        Assert.Contains("No one in the team is over their caseload limit.", manager.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Unallocated: 1 child; the longest has waited since 9 Nov 2026 (7 days).", manager.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Will Worker", manager.TextBody + manager.HtmlBody, StringComparison.Ordinal);
        var fallback = emails["team_manager-fallback@council.example.eml"];
        Assert.Contains("Will Worker: caseload 17 against a limit of 15, over by 2 (amber), at least 1 week — over since the data began on 16 Nov 2026", fallback.TextBody, StringComparison.Ordinal);
        var rollUp = emails["service_roll_up-hos@council.example.eml"];
        Assert.Contains("Front Door", rollUp.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Wendy Worker", rollUp.TextBody + rollUp.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_that_cannot_be_an_address_fails_that_recipient_alone_visibly_and_for_good()
    {
        // The manager's address is refused at preparation and their team's email goes to the fallback; the head of
        // service's address is the roll-up's only address, so that recipient fails alone.
        using var folder = new SnapshotFolder(
            teams: "team_id,name,team_type,manager_id,service,head_of_service_email\nT1,Chatham Assessment Team,assessment,M1,Front Door,hos@@council.example\nT2,Strood Adolescent Team,adolescent,M2,Front Door,\n",
            workers: "worker_id,name,email,team_id,role,fte\nM1,Mina Manager,jo@council.example@x,T1,team_manager,1\nM2,Mo Manager,mo@council.example,T2,team_manager,1\nW1,Wendy Worker,wendy@council.example,T1,social_worker,1\n",
            allocations: "child_id,worker_id,team_id,case_type\n4100001,W1,,cin\n");
        var outbox = Path.Combine(folder.Path, "outbox");
        await using var reporting = MemoryReporting.Create(clock, outbox);
        await reporting.Job<IngestJob>().IngestFolderAsync(folder.Path, null);
        var week = new IsoWeek(2026, 47);

        var first = await reporting.Job<WeeklyJob>().RunAsync(week);
        var second = await reporting.Job<WeeklyJob>().RunAsync(week);

        Assert.Equal(["T1"], first.Preparation.Rerouted);
        var refused = Assert.Single(first.Preparation.Notifications.Refused);
        Assert.Equal(NotificationKind.ServiceRollUp, refused.Key.Kind);
        Assert.Contains("not an email address", refused.LastError, StringComparison.Ordinal);
        Assert.Equal(2, first.Delivery!.Sent);
        Assert.Single(first.Delivery.NotSent, d => d.Outcome == DeliveryOutcome.Failed);
        Assert.Equal(["team_manager-fallback@council.example.eml", "team_manager-mo@council.example.eml"], Directory.GetFiles(Path.Combine(outbox, "2026-W47")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal((0, 2), (second.Delivery!.Sent, second.Delivery.AlreadySent));
        Assert.Single(second.Delivery.NotSent, d => d.Outcome == DeliveryOutcome.Failed);
        var ledger = await reporting.Job<DeliveryJob>().ListAsync(week);
        Assert.Equal(DeliveryStatus.Failed, ledger.Single(r => r.Key.Kind == NotificationKind.ServiceRollUp).Status);
    }

    [Fact]
    public async Task A_send_that_fails_is_retried_and_recorded_once()
    {
        using var council = new CouncilFolders(weeks: 1);
        var flaky = new FlakySender(new OutboxSender(council.Outbox), failuresEach: 2);
        var (reporting, week) = await IngestedAsync(council, flaky);
        await using var _ = reporting;

        var run = await clock.Waiting(reporting.Job<WeeklyJob>().RunAsync(week));

        Assert.Empty(run.Delivery!.NotSent);
        Assert.Equal(Emails(council.Outbox, week).Length, run.Delivery.Sent);
        Assert.Equal(3 * run.Delivery.Sent, flaky.Attempts);
        Assert.All(await reporting.Job<DeliveryJob>().ListAsync(week), r => Assert.Equal((DeliveryStatus.Sent, 3), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task A_send_that_keeps_failing_is_released_and_the_next_run_sends_it()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (reporting, week) = await IngestedAsync(council, new FlakySender(new OutboxSender(council.Outbox), failuresEach: int.MaxValue));
        await using var _ = reporting;
        var failing = await clock.Waiting(reporting.Job<WeeklyJob>().RunAsync(week));

        await using var next = MemoryReporting.Create(clock, council.Outbox, settings: reporting.Settings, storage: (await reporting.StoresAsync()).Storage);
        var sent = await next.Job<DeliveryJob>().DeliverPeriodAsync(week);

        Assert.Equal(0, failing.Delivery!.Sent);
        Assert.All(failing.Delivery.NotSent, d => Assert.Equal(DeliveryOutcome.NotSent, d.Outcome));
        Assert.Equal(failing.Delivery.NotSent.Count, sent.Sent);
        Assert.Equal(sent.Sent, Emails(council.Outbox, week).Length);
    }

    [Fact]
    public async Task A_run_that_dies_mid_send_leaves_the_email_in_flight_never_already_sent_and_any_run_sends_it_after_the_lease()
    {
        using var council = new CouncilFolders(weeks: 1);
        using var dying = new CancellationTokenSource();
        var (reporting, week) = await IngestedAsync(council, new DyingSender(dying));
        await using var _ = reporting;

        // The run is killed while sending its first email: the hold is left with its lease.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reporting.Job<WeeklyJob>().RunAsync(week, dying.Token));
        await using var rerun = MemoryReporting.Create(clock, council.Outbox, settings: reporting.Settings, storage: (await reporting.StoresAsync()).Storage);
        var during = await rerun.Job<DeliveryJob>().DeliverPeriodAsync(week);
        clock.Advance(TimeSpan.FromSeconds(601));
        var after = await rerun.Job<DeliveryJob>().DeliverPeriodAsync(week);

        // The dying run held its first bundle of emails at once: each is in flight until the lease ends, none is
        // "already sent". Emails of a bundle it never reached (composition makes one per core) go at once.
        var held = during.Deliveries.Where(d => d.Outcome == DeliveryOutcome.InFlight).Select(d => d.Key.ToString()).Order().ToList();
        Assert.Equal(0, during.AlreadySent);
        Assert.NotEmpty(held);
        Assert.All(during.Deliveries, d => Assert.Contains(d.Outcome, new[] { DeliveryOutcome.InFlight, DeliveryOutcome.Sent }));
        Assert.Equal(held, after.Deliveries.Where(d => d.Outcome == DeliveryOutcome.Sent).Select(d => d.Key.ToString()).Order());
        Assert.Equal(Emails(council.Outbox, week).Length, during.Sent + after.Sent);
        Assert.All(await rerun.Job<DeliveryJob>().ListAsync(week), r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    /// <summary>The real outbox, counting what is sent through it.</summary>
    private sealed class CountingSender(EmailSender inner) : EmailSender
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Sent { get; } = [];

        public override string Destination => inner.Destination;

        public override async Task<string> SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
        {
            Sent.Add(email.IdempotencyKey);
            return await inner.SendAsync(email, cancellationToken);
        }
    }

    /// <summary>The real outbox behind a transport that fails the first attempts at each email.</summary>
    private sealed class FlakySender(EmailSender inner, int failuresEach) : EmailSender
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> failures = [];
        private int attempts;

        public int Attempts => attempts;

        public override string Destination => inner.Destination;

        public override Task<string> SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref attempts);
            if (failures.AddOrUpdate(email.IdempotencyKey, 1, (_, failed) => failed + 1) <= failuresEach)
            {
                throw SendFailedException.Transient("the mail transport is unavailable");
            }

            return inner.SendAsync(email, cancellationToken);
        }
    }

    /// <summary>A transport during which the process dies: the run is cancelled mid-send.</summary>
    private sealed class DyingSender(CancellationTokenSource process) : EmailSender
    {
        public override string Destination => "nowhere";

        public override Task<string> SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
        {
            process.Cancel();
            throw new OperationCanceledException(process.Token);
        }
    }
}

/// <summary>A snapshot folder written by the test.</summary>
internal sealed class SnapshotFolder : IDisposable
{
    public SnapshotFolder(string teams, string workers, string allocations, string asOf = "2026-11-16")
    {
        Directory.CreateDirectory(Path);
        File.WriteAllText(System.IO.Path.Combine(Path, "teams.csv"), teams);
        File.WriteAllText(System.IO.Path.Combine(Path, "workers.csv"), workers);
        File.WriteAllText(System.IO.Path.Combine(Path, "allocations.csv"), allocations);
        File.WriteAllText(System.IO.Path.Combine(Path, "snapshot.json"), $$"""{"asOf": "{{asOf}}"}""");
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
