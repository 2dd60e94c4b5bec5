using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Cli;
using Caseload.Reporting.Email;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

[Collection(AzuriteTests.Name)]
public class WeeklyJobTests(AzuriteFixture azurite)
{
    private const string Fallback = "fallback@council.example";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

    private WeeklyJob Job(ReportingStorage tables, EmailSender sender) => new(tables, sender, new WeeklyJobOptions { FallbackTo = Fallback }, clock);

    private OutboxSender Outbox(CouncilFolders council) => new(council.Outbox, MimeKit.MailboxAddress.Parse("reports@council.example"), clock);

    /// <summary>Fresh tables holding the council's first week, and that week.</summary>
    private async Task<(ReportingStorage Tables, IsoWeek Week)> IngestedAsync(CouncilFolders council)
    {
        var tables = await azurite.TablesAsync();
        await new IngestJob(tables, clock).IngestFolderAsync(council.Weeks[0], null);
        return (tables, WeekOf(council.Weeks[0]));
    }

    private static IsoWeek WeekOf(string folder) => IsoWeek.Of(SnapshotReader.Read(folder).AsOf);

    private static string[] Emails(string outbox, IsoWeek week) =>
        Directory.Exists(Path.Combine(outbox, week.ToString())) ? Directory.GetFiles(Path.Combine(outbox, week.ToString()), "*.eml") : [];

    [Fact]
    public async Task Weeks_ingested_and_run_in_order_show_what_evaluating_the_files_in_order_says()
    {
        using var council = new CouncilFolders(weeks: 5);
        var tables = await azurite.TablesAsync();
        var job = Job(tables, Outbox(council));
        var prefix = tables.Snapshots.Name[..^"Snapshots".Length];
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reporting:Storage"] = azurite.ConnectionString,
            ["Reporting:TablePrefix"] = prefix,
        }).Build();

        CaseloadEvaluation? previous = null;
        foreach (var folder in council.Weeks)
        {
            await new IngestJob(tables, clock).IngestFolderAsync(folder, null);
            var week = WeekOf(folder);
            Assert.Equal(WeeklyOutcome.Evaluated, (await job.RunAsync(week)).Outcome);

            previous = CaseloadEvaluation.Evaluate(CaseloadSummary.Of(SnapshotReader.Read(folder)), Policy.Default, previous);
            using var expected = new MemoryStream();
            EvaluationJson.Write(previous, expected);
            using var shown = new MemoryStream();
            Assert.Equal(0, ReportingCli.Run(["show-week", "--week", week.ToString(), "--format", "json"], shown, TextWriter.Null, settings));
            Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(shown.ToArray()));
        }

        Assert.Contains(previous!.Workers, w => w.Status == BreachStatus.Continuing && w.WeeksInBreach == 5);
        Assert.Contains(previous.Workers, w => w.Status == BreachStatus.Resolved);
    }

    [Fact]
    public async Task Every_team_manager_and_head_of_service_gets_one_email_a_week_and_a_rerun_sends_nothing()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (tables, week) = await IngestedAsync(council);
        var snapshot = SnapshotReader.Read(council.Weeks[0]);

        var first = await Job(tables, Outbox(council)).RunAsync(week);
        var files = Emails(council.Outbox, week).ToDictionary(f => f, File.ReadAllText);
        clock.Advance(TimeSpan.FromHours(2));
        var second = await Job(tables, Outbox(council)).RunAsync(week);

        var managers = snapshot.Teams.Select(t => t.ManagerId).Distinct().Count();
        var heads = snapshot.Teams.Select(t => t.HeadOfServiceEmail).Distinct().Count();
        Assert.Equal(managers + heads, first.Delivery.Sent);
        Assert.Equal(managers + heads, files.Count);
        Assert.Equal(WeeklyOutcome.AlreadyEvaluated, second.Outcome);
        Assert.Equal((0, managers + heads), (second.Delivery.Sent, second.Delivery.AlreadySent));
        Assert.Equal((first.Evaluation!.SnapshotId, first.Evaluation.EvaluatedAt), (second.Evaluation!.SnapshotId, second.Evaluation.EvaluatedAt));
        Assert.Equal(first.Evaluation.Evaluation.Workers, second.Evaluation.Evaluation.Workers);
        Assert.Equal(files, Emails(council.Outbox, week).ToDictionary(f => f, File.ReadAllText));
        Assert.Equal(managers + heads, (await new NotificationLedger(tables, clock).ListAsync(week.ToString())).Count(e => e.Status == "sent"));
        Assert.All(files.Values, text => Assert.DoesNotMatch("\\b[0-9]{7}\\b", text.Split("\n\n", 2)[1]));
    }

    [Fact]
    public async Task Two_runs_of_a_week_at_once_make_one_result_and_send_each_email_once()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (tables, week) = await IngestedAsync(council);
        var counting = new CountingSender(Outbox(council));

        var runs = await Task.WhenAll(Job(tables, counting).RunAsync(week), Job(tables, counting).RunAsync(week));

        Assert.Single(runs, r => r.Outcome == WeeklyOutcome.Evaluated);
        Assert.Equal(Emails(council.Outbox, week).Length, counting.Sent.Count);
        Assert.Equal(counting.Sent.Count, counting.Sent.Distinct().Count());
    }

    [Fact]
    public async Task A_run_that_died_holding_a_week_is_taken_over_once_its_lease_runs_out()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (tables, week) = await IngestedAsync(council);
        var (claimed, _) = await new EvaluationStore(tables, clock).ClaimAsync(week);

        var whileHeld = await Job(tables, Outbox(council)).RunAsync(week);
        clock.Advance(EvaluationStore.Lease + TimeSpan.FromMinutes(1));
        var afterLease = await Job(tables, Outbox(council)).RunAsync(week);

        Assert.Equal(ClaimOutcome.Claimed, claimed);
        Assert.Equal(WeeklyOutcome.Busy, whileHeld.Outcome);
        Assert.Equal(WeeklyOutcome.Evaluated, afterLease.Outcome);
        Assert.NotEmpty(Emails(council.Outbox, week));
    }

    [Fact]
    public async Task The_latest_snapshot_in_or_before_the_week_is_used_and_stale_data_is_said_to_be_stale()
    {
        using var council = new CouncilFolders(weeks: 2);
        var tables = await azurite.TablesAsync();
        foreach (var folder in council.Weeks)
        {
            await new IngestJob(tables, clock).IngestFolderAsync(folder, null);
        }

        var lastAsOf = SnapshotReader.Read(council.Weeks[1]).AsOf;
        var fortnightLater = IsoWeek.Of(lastAsOf.PlusWeeks(2));
        var run = await Job(tables, Outbox(council)).RunAsync(fortnightLater);

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
        var tables = await azurite.TablesAsync();
        var week = WeekOf(council.Weeks[0]);

        var early = await Job(tables, Outbox(council)).RunAsync(week);
        await new IngestJob(tables, clock).IngestFolderAsync(council.Weeks[0], null);
        var later = await Job(tables, Outbox(council)).RunAsync(week);

        Assert.Equal(WeeklyOutcome.NoSnapshot, early.Outcome);
        Assert.Equal(WeeklyOutcome.Evaluated, later.Outcome);
    }

    [Fact]
    public async Task A_team_without_a_manager_goes_to_the_fallback_and_an_all_clear_team_still_hears()
    {
        using var folder = new SnapshotFolder(
            teams: "team_id,name,team_type,manager_id,service,head_of_service_email\nT1,Chatham Assessment Team,assessment,M1,Front Door,hos@council.example\nT2,Strood Adolescent Team,adolescent,,Front Door,hos@council.example\n",
            workers: "worker_id,name,email,team_id,role,fte\nM1,Mina Manager,mina@council.example,T1,team_manager,1\nW1,Wendy Worker,wendy@council.example,T1,social_worker,1\nW2,Will Worker,will@council.example,T2,social_worker,1\n",
            allocations: "child_id,worker_id,team_id,case_type,allocated_on\n" + string.Concat(Enumerable.Range(0, 17).Select(i => $"41{i:D5},W2,,cin,\n")) + "4200001,,T1,assessment,2026-11-09\n");
        var tables = await azurite.TablesAsync();
        await new IngestJob(tables, clock).IngestFolderAsync(folder.Path, null);
        var outbox = Path.Combine(folder.Path, "outbox");

        var run = await Job(tables, new OutboxSender(outbox, MimeKit.MailboxAddress.Parse("reports@council.example"), clock)).RunAsync(new IsoWeek(2026, 47));

        Assert.Equal(3, run.Delivery.Sent);
        var emails = Directory.GetFiles(Path.Combine(outbox, "2026-W47")).ToDictionary(f => Path.GetFileName(f), f => MimeKit.MimeMessage.Load(f));
        var manager = emails["team_manager-mina@council.example.eml"];
        Assert.Equal("Chatham Assessment Team: no one over caseload limit, week 47", manager.Subject);
        Assert.Contains("No one in the team is over their caseload limit.", manager.TextBody, StringComparison.Ordinal);
        Assert.Contains("No one in the team is over their caseload limit.", manager.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Unallocated: 1 children; the longest has waited since 9 Nov 2026 (7 days).", manager.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Will Worker", manager.TextBody + manager.HtmlBody, StringComparison.Ordinal);
        var fallback = emails["team_manager-fallback@council.example.eml"];
        Assert.Contains("Will Worker: caseload 17 against a limit of 15, over by 2 (amber), 1 week(s) over", fallback.TextBody, StringComparison.Ordinal);
        var rollUp = emails["service_roll_up-hos@council.example.eml"];
        Assert.Contains("Front Door", rollUp.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Wendy Worker", rollUp.TextBody + rollUp.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_that_fails_is_retried_and_recorded_once()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (tables, week) = await IngestedAsync(council);
        var flaky = new FlakySender(Outbox(council), failuresEach: 2);

        var running = Job(tables, flaky).RunAsync(week);
        while (!running.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(5);
        }

        var run = await running;
        Assert.Empty(run.Delivery.Failed);
        Assert.Equal(Emails(council.Outbox, week).Length, run.Delivery.Sent);
        Assert.Equal(3 * run.Delivery.Sent, flaky.Attempts);
    }

    [Fact]
    public async Task A_send_that_keeps_failing_is_left_for_the_next_run()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (tables, week) = await IngestedAsync(council);

        var running = Job(tables, new FlakySender(Outbox(council), failuresEach: int.MaxValue)).RunAsync(week);
        while (!running.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(5);
        }

        var failing = await running;
        clock.Advance(NotificationLedger.Lease + TimeSpan.FromMinutes(1));
        var next = await Job(tables, Outbox(council)).RunAsync(week);

        Assert.Equal(0, failing.Delivery.Sent);
        Assert.NotEmpty(failing.Delivery.Failed);
        Assert.Equal(failing.Delivery.Failed.Count, next.Delivery.Sent);
        Assert.Equal(next.Delivery.Sent, Emails(council.Outbox, week).Length);
    }

    /// <summary>The real outbox, counting what is sent through it.</summary>
    private sealed class CountingSender(EmailSender inner) : EmailSender
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Sent { get; } = [];

        public override async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default)
        {
            Sent.Add(notification.IdempotencyKey);
            return await inner.SendAsync(notification, cancellationToken);
        }
    }

    /// <summary>The real outbox behind a transport that fails the first attempts at each email.</summary>
    private sealed class FlakySender(EmailSender inner, int failuresEach) : EmailSender
    {
        private readonly Dictionary<string, int> failures = [];

        public int Attempts { get; private set; }

        public override Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default)
        {
            Attempts++;
            var failed = failures.GetValueOrDefault(notification.IdempotencyKey);
            if (failed < failuresEach)
            {
                failures[notification.IdempotencyKey] = failed + 1;
                throw new IOException("the mail transport is unavailable");
            }

            return inner.SendAsync(notification, cancellationToken);
        }
    }

    /// <summary>A snapshot folder written by the test.</summary>
    private sealed class SnapshotFolder : IDisposable
    {
        public SnapshotFolder(string teams, string workers, string allocations)
        {
            Directory.CreateDirectory(Path);
            File.WriteAllText(System.IO.Path.Combine(Path, "teams.csv"), teams);
            File.WriteAllText(System.IO.Path.Combine(Path, "workers.csv"), workers);
            File.WriteAllText(System.IO.Path.Combine(Path, "allocations.csv"), allocations);
            File.WriteAllText(System.IO.Path.Combine(Path, "snapshot.json"), """{"asOf": "2026-11-16"}""");
        }

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
