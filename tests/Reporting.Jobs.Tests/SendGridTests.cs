using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

[Collection(AzuriteTests.Name)]
public class SendGridTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

    private static SendGridSender Sender(SendGridServer server) =>
        new(new SendGridOptions { ApiKey = SendGridServer.ApiKey, Host = server.Host }, MimeKit.MailboxAddress.Parse("Caseload Reports <reports@council.example>"));

    private async Task<(ReportingStorage Tables, IsoWeek Week, string[] Managers)> IngestedAsync(CouncilFolders council)
    {
        var tables = await azurite.TablesAsync();
        await new IngestJob(tables, clock).IngestFolderAsync(council.Weeks[0], null);
        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        var managers = snapshot.Teams.Select(t => snapshot.Workers.First(w => w.Id == t.ManagerId).Email).ToArray();
        return (tables, IsoWeek.Of(snapshot.AsOf), managers);
    }

    private async Task<WeeklyRun> RunAsync(Task<WeeklyRun> running)
    {
        // Retries wait on the injected clock: move it on until the run is done.
        while (!running.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        return await running;
    }

    [Fact]
    public async Task Each_recipient_gets_one_valid_v3_request_through_429s_and_500s_and_a_rerun_sends_nothing()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (tables, week, managers) = await IngestedAsync(council);
        await using var server = await SendGridServer.StartAsync();
        server.Script[managers[0]] = new([429, 500, 202]);
        server.Script[managers[1]] = new([500, 429]);
        var job = new WeeklyJob(tables, Sender(server), new WeeklyJobOptions(), clock);

        var run = await RunAsync(job.RunAsync(week));
        var requests = server.Requests.Count;
        var rerun = await job.RunAsync(week);

        Assert.Empty(server.Invalid);
        var accepted = server.Requests.Where(r => r.Status == 202).Select(r => r.Recipient).ToList();
        Assert.Equal(accepted.Count, accepted.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(run.Delivery.Sent, accepted.Count);
        Assert.Empty(run.Delivery.Failed);
        Assert.Equal(3, server.Requests.Count(r => r.Recipient == managers[0]));
        Assert.Equal((0, run.Delivery.Sent), (rerun.Delivery.Sent, rerun.Delivery.AlreadySent));
        Assert.Equal(requests, server.Requests.Count);

        var ledger = await new NotificationLedger(tables, clock).ListAsync(week.ToString());
        var first = ledger.Single(e => e.Recipient == managers[0]);
        Assert.Equal(("sent", 3), (first.Status, first.Attempts));
        Assert.StartsWith("sg-", first.ProviderMessageId, StringComparison.Ordinal);
        var categories = server.Requests.Select(r => r.Body.GetProperty("categories")[0].GetString()).Distinct().Order();
        Assert.Equal(["service_roll_up", "team_manager"], categories);
        Assert.All(server.Requests.Where(r => r.Recipient == managers[0]), r =>
            Assert.Equal($"{week}|team_manager|{managers[0]}", r.Body.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("idempotency_key").GetString()));
    }

    [Fact]
    public async Task Dropped_connections_and_503s_are_retried_and_each_email_is_accepted_once()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (tables, week, managers) = await IngestedAsync(council);
        await using var server = await SendGridServer.StartAsync();
        server.Script[managers[0]] = new([0, 503, 0]);
        server.Script[managers[1]] = new([0]);
        var job = new WeeklyJob(tables, Sender(server), new WeeklyJobOptions(), clock);

        var run = await RunAsync(job.RunAsync(week));

        Assert.Empty(run.Delivery.Failed);
        var accepted = server.Requests.Where(r => r.Status == 202).Select(r => r.Recipient).ToList();
        Assert.Equal(accepted.Count, accepted.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(4, server.Requests.Count(r => r.Recipient == managers[0]));
        var ledger = await new NotificationLedger(tables, clock).ListAsync(week.ToString());
        Assert.Equal(("sent", 4), (ledger.Single(e => e.Recipient == managers[0]).Status, ledger.Single(e => e.Recipient == managers[0]).Attempts));
        Assert.Equal(("sent", 2), (ledger.Single(e => e.Recipient == managers[1]).Status, ledger.Single(e => e.Recipient == managers[1]).Attempts));
    }

    [Fact]
    public async Task A_400_is_permanent_not_retried_and_recorded_without_the_recipients_address()
    {
        using var council = new CouncilFolders(weeks: 1);
        var (tables, week, managers) = await IngestedAsync(council);
        await using var server = await SendGridServer.StartAsync();
        server.Script[managers[2]] = new([400]);
        var job = new WeeklyJob(tables, Sender(server), new WeeklyJobOptions(), clock);

        var run = await RunAsync(job.RunAsync(week));
        clock.Advance(NotificationLedger.Lease + TimeSpan.FromMinutes(1));
        var rerun = await job.RunAsync(week);

        Assert.Single(run.Delivery.Failed);
        Assert.Equal(1, server.Requests.Count(r => r.Recipient == managers[2]));
        Assert.Equal(0, rerun.Delivery.Sent);
        var failed = (await new NotificationLedger(tables, clock).ListAsync(week.ToString())).Single(e => e.Recipient == managers[2]);
        Assert.Equal("failed", failed.Status);
        Assert.Contains("SendGrid refused the email (400): The to email <recipient> does not contain a valid address.", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(managers[2], failed.LastError!, StringComparison.OrdinalIgnoreCase);
    }
}
