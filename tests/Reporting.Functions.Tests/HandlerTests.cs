using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Functions.Functions;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Improvement;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Poison;
using Caseload.Reporting.Storage.Snapshots;
using Caseload.Reporting.Storage.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

[Collection(AzuriteTests.Name)]
public sealed class HandlerTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    // Monday 16 November 2026, 07:00 in London (GMT): the weekly hour of week 47.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero));
    private readonly string prefix = $"t{Guid.NewGuid():N}"[..11];
    private readonly CouncilFolders council = new(weeks: 1, workers: 40);
    private readonly string container = $"drop{Guid.NewGuid():N}";
    private WebApplication? app;
    private HttpClient? client;
    private FaultyProxy? tableProxy;
    private FaultyProxy? blobProxy;

    private static string Payload(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    private string Outbox => Path.Combine(council.Root, "outbox");

    private string Backups => Path.Combine(council.Root, "backups");

    public async Task InitializeAsync()
    {
        // The generated council's first week is 2026-09-07; give it this week's date instead.
        File.WriteAllText(Path.Combine(council.Weeks[0], "snapshot.json"), """{"asOf": "2026-11-16", "source": "lcs-nightly"}""");

        // Storage reached through counting proxies (that fail nothing), so that a test can count what an invocation asks of it.
        tableProxy = await FaultyProxy.StartAsync(Endpoint("TableEndpoint"), seed: 1);
        blobProxy = await FaultyProxy.StartAsync(Endpoint("BlobEndpoint"), seed: 2);
        tableProxy.FailureRate = blobProxy.FailureRate = 0;
        app = FunctionsHost.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Reporting:Storage"] = blobProxy.Through(tableProxy.Through(azurite.ConnectionString)),
                ["Reporting:TablePrefix"] = prefix,
                ["Reporting:Blob"] = azurite.ConnectionString,
                ["Reporting:Email:OutboxPath"] = Outbox,
                ["Reporting:Email:FallbackTo"] = "fallback@council.example",
                ["Reporting:Email:LeadershipTo"] = "director@council.example",
                ["Reporting:Email:DataTeamTo"] = "data-team@council.example",
                ["Reporting:StorageRetryDelay"] = "00:00:00.02",
                ["Reporting:Retention:StaffDays"] = "90",
                ["Reporting:Backup:Target"] = Backups,
            });
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await app.StartAsync();
        client = app.GetTestClient();
    }

    public void Dispose() => council.Dispose();

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        foreach (var proxy in new[] { tableProxy, blobProxy })
        {
            if (proxy is not null)
            {
                await proxy.DisposeAsync();
            }
        }
    }

    private Uri Endpoint(string name) => new(azurite.ConnectionString.Split($"{name}=")[1].Split(';')[0]);

    /// <summary>The council's week as a blob drop, and sources.json naming it.</summary>
    private async Task DropAsync()
    {
        var drop = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container);
        await drop.CreateIfNotExistsAsync();
        foreach (var file in Directory.GetFiles(council.Weeks[0]))
        {
            await drop.GetBlobClient($"caseload/2026-11-16/{Path.GetFileName(file)}").UploadAsync(file, overwrite: true);
        }

        await new SourceStore(await TablesAsync(), clock).SetAsync($$"""{"sources": [{"id": "lcs", "kind": "blob", "container": "{{container}}", "prefix": "caseload/"}]}""");
    }

    private async Task<(HttpStatusCode Status, JsonElement Reply)> InvokeAsync(string function, string payload)
    {
        using var response = await client!.PostAsync(new Uri($"/{function}", UriKind.Relative), new StringContent(payload, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), "the host can hang on an empty body");
        using var json = JsonDocument.Parse(text);
        var reply = json.RootElement.Clone();
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], reply.EnumerateObject().Select(p => p.Name));
        return (response.StatusCode, reply);
    }

    /// <summary>A Service Bus message as the host posts it: a JSON body arrives encoded a second time.</summary>
    private static string ServiceBus(JsonNode body, int deliveryCount, string messageId)
    {
        var encodedTwice = JsonSerializer.Serialize(JsonSerializer.Serialize(body.ToJsonString()));
        return Payload("servicebus-template.json").Replace("\"BODY\"", encodedTwice, StringComparison.Ordinal)
            .Replace("COUNT", $"{deliveryCount}", StringComparison.Ordinal).Replace("MESSAGEID", messageId, StringComparison.Ordinal);
    }

    private async Task<ReportingStorage> TablesAsync() =>
        await ReportingStorage.ConnectAsync(new ReportingStorageOptions { Storage = azurite.ConnectionString, TablePrefix = prefix });


    [Fact]
    public async Task The_host_polls_the_root_and_gets_200()
    {
        using var response = await client!.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Every_function_folder_names_a_route_the_handler_serves_and_every_route_has_a_folder()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Reporting.Functions", "Functions"));
        var folders = Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(ReportingFunctions.Names.Order(StringComparer.Ordinal), folders);
        var queuesOut = Bindings(root, "serviceBus").Select(b => b.GetProperty("queueName").GetString()).Distinct().Order();
        var queuesIn = Bindings(root, "serviceBusTrigger").Select(b => b.GetProperty("queueName").GetString()).Distinct().Order();
        Assert.Equal(queuesOut, queuesIn);

        // The HTTP-only functions are forwarded as they came, so the handler serves their paths under /api.
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "..", "..", "..", "host.json")));
        Assert.True(host.RootElement.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean());
        var breach = Assert.Single(Bindings(root, "httpTrigger"), b => b.TryGetProperty("route", out _));
        Assert.Equal(("breach/{token}", "anonymous"), (breach.GetProperty("route").GetString(), breach.GetProperty("authLevel").GetString()));
    }

    private static IEnumerable<JsonElement> Bindings(string root, string type) =>
        Directory.GetFiles(root, "function.json", SearchOption.AllDirectories)
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList())
            .Where(b => b.GetProperty("type").GetString() == type);

    [Fact]
    public async Task A_timer_outside_the_weekly_hour_does_nothing_and_says_so()
    {
        clock.Advance(TimeSpan.FromHours(23));

        var (status, reply) = await InvokeAsync("WeeklyBreaches", Payload("timer.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("not the weekly hour", reply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(reply.GetProperty("Outputs").EnumerateObject());
    }

    [Fact]
    public async Task An_unreadable_message_is_recorded_as_poison_and_completes()
    {
        var (status, _) = await InvokeAsync("SendNotification", Payload("servicebus-unreadable.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        var poison = await new PoisonMessages(await TablesAsync(), clock).ListAsync("SendNotification");
        Assert.Equal(("9a3e8b2c41f54c6d8e7f0a1b2c3d4e5f", "not a notification message"), Assert.Single(poison));
    }

    [Fact]
    public async Task Pull_then_weekly_then_each_notification_sends_every_email_once_and_a_duplicate_delivery_nothing()
    {
        await DropAsync();
        var pulls = (await InvokeAsync("PullSchedule", Payload("timer.json"))).Reply.GetProperty("Outputs").GetProperty("pulls");
        Assert.Equal("""[{"source":"lcs"}]""", pulls.GetRawText());
        var (pulled, pullReply) = await InvokeAsync("PullSnapshot", ServiceBus(JsonNode.Parse(pulls[0].GetRawText())!, 1, "pull-1").Replace("\"notification\"", "\"pull\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, pulled);
        Assert.Equal(["lcs: 1 new extract", "2026-11-16: Ingested"], pullReply.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));

        var (weekly, weeklyReply) = await InvokeAsync("WeeklyBreaches", Payload("timer-past-due.json"));
        Assert.Equal(HttpStatusCode.OK, weekly);
        var messages = weeklyReply.GetProperty("Outputs").GetProperty("notifications").EnumerateArray().ToList();
        Assert.NotEmpty(messages);

        var number = 0;
        foreach (var message in messages)
        {
            var (status, reply) = await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(message.GetRawText())!, 1, $"n-{number++}"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.StartsWith("sent 2026-W47", reply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        }

        var emails = Directory.GetFiles(Path.Combine(Outbox, "2026-W47"), "*.eml");
        Assert.Equal(messages.Count, emails.Length);

        var (again, againReply) = await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(messages[0].GetRawText())!, 2, "n-0"));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.StartsWith("already sent 2026-W47", againReply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(emails.Length, Directory.GetFiles(Path.Combine(Outbox, "2026-W47"), "*.eml").Length);
        Assert.Equal(messages.Count, (await new NotificationLedger(await TablesAsync()).ListAsync(new IsoWeek(2026, 47))).Count(e => e.Status == DeliveryStatus.Sent));
    }

    [Fact]
    public async Task A_weekly_timer_that_meets_a_storage_blip_is_made_good_by_the_quarter_hour_sweep_each_email_once()
    {
        await app!.Services.GetRequiredService<IngestJob>().IngestFolderAsync(council.Weeks[0], null);

        // 07:00 on Monday: the blob service resets every connection while the week is prepared.
        blobProxy!.Cut.After = blobProxy.Cut.Requests;
        await Record.ExceptionAsync(async () =>
        {
            using var response = await client!.PostAsync(new Uri("/WeeklyBreaches", UriKind.Relative), new StringContent(Payload("timer.json"), Encoding.UTF8, "application/json"));
        });
        blobProxy.Cut.After = null;
        Assert.Null(await app.Services.GetRequiredService<WeeklyJob>().ShowAsync(new IsoWeek(2026, 47)));  // the timer failed: nothing stored

        // 07:15: the sweep finds the week due and not prepared, prepares it and queues every email.
        clock.Advance(TimeSpan.FromMinutes(15));
        var (status, reply) = await InvokeAsync("DeliverySweep", Payload("timer.json"));
        var messages = reply.GetProperty("Outputs").GetProperty("notifications").EnumerateArray().ToList();
        var number = 0;
        foreach (var message in messages)
        {
            await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(message.GetRawText())!, 1, $"s-{number++}"));
        }

        var again = (await InvokeAsync("DeliverySweep", Payload("timer.json"))).Reply.GetProperty("Outputs").GetProperty("notifications");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("2026-W47: prepared, ", reply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(messages);
        Assert.Equal(messages.Count, Directory.GetFiles(Path.Combine(Outbox, "2026-W47"), "*.eml").Length);
        Assert.Equal(0, again.GetArrayLength());  // prepared and sent: nothing more to queue, nothing prepared twice
    }

    [Fact]
    public async Task The_monthly_timer_on_the_first_stores_last_month_and_each_leaders_digest_goes_once()
    {
        var tables = await TablesAsync();
        await app!.Services.GetRequiredService<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        await new PlanStore(tables, clock).SetAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json")));
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));

        var (status, reply) = await InvokeAsync("MonthlyDigest", Payload("timer.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-11: Computed, 1 to deliver", reply.GetProperty("Logs")[0].GetString());
        var message = Assert.Single(reply.GetProperty("Outputs").GetProperty("notifications").EnumerateArray());
        var stored = await new ImprovementStore(tables).LoadAsync(new NodaTime.YearMonth(2026, 11));
        Assert.NotNull(stored);
        clock.Advance(TimeSpan.FromMinutes(5));
        for (var delivery = 1; delivery <= 2; delivery++)
        {
            var (sent, sentReply) = await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(message.GetRawText())!, delivery, "digest-1"));
            Assert.Equal(HttpStatusCode.OK, sent);
            Assert.StartsWith(delivery == 1 ? "sent 2026-11 leadership_digest" : "already sent 2026-11", sentReply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Single(Directory.GetFiles(Path.Combine(Outbox, "2026-11"), "*.eml"));
        // Sending sends what was prepared; the month the timer stored is not computed again.
        Assert.Equal(stored.ComputedAt, (await new ImprovementStore(tables).LoadAsync(new NodaTime.YearMonth(2026, 11)))!.ComputedAt);
    }

    [Fact]
    public async Task A_pull_for_a_source_no_one_set_is_recorded_as_poison_and_completes()
    {
        var (status, reply) = await InvokeAsync("PullSnapshot", ServiceBus(new JsonObject { ["source"] = "nowhere" }, 1, "pull-x").Replace("\"notification\"", "\"pull\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("cannot be pulled: No sources are set", reply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Single(await new PoisonMessages(await TablesAsync(), clock).ListAsync("PullSnapshot"));
    }

    [Fact]
    public async Task A_pull_that_meets_failing_storage_is_redelivered_not_recorded_as_poison_and_the_redelivery_stores_it()
    {
        await DropAsync();
        string Message(int deliveryCount) => ServiceBus(new JsonObject { ["source"] = "lcs" }, deliveryCount, "pull-y").Replace("\"notification\"", "\"pull\"", StringComparison.Ordinal);

        tableProxy!.FailureRate = 1;
        var (failed, failedReply) = await InvokeAsync("PullSnapshot", Message(1));
        tableProxy.FailureRate = 0;
        clock.Advance(TimeSpan.FromSeconds(2));  // past the connection's backoff, as a queue's redelivery is
        var (redelivered, _) = await InvokeAsync("PullSnapshot", Message(2));

        Assert.Equal(HttpStatusCode.InternalServerError, failed);
        Assert.StartsWith("transient failure, to be redelivered:", failedReply.GetProperty("Logs").EnumerateArray().Last().GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, redelivered);
        Assert.Empty(await new PoisonMessages(await TablesAsync(), clock).ListAsync("PullSnapshot"));
        Assert.Single(await new SnapshotStore(await TablesAsync(), clock).ListAsync());
    }

    [Fact]
    public async Task Retention_deletes_no_snapshot_until_the_council_sets_how_long_to_keep_and_lets_staff_data_go_after_staff_days()
    {
        var tables = await TablesAsync();
        await app!.Services.GetRequiredService<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var (prepared, _) = await app.Services.GetRequiredService<WeeklyJob>().RunAsync(new IsoWeek(2026, 47));

        var (status, reply) = await InvokeAsync("Retention", Payload("timer.json"));
        clock.Advance(TimeSpan.FromDays(100));
        var (later, laterReply) = await InvokeAsync("Retention", Payload("timer.json"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (status, later));
        Assert.Equal("Reporting:Retention:Days is not set: nothing deleted", reply.GetProperty("Logs")[0].GetString());
        Assert.Equal("staff data kept as it is from 2026-08-18: the text of 0 stored messages deleted, the names and notes of 0 evaluated weeks and 0 recorded actions let go", reply.GetProperty("Logs")[1].GetString());
        Assert.Single(await new SnapshotStore(tables, clock).ListAsync());
        var ledger = await new NotificationLedger(tables).ListAsync(new IsoWeek(2026, 47));
        Assert.Equal($"staff data kept as it is from 2026-11-26: the text of {ledger.Count} stored messages deleted, the names and notes of 1 evaluated week and 0 recorded actions let go", laterReply.GetProperty("Logs")[1].GetString());
        Assert.All(ledger, r => Assert.Equal("", r.Content));
        Assert.All((await app.Services.GetRequiredService<WeeklyJob>().ShowAsync(new IsoWeek(2026, 47)))!.Evaluation.Workers, w => Assert.True(Caseload.Reporting.Staff.StaffPseudonyms.IsPseudonymName(w.Name), w.Name));
        Assert.Equal(prepared.Evaluation!.Evaluation.Totals, (await app.Services.GetRequiredService<WeeklyJob>().ShowAsync(new IsoWeek(2026, 47)))!.Evaluation.Totals);
    }

    [Fact]
    public async Task Backup_writes_a_point_daily_and_after_a_weeks_delivery_ends_and_no_more()
    {
        string Log((HttpStatusCode Status, JsonElement Reply) invoked)
        {
            Assert.Equal(HttpStatusCode.OK, invoked.Status);
            return invoked.Reply.GetProperty("Logs")[0].GetString()!;
        }

        var first = Log(await InvokeAsync("Backup", Payload("timer.json")));
        clock.Advance(TimeSpan.FromMinutes(30));
        var soon = Log(await InvokeAsync("Backup", Payload("timer.json")));

        // The week prepared and every notification sent through the queue: its delivery has ended.
        await app!.Services.GetRequiredService<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var messages = (await InvokeAsync("WeeklyBreaches", Payload("timer.json"))).Reply.GetProperty("Outputs").GetProperty("notifications").EnumerateArray().ToList();
        var whileSending = Log(await InvokeAsync("Backup", Payload("timer.json")));
        foreach (var message in messages)
        {
            await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(message.GetRawText())!, 1, "n"));
        }

        clock.Advance(TimeSpan.FromMinutes(10));
        var delivered = Log(await InvokeAsync("Backup", Payload("timer.json")));
        clock.Advance(TimeSpan.FromHours(1));
        var after = Log(await InvokeAsync("Backup", Payload("timer.json")));
        clock.Advance(TimeSpan.FromHours(23));
        var daily = Log(await InvokeAsync("Backup", Payload("timer.json")));

        Assert.Matches(@"^backup point 2026-11-16T070000Z written: 0 rows and 0 blobs, \d+ new objects? \([\d,]+ bytes\) stored$", first);
        Assert.Equal("no backup point due (or Reporting:Backup:Target is not set)", soon);
        Assert.Equal(soon, whileSending);
        Assert.Matches(@"^backup point 2026-11-16T074000Z written: [\d,]+ rows and [\d,]+ blobs, [\d,]+ new objects \([\d,]+ bytes\) stored$", delivered);
        Assert.Equal(soon, after);
        Assert.Matches(@"^backup point 2026-11-17T074000Z written: [\d,]+ rows and [\d,]+ blobs, 0 new objects \([\d,]+ bytes\) stored$", daily);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(Backups, "points")).Length);
    }

    [Fact]
    public async Task A_queued_send_of_a_notification_withheld_since_a_restore_completes_its_message_and_sends_nothing()
    {
        var tables = await TablesAsync();
        var week = new IsoWeek(2026, 47);
        await new NotificationLedger(tables).WithholdAsync(new WithheldPeriod(week, "2026-11-15T020000Z", clock.GetUtcNow().AddDays(-1), clock.GetUtcNow()));
        await app!.Services.GetRequiredService<IngestJob>().IngestFolderAsync(council.Weeks[0], null);

        var (_, prepared) = await InvokeAsync("WeeklyBreaches", Payload("timer.json"));
        var key = (await new NotificationLedger(tables).ListAsync(week))[0].Key;
        var (status, reply) = await InvokeAsync("SendNotification", ServiceBus(new JsonObject { ["period"] = week.ToString(), ["key"] = key.ToString() }, 1, "queued-before"));

        Assert.Empty(prepared.GetProperty("Outputs").GetProperty("notifications").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"withheld 2026-W47 {Snapshots.Vocabulary.Code(key.Kind)}: held back since the storage was restored, until a person releases it", reply.GetProperty("Logs")[0].GetString());
        Assert.All(await new NotificationLedger(tables).ListAsync(week), r => Assert.Equal(DeliveryStatus.Withheld, r.Status));
        Assert.False(Directory.Exists(Outbox));
    }

    [Fact]
    public async Task A_refused_extract_is_recorded_reported_once_its_message_completes_and_the_newer_extract_behind_it_is_stored()
    {
        var drop = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container);
        await drop.CreateIfNotExistsAsync();
        foreach (var file in Directory.GetFiles(council.Weeks[0]))
        {
            var name = Path.GetFileName(file);
            var content = name == "snapshot.json" ? BinaryData.FromString("""{"asOf": "2026-11-23", "source": "lcs-nightly"}""") : BinaryData.FromBytes(File.ReadAllBytes(file));
            await drop.GetBlobClient($"caseload/2026-11-23/{name}").UploadAsync(content, overwrite: true);
        }

        File.AppendAllText(Path.Combine(council.Weeks[0], "workers.csv"), "SW999999,Late Starter,late@council.example,T999,social_worker,1,no,no\n");
        await DropAsync();

        var (status, reply) = await InvokeAsync("PullSnapshot", ServiceBus(new JsonObject { ["source"] = "lcs" }, 1, "pull-bad").Replace("\"notification\"", "\"pull\"", StringComparison.Ordinal));
        var (again, _) = await InvokeAsync("PullSnapshot", ServiceBus(new JsonObject { ["source"] = "lcs" }, 2, "pull-bad").Replace("\"notification\"", "\"pull\"", StringComparison.Ordinal));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (status, again));
        Assert.Equal(["lcs: 2 new extracts", "2026-11-16: Refused", "2026-11-23: Ingested"], reply.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
        var record = (await new PullLog(await TablesAsync()).ListAsync("lcs"))["2026-11-16"];
        Assert.Contains("team_id: names a team that is not in teams.csv", record.Report, StringComparison.Ordinal);
        var email = Assert.Single(Directory.GetFiles(Outbox, "*.eml", SearchOption.AllDirectories));
        Assert.Contains("workers.csv:", File.ReadAllText(email), StringComparison.Ordinal);
        Assert.Equal(new NodaTime.LocalDate(2026, 11, 23), Assert.Single(await new SnapshotStore(await TablesAsync(), clock).ListAsync()).AsOf);
        Assert.Empty(await new PoisonMessages(await TablesAsync(), clock).ListAsync("PullSnapshot"));
    }

    [Fact]
    public async Task A_queued_send_asks_storage_four_times_whatever_the_council_and_a_redelivery_asks_once()
    {
        await app!.Services.GetRequiredService<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var messages = (await InvokeAsync("WeeklyBreaches", Payload("timer.json"))).Reply.GetProperty("Outputs").GetProperty("notifications").EnumerateArray().ToList();
        Assert.True(messages.Count > 5);

        var counts = new List<int>();
        foreach (var message in messages.Take(3))
        {
            var before = tableProxy!.Requests + blobProxy!.Requests;
            var (_, reply) = await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(message.GetRawText())!, 1, "n"));
            Assert.StartsWith("sent 2026-W47", reply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
            counts.Add(tableProxy.Requests + blobProxy.Requests - before);
        }

        var beforeAgain = tableProxy!.Requests + blobProxy!.Requests;
        await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(messages[0].GetRawText())!, 2, "n"));

        // Read the ledger row, hold it, load the prepared message, record it sent: nothing is composed or evaluated.
        Assert.Equal([4, 4, 4], counts);
        Assert.Equal(1, tableProxy.Requests + blobProxy.Requests - beforeAgain);
    }

    [Fact]
    public async Task A_redelivered_message_that_meets_a_live_hold_is_in_flight_not_sent_and_the_sweep_sends_it_after_the_lease()
    {
        await app!.Services.GetRequiredService<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var message = (await InvokeAsync("WeeklyBreaches", Payload("timer.json"))).Reply.GetProperty("Outputs").GetProperty("notifications").EnumerateArray().First();
        var week = new IsoWeek(2026, 47);
        var key = NotificationKey.TryParse(message.GetProperty("key").GetString(), out var parsed) ? parsed : throw new InvalidOperationException();

        // Another instance holds it (and dies holding it).
        var ledger = new NotificationLedger(await TablesAsync());
        var (record, etag) = (await ledger.GetAsync(week, key))!.Value;
        await ledger.ChangeAsync(week, record.Hold("another-instance", clock.GetUtcNow(), TimeSpan.FromSeconds(600)).Next, etag);

        var (status, held) = await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(message.GetRawText())!, 2, "n-held"));
        var sweepDuringLease = (await InvokeAsync("DeliverySweep", Payload("timer.json"))).Reply.GetProperty("Outputs").GetProperty("notifications");
        clock.Advance(TimeSpan.FromSeconds(601));
        var sweep = (await InvokeAsync("DeliverySweep", Payload("timer.json"))).Reply.GetProperty("Outputs").GetProperty("notifications").EnumerateArray().ToList();
        var swept = sweep.Single(m => m.GetProperty("key").GetString() == key.ToString());
        var (_, sent) = await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(swept.GetRawText())!, 1, "n-swept"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("in flight 2026-W47", held.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(sweepDuringLease.EnumerateArray(), m => m.GetProperty("key").GetString() == key.ToString());
        Assert.StartsWith("sent 2026-W47", sent.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Sent, (await ledger.GetAsync(week, key))!.Value.Record.Status);
    }

    [Fact]
    public async Task Health_is_forwarded_as_it_came_and_answers_with_what_it_found()
    {
        // enableForwardingHttpRequest: the host passes the browser's request on with its path, and its answer back.
        using var response = await client!.GetAsync(new Uri("/api/Health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("reachable", body.RootElement.GetProperty("storage").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("lastSnapshot").ValueKind);
    }
}
