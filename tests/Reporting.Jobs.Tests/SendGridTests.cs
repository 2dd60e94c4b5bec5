using Caseload.Reporting.Calendar;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

public class SendGridTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, string?> Through(SendGridServer server, string key = SendGridServer.ApiKey) => new()
    {
        ["Reporting:Email:Sender"] = "sendgrid",
        ["Reporting:SendGrid:ApiKey"] = key,
        ["Reporting:SendGrid:Host"] = server.Host,
    };

    private async Task<(TestReporting Reporting, IsoWeek Week, string[] Managers)> IngestedAsync(CouncilFolders council, Dictionary<string, string?> settings)
    {
        var reporting = MemoryReporting.Create(clock, council.Outbox, settings: settings);
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        var managers = snapshot.Teams.Select(t => snapshot.Workers.First(w => w.Id == t.ManagerId).Email).ToArray();
        return (reporting, IsoWeek.Of(snapshot.AsOf), managers);
    }

    [Fact]
    public async Task Each_recipient_gets_one_valid_v3_request_through_429s_and_500s_and_a_rerun_sends_nothing()
    {
        using var council = new CouncilFolders(weeks: 1);
        await using var server = await SendGridServer.StartAsync();
        var (reporting, week, managers) = await IngestedAsync(council, Through(server));
        await using var _ = reporting;
        server.Script[managers[0]] = new([429, 500, 202]);
        server.Script[managers[1]] = new([500, 429]);

        var run = (await clock.Waiting(reporting.Job<WeeklyJob>().RunAsync(week))).Delivery!;
        var requests = server.Requests.Count;
        var rerun = (await reporting.Job<WeeklyJob>().RunAsync(week)).Delivery!;

        Assert.Empty(server.Invalid);
        var accepted = server.Requests.Where(r => r.Status == 202).Select(r => r.Recipient).ToList();
        Assert.Equal(accepted.Count, accepted.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(run.Sent, accepted.Count);
        Assert.Empty(run.NotSent);
        Assert.Equal(3, server.Requests.Count(r => r.Recipient == managers[0]));
        Assert.Equal((0, run.Sent), (rerun.Sent, rerun.AlreadySent));
        Assert.Equal(requests, server.Requests.Count);

        var ledger = await reporting.Job<DeliveryJob>().ListAsync(week);
        var first = ledger.Single(e => e.Key.To.Address == managers[0]);
        Assert.Equal((DeliveryStatus.Sent, 3), (first.Status, first.Attempts));
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
        await using var server = await SendGridServer.StartAsync();
        var (reporting, week, managers) = await IngestedAsync(council, Through(server));
        await using var _ = reporting;
        server.Script[managers[0]] = new([0, 503, 0]);
        server.Script[managers[1]] = new([0]);

        var run = (await clock.Waiting(reporting.Job<WeeklyJob>().RunAsync(week))).Delivery!;

        Assert.Empty(run.NotSent);
        var accepted = server.Requests.Where(r => r.Status == 202).Select(r => r.Recipient).ToList();
        Assert.Equal(accepted.Count, accepted.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(4, server.Requests.Count(r => r.Recipient == managers[0]));
        var ledger = await reporting.Job<DeliveryJob>().ListAsync(week);
        Assert.Equal((DeliveryStatus.Sent, 4), (ledger.Single(e => e.Key.To.Address == managers[0]).Status, ledger.Single(e => e.Key.To.Address == managers[0]).Attempts));
        Assert.Equal((DeliveryStatus.Sent, 2), (ledger.Single(e => e.Key.To.Address == managers[1]).Status, ledger.Single(e => e.Key.To.Address == managers[1]).Attempts));
    }

    [Fact]
    public async Task A_400_fails_that_recipient_alone_not_retried_and_recorded_without_the_recipients_address()
    {
        using var council = new CouncilFolders(weeks: 1);
        await using var server = await SendGridServer.StartAsync();
        var (reporting, week, managers) = await IngestedAsync(council, Through(server));
        await using var _ = reporting;
        server.Script[managers[2]] = new([400]);

        var run = (await clock.Waiting(reporting.Job<WeeklyJob>().RunAsync(week))).Delivery!;
        var rerun = (await reporting.Job<WeeklyJob>().RunAsync(week)).Delivery!;

        Assert.Equal(DeliveryOutcome.Failed, Assert.Single(run.NotSent).Outcome);
        Assert.Equal(run.Deliveries.Count - 1, run.Sent);
        Assert.Equal(1, server.Requests.Count(r => r.Recipient == managers[2]));
        Assert.Equal(0, rerun.Sent);
        var failed = (await reporting.Job<DeliveryJob>().ListAsync(week)).Single(e => e.Key.To.Address == managers[2]);
        Assert.Equal((DeliveryStatus.Failed, SendFailure.Recipient), (failed.Status, failed.LastFailure));
        Assert.Contains("SendGrid refused the email (400): The to email <recipient> does not contain a valid address.", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(managers[2], failed.LastError!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_revoked_key_stops_the_run_loudly_fails_no_one_and_the_run_after_the_fix_sends_every_email_once()
    {
        using var council = new CouncilFolders(weeks: 1);
        await using var server = await SendGridServer.StartAsync();
        var (revoked, week, _) = await IngestedAsync(council, Through(server, key: "SG.revoked"));
        await using var __ = revoked;

        var stopped = (await clock.Waiting(revoked.Job<WeeklyJob>().RunAsync(week))).Delivery!;
        var ledger = await revoked.Job<DeliveryJob>().ListAsync(week);
        await using var fixedKey = MemoryReporting.Create(clock, council.Outbox, settings: new Dictionary<string, string?>(revoked.Settings) { ["Reporting:SendGrid:ApiKey"] = SendGridServer.ApiKey }, storage: (await revoked.StoresAsync()).Storage);
        var after = await fixedKey.Job<DeliveryJob>().DeliverPeriodAsync(week);
        var again = await fixedKey.Job<DeliveryJob>().DeliverPeriodAsync(week);

        Assert.Contains("SendGrid refused the API key (401)", stopped.Misconfiguration, StringComparison.Ordinal);
        Assert.Contains("Reporting:SendGrid:ApiKey", stopped.Misconfiguration, StringComparison.Ordinal);
        Assert.Equal(0, stopped.Sent);
        Assert.All(stopped.Deliveries, d => Assert.Equal(DeliveryOutcome.Misconfigured, d.Outcome));
        Assert.All(ledger, r => Assert.NotEqual(DeliveryStatus.Failed, r.Status));
        Assert.All(ledger, r => Assert.NotEqual(DeliveryStatus.Sending, r.Status));
        Assert.Equal(ledger.Count, after.Sent);
        Assert.Equal((0, ledger.Count), (again.Sent, again.AlreadySent));
        var accepted = server.Requests.Where(r => r.Status == 202).Select(r => r.Recipient).ToList();
        Assert.Equal(ledger.Count, accepted.Count);
        Assert.Equal(accepted.Count, accepted.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
