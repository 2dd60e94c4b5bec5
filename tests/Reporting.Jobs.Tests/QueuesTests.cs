using System.Text.Json.Nodes;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Cli;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

/// <summary>
/// <c>reporting queues</c> against a loopback Service Bus that speaks AMQP as the client does: a week's notifications
/// dead-lettered are counted, listed by what they were for (never their bodies), put back only with --yes, and each,
/// delivered as the SendNotification function delivers a message, is sent once — the one sent before not again.
/// </summary>
public sealed class QueuesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("caseload-queues-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 9, 7, 7, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Dead_letters_are_counted_listed_without_their_bodies_and_replayed_and_each_notification_is_sent_once()
    {
        using var broker = ServiceBusBroker.Start("notifications", "snapshot-pulls");
        using var council = new CouncilFolders(weeks: 1, workers: 20, seed: 4);
        var outbox = Path.Combine(root, "outbox");
        await using var reporting = MemoryReporting.Create(clock, outbox);
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var week = IsoWeek.Of(SnapshotReader.Read(council.Weeks[0]).AsOf);
        var prepared = await reporting.Job<WeeklyJob>().PrepareAsync(week);
        var keys = prepared.Notifications.ToDeliver;
        Assert.True(keys.Count > 2);

        // One went before its message died; every message of the week is dead-lettered, and one pull.
        await reporting.Job<DeliveryJob>().DeliverAsync(week, keys[0]);
        foreach (var key in keys)
        {
            broker.DeadLetter("notifications", new JsonObject { ["period"] = week.ToString(), ["key"] = key.ToString() }.ToJsonString(), "MaxDeliveryCountExceeded", "Message could not be consumed after 10 delivery attempts.", 10);
        }

        broker.DeadLetter("snapshot-pulls", """{"source":"lcs-nightly"}""", "TTLExpiredException", "The message expired and was dead lettered.", 0);
        (int Exit, string Out, string Error) Cli(params string[] args) => CommandLine.Run(new Dictionary<string, string?> { ["Reporting:ServiceBus"] = broker.ConnectionString }, clock, args);

        var counted = Cli("queues");
        var listed = Cli("queues", "dead-letters", "--queue", "notifications");
        var pulls = Cli("queues", "dead-letters", "--queue", "snapshot-pulls");
        var asked = Cli("queues", "replay", "--queue", "notifications");
        var stillThere = broker.Count(ServiceBusBroker.DeadLetterQueue("notifications"));
        var replayed = Cli("queues", "replay", "--queue", "notifications", "--yes");

        Assert.True(counted.Exit == 0, counted.Error);
        var lines = counted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^notifications\s+0\s+" + keys.Count + "$", lines[1]);
        Assert.Matches(@"^snapshot-pulls\s+0\s+1$", lines[2]);
        Assert.Contains("reporting queues replay --queue <queue> --yes", counted.Error, StringComparison.Ordinal);

        Assert.True(listed.Exit == 0, listed.Error);
        Assert.StartsWith($"notifications: {keys.Count} dead letters", listed.Out, StringComparison.Ordinal);
        Assert.Contains($"10 deliveries, MaxDeliveryCountExceeded: Message could not be consumed after 10 delivery attempts.; for {week}, team manager's weekly email, to ", listed.Out, StringComparison.Ordinal);
        Assert.All(keys, key => Assert.Contains($"to {key.To.Address}", listed.Out, StringComparison.Ordinal));
        Assert.DoesNotContain("{", listed.Out, StringComparison.Ordinal);       // no body
        Assert.DoesNotContain("\"key\"", listed.Out, StringComparison.Ordinal);
        Assert.Contains("TTLExpiredException: The message expired and was dead lettered.; for a pull of source lcs-nightly", pulls.Out, StringComparison.Ordinal);

        Assert.Equal(1, asked.Exit);
        Assert.Equal($"notifications: would put {keys.Count} dead letters back on the queue; nothing was moved. Run again with --yes to move them.", asked.Error.Trim());
        Assert.Equal(keys.Count, stillThere);
        Assert.True(replayed.Exit == 0, replayed.Error);
        Assert.Equal($"notifications: {keys.Count} dead letters put back on the queue", replayed.Out.Trim());
        Assert.Equal(0, broker.Count(ServiceBusBroker.DeadLetterQueue("notifications")));
        Assert.Equal(1, broker.Count(ServiceBusBroker.DeadLetterQueue("snapshot-pulls")));

        // The queue delivers them as the SendNotification function does: each sent once, the one sent before not again.
        var sentBefore = Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Length;
        var outcomes = new List<DeliveryOutcome>();
        foreach (var body in broker.Drain("notifications"))
        {
            var message = JsonNode.Parse(body)!;
            Assert.True(ReportingPeriod.TryParse(message["period"]!.GetValue<string>(), out var period));
            Assert.True(NotificationKey.TryParse(message["key"]!.GetValue<string>(), out var key));
            outcomes.Add((await reporting.Job<DeliveryJob>().DeliverAsync(period, key)).Outcome);
        }

        Assert.Equal(1, sentBefore);
        Assert.Equal(keys.Count, outcomes.Count);
        Assert.Equal(1, outcomes.Count(o => o == DeliveryOutcome.AlreadySent));
        Assert.Equal(keys.Count - 1, outcomes.Count(o => o == DeliveryOutcome.Sent));
        Assert.Equal(keys.Count, Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Length);
        Assert.All(await reporting.Job<DeliveryJob>().ListAsync(week), r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    [Fact]
    public void Without_the_setting_the_queues_verb_says_which_to_make()
    {
        var stderr = new StringWriter();
        var exit = ReportingCli.Run(["queues"], new MemoryStream(), stderr, new ConfigurationBuilder().Build(), clock);

        Assert.Equal(1, exit);
        Assert.StartsWith("Reporting:ServiceBus is not set: give the namespace's host name", stderr.ToString(), StringComparison.Ordinal);
    }
}
