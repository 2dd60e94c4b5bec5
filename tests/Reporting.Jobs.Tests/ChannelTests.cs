using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Data.Tables;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Channels;
using Caseload.Reporting.Content;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The seam between what is composed and what carries it: a channel of the test's own, added by registering one
/// class, goes through the same preparation and ledger as email and Teams, exactly once across crashes; and a week
/// prepared before recipients named their channel is delivered as it was prepared.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ChannelTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly IsoWeek Week = new(2026, 48);
    private static readonly string[] Rooms = ["duty-room", "front-door", "leadership-room"];
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
    private readonly string outbox = Path.Combine(Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(outbox))
        {
            Directory.Delete(outbox, recursive: true);
        }
    }

    [Fact]
    public async Task A_channel_added_by_registering_one_class_is_delivered_through_the_ledger_exactly_once_across_crashes_and_reruns()
    {
        await using var hooks = await CouncilWebhook.StartAsync();
        using var http = new HttpClient();
        var storage = AzuriteFixture.NewPrefix();
        var settings = new Dictionary<string, string?> { ["Reporting:TablePrefix"] = storage, ["Reporting:Delivery:Parallelism"] = "1" };
        TestReporting WithChannel() => azurite.Reporting(clock, outbox, settings: settings, with: services => services.AddSingleton<NotificationChannel>(new CouncilWebhookChannel(http, hooks.Rooms)));
        var wanted = Rooms.Select(room => (new NotificationKey(NotificationKind.TeamsChannel, new Recipient(CouncilWebhookChannel.ChannelName, room), "T01"), room)).ToList();
        Notification Compose(string room) => new(Week, NotificationKind.TeamsChannel, new Recipient(CouncilWebhookChannel.ChannelName, room), new RoomMessage($"Team T01: 2 over their caseload limit, week {Week}", $"Posted to {room}."), "T01");

        // The process dies while composing the second message: nothing of the period is in the ledger yet.
        await using (var first = WithChannel())
        {
            using var dying = new CancellationTokenSource();
            var composed = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Job<Preparation>().PrepareAsync(Week, wanted, (room, _) =>
            {
                if (Interlocked.Increment(ref composed) == 2)
                {
                    dying.Cancel();
                    dying.Token.ThrowIfCancellationRequested();
                }

                return Task.FromResult(Compose(room));
            }, dying.Token));
        }

        // Run again, it prepares the three; then the process dies while the webhook takes the second post (it answers
        // 503: not taken). The first is recorded as sent; the rest are held until the dead run's lease ends.
        await using (var second = WithChannel())
        {
            var prepared = await second.Job<Preparation>().PrepareAsync(Week, wanted, (room, _) => Task.FromResult(Compose(room)), CancellationToken.None);
            Assert.Equal(3, prepared.ToDeliver.Count);
            using var dying = new CancellationTokenSource();
            hooks.OnPost = count =>
            {
                if (count == 2)
                {
                    dying.Cancel();
                    return 503;
                }

                return 202;
            };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.Job<DeliveryJob>().DeliverPeriodAsync(Week, dying.Token));
            hooks.OnPost = _ => 202;
            var during = await second.Job<DeliveryJob>().DeliverPeriodAsync(Week);
            Assert.Equal((0, 1, 2), (during.Sent, during.AlreadySent, during.InFlight));
        }

        // After the lease, an instance built without the channel cannot send them: it says so and loses nothing.
        clock.Advance(TimeSpan.FromSeconds(601));
        await using (var without = azurite.Reporting(clock, outbox, settings: settings))
        {
            var refused = await without.Job<DeliveryJob>().DeliverPeriodAsync(Week);
            Assert.Contains("No channel 'council-webhook' is set up", refused.Misconfiguration, StringComparison.Ordinal);
            Assert.Equal(0, refused.Sent);
        }

        // The next run with the channel sends the two; a run after that sends nothing.
        await using (var rerun = WithChannel())
        {
            var after = await rerun.Job<DeliveryJob>().DeliverPeriodAsync(Week);
            var again = await rerun.Job<DeliveryJob>().DeliverPeriodAsync(Week);
            Assert.Equal((2, 1), (after.Sent, after.AlreadySent));
            Assert.Equal((0, 3), (again.Sent, again.AlreadySent));
            var ledger = await rerun.Job<DeliveryJob>().ListAsync(Week);
            Assert.All(ledger, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
            Assert.Equal(Rooms, ledger.Select(r => r.Key.To.Address).Order());
            Assert.All(ledger, r => Assert.Equal($"teams_channel:council-webhook|T01|{r.Key.To.Address}", r.Key.ToString()));
        }

        // Each room took its message once, with the ledger's idempotency key, and it says what was composed.
        var taken = hooks.Posts.Where(p => p.Status == 202).ToList();
        Assert.Empty(hooks.Invalid);
        Assert.Equal(Rooms, taken.Select(p => p.Room).Order());
        Assert.Equal(3, taken.Select(p => p.IdempotencyKey).Distinct().Count());
        Assert.All(taken, p => Assert.Equal($"{Week}|teams_channel:council-webhook|T01|{p.Room}", p.IdempotencyKey));
        Assert.All(taken, p => Assert.Equal($"Posted to {p.Room}.", p.Text));
    }

    [Fact]
    public async Task A_week_prepared_before_recipients_named_their_channel_is_delivered_by_this_build_each_once()
    {
        using var council = new CouncilFolders(weeks: 1, workers: 30, seed: 12);
        await using var teams = await TeamsWebhook.StartAsync();
        var settings = new Dictionary<string, string?> { ["Reporting:TablePrefix"] = AzuriteFixture.NewPrefix(), ["Reporting:Teams:Channels:default"] = teams.Url("default") };
        await using var reporting = azurite.Reporting(clock, council.Outbox, settings: settings);
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var week = IsoWeek.Of(SnapshotReader.Read(council.Weeks[0]).AsOf);
        var prepared = await reporting.Job<WeeklyJob>().PrepareAsync(week);
        var cards = prepared.Notifications.Records.Count(r => r.Key.Kind == NotificationKind.TeamsChannel);
        Assert.True(cards > 0);

        // The rows as the build before wrote them: the same row keys (kind, what it is about, recipient), and no channel.
        var table = (await reporting.StoresAsync()).Storage.Notifications;
        var rows = await table.QueryAsync<TableEntity>(r => r.PartitionKey == week.ToString()).ToListAsync();
        Assert.Equal(prepared.Notifications.Records.Count, rows.Count);
        foreach (var row in rows)
        {
            var about = row.GetString("About");
            Assert.Equal(TableKey.Escape($"{row.GetString("Kind")}|{(about is null ? "" : about + "|")}{row.GetString("Recipient")}"), row.RowKey);
            row.Remove("Channel");
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        }

        await using var after = azurite.Reporting(clock, council.Outbox, settings: settings);
        var delivered = await after.Job<DeliveryJob>().DeliverPeriodAsync(week);
        var again = await after.Job<DeliveryJob>().DeliverPeriodAsync(week);

        Assert.Null(delivered.Misconfiguration);
        Assert.Equal(rows.Count, delivered.Sent);
        Assert.Equal((0, rows.Count), (again.Sent, again.AlreadySent));
        Assert.Equal(rows.Count - cards, Directory.GetFiles(Path.Combine(council.Outbox, week.ToString()), "*.eml").Length);
        Assert.Equal(cards, teams.Posts.Count(p => p.Status == 202));
        Assert.Empty(teams.Invalid);
        Assert.All(await after.Job<DeliveryJob>().ListAsync(week), r => Assert.Equal(NotificationKinds.UsualChannel(r.Key.Kind), r.Key.To.Channel));
    }

    /// <summary>What the council's webhook is sent: a line to a room.</summary>
    private sealed record RoomMessage(string Subject, string Text) : NotificationContent(Subject);

    /// <summary>
    /// A council's own webhook, added as docs/channels.md says: one class, registered once. Each room is a path under
    /// one address; a message is JSON with the ledger's idempotency key in a header; 429 and 5xx are worth another
    /// try, any other refusal is this room's alone.
    /// </summary>
    private sealed class CouncilWebhookChannel(HttpClient http, Uri rooms) : NotificationChannel
    {
        public const string ChannelName = "council-webhook";

        public override string Name => ChannelName;

        public override string Destination => $"the council's webhook {rooms}";

        public override PreparedMessage Prepare(Notification notification, DateTimeOffset now)
        {
            var message = ContentOf<RoomMessage>(notification);
            return new PreparedMessage(message.Subject, JsonSerializer.SerializeToUtf8Bytes(new { subject = message.Subject, text = message.Text }));
        }

        public override string TextOf(ReadOnlyMemory<byte> message) =>
            JsonDocument.Parse(message).RootElement.GetProperty("text").GetString() ?? "";

        public override async Task<string> SendAsync(ReportingPeriod period, NotificationKey key, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
        {
            using var content = new ReadOnlyMemoryContent(message);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(rooms, Uri.EscapeDataString(key.To.Address))) { Content = content };
            request.Headers.Add("Idempotency-Key", $"{period}|{key}");
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw SendFailedException.Transient("The council's webhook could not be reached.", inner: e);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                return response.IsSuccessStatusCode ? $"room message {status}"
                    : throw (status is 429 or >= 500
                        ? SendFailedException.Transient($"The council's webhook answered {status}.")
                        : SendFailedException.Recipient($"The council's webhook refused the message for this room with {status}."));
            }
        }
    }

    /// <summary>The council's webhook on loopback: it takes JSON messages for rooms and keeps each with the status it answered.</summary>
    private sealed class CouncilWebhook : ScriptedServer
    {
        private int count;

        public Uri Rooms => new($"{Host}/rooms/");

        /// <summary>Decides the answer to the nth post (from 1).</summary>
        public Func<int, int> OnPost { get; set; } = _ => 202;

        public ConcurrentQueue<(string Room, int Status, string? IdempotencyKey, string? Text)> Posts { get; } = new();

        public static Task<CouncilWebhook> StartAsync()
        {
            var server = new CouncilWebhook();
            return StartAsync(server, app => app.MapPost("/rooms/{room}", server.PostAsync));
        }

        private async Task PostAsync(HttpContext context, string room)
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var text = json.RootElement.TryGetProperty("text", out var said) ? said.GetString() : null;
            if (!json.RootElement.TryGetProperty("subject", out _) || text is null)
            {
                Invalid.Enqueue($"{room}: a message without its subject or text");
            }

            var status = OnPost(Interlocked.Increment(ref count));
            Posts.Enqueue((room, status, context.Request.Headers["Idempotency-Key"].FirstOrDefault(), text));
            context.Response.StatusCode = status;
        }
    }
}
