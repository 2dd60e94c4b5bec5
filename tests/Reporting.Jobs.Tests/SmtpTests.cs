using Caseload.Reporting.Calendar;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Tooling.Local;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

[Collection(MailDevTests.Name)]
public class SmtpTests(MailDevFixture mailDev)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, string?> Relay(int port) => new()
    {
        ["Reporting:Email:Sender"] = "smtp",
        ["Reporting:Smtp:Host"] = "127.0.0.1",
        ["Reporting:Smtp:Port"] = $"{port}",
        ["Reporting:Smtp:StartTls"] = "false",
    };

    [Fact]
    public async Task Each_recipient_gets_one_multipart_email_through_a_real_smtp_server_and_a_rerun_sends_nothing()
    {
        await mailDev.ClearAsync();
        using var council = new CouncilFolders(weeks: 1);
        await using var reporting = MemoryReporting.Create(clock, council.Outbox, settings: Relay(mailDev.SmtpPort));
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var snapshot = SnapshotReader.Read(council.Weeks[0]);
        var week = IsoWeek.Of(snapshot.AsOf);

        var run = await reporting.Job<WeeklyJob>().RunAsync(week);
        var received = await mailDev.EmailsAsync();
        var rerun = await reporting.Job<WeeklyJob>().RunAsync(week);

        var recipients = snapshot.Teams.Select(t => t.ManagerId).Distinct().Count() + snapshot.Teams.Select(t => t.HeadOfServiceEmail).Distinct().Count();
        Assert.Equal(recipients, run.Delivery!.Sent);
        Assert.Equal(recipients, received.Length);
        Assert.Equal(recipients, received.Select(e => e.GetProperty("to")[0].GetProperty("address").GetString()).Distinct().Count());
        Assert.Equal(received.Length, (await mailDev.EmailsAsync()).Length);
        Assert.Equal(0, rerun.Delivery!.Sent);

        var manager = received.First(e => e.GetProperty("subject").GetString()!.Contains("Team", StringComparison.Ordinal));
        Assert.Contains("Since last week", manager.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\"", manager.GetProperty("html").GetString(), StringComparison.Ordinal);
        var image = Assert.Single(manager.GetProperty("attachments").EnumerateArray());
        Assert.Equal("image/png", image.GetProperty("contentType").GetString());
        Assert.Contains($"cid:{image.GetProperty("contentId").GetString()}", manager.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_that_is_down_is_a_transient_failure_released_for_the_next_run()
    {
        using var council = new CouncilFolders(weeks: 1);
        await using var reporting = MemoryReporting.Create(clock, council.Outbox, settings: Relay(PinnedNodeTool.FreePort()));
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var week = IsoWeek.Of(SnapshotReader.Read(council.Weeks[0]).AsOf);

        var running = reporting.Job<WeeklyJob>().RunAsync(week);
        while (!running.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(5);
        }

        var run = await running;
        var entries = await reporting.Job<DeliveryJob>().ListAsync(week);
        Assert.Equal(0, run.Delivery!.Sent);
        Assert.All(entries, e => Assert.Equal((DeliveryStatus.Prepared, 4, SendFailure.Transient), (e.Status, e.Attempts, e.LastFailure)));
        Assert.All(entries, e => Assert.Equal("The SMTP relay 127.0.0.1 could not be reached: the connection failed or was dropped.", e.LastError));
    }
}
