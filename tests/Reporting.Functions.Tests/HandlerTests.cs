using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Caseload.Reporting.Functions.Functions;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Poison;
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
    private WebApplication? app;
    private HttpClient? client;

    private static string Payload(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    private string Outbox => Path.Combine(council.Root, "outbox");

    public async Task InitializeAsync()
    {
        // The generated council's first week is 2026-09-07; give it this week's date instead.
        File.WriteAllText(Path.Combine(council.Weeks[0], "snapshot.json"), """{"asOf": "2026-11-16", "source": "lcs-nightly"}""");
        app = FunctionsHost.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Reporting:Storage"] = azurite.ConnectionString,
                ["Reporting:TablePrefix"] = prefix,
                ["Reporting:Email:OutboxPath"] = Outbox,
                ["Reporting:Email:FallbackTo"] = "fallback@council.example",
                ["Reporting:Email:LeadershipTo"] = "director@council.example",
                ["Reporting:Sources:lcs:Folder"] = council.Weeks[0],
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
        var pulls = (await InvokeAsync("PullSchedule", Payload("timer.json"))).Reply.GetProperty("Outputs").GetProperty("pulls");
        Assert.Equal("""[{"source":"lcs"}]""", pulls.GetRawText());
        var (pulled, pullReply) = await InvokeAsync("PullSnapshot", ServiceBus(JsonNode.Parse(pulls[0].GetRawText())!, 1, "pull-1").Replace("\"notification\"", "\"pull\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, pulled);
        Assert.StartsWith("stored: 2026-11-16.", pullReply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);

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
        Assert.Equal(messages.Count, (await new NotificationLedger(await TablesAsync(), clock).ListAsync("2026-W47")).Count(e => e.Status == "sent"));
    }

    [Fact]
    public async Task The_monthly_timer_on_the_first_stores_last_month_and_each_leaders_digest_goes_once()
    {
        var tables = await TablesAsync();
        await new Caseload.Reporting.Jobs.Ingest.IngestJob(tables, clock).IngestFolderAsync(council.Weeks[0], null);
        await new Caseload.Reporting.Storage.Improvement.PlanStore(tables, clock).SetAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json")));
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));

        var (status, reply) = await InvokeAsync("MonthlyDigest", Payload("timer.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-11: Computed, 1 recipient(s)", reply.GetProperty("Logs")[0].GetString());
        var message = Assert.Single(reply.GetProperty("Outputs").GetProperty("notifications").EnumerateArray());
        var stored = await new Caseload.Reporting.Storage.Improvement.ImprovementStore(tables).LoadAsync(new NodaTime.YearMonth(2026, 11));
        Assert.NotNull(stored);
        clock.Advance(TimeSpan.FromMinutes(5));
        for (var delivery = 1; delivery <= 2; delivery++)
        {
            var (sent, sentReply) = await InvokeAsync("SendNotification", ServiceBus(JsonNode.Parse(message.GetRawText())!, delivery, "digest-1"));
            Assert.Equal(HttpStatusCode.OK, sent);
            Assert.StartsWith(delivery == 1 ? "sent 2026-11 leadership_digest" : "already sent 2026-11", sentReply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Single(Directory.GetFiles(Path.Combine(Outbox, "2026-11"), "*.eml"));
        // Sending composes from the stored data; the month the timer stored is not stored again.
        Assert.Equal(stored.ComputedAt, (await new Caseload.Reporting.Storage.Improvement.ImprovementStore(tables).LoadAsync(new NodaTime.YearMonth(2026, 11)))!.ComputedAt);
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
    public async Task Retention_deletes_nothing_until_the_council_sets_how_long_to_keep()
    {
        var tables = await TablesAsync();
        await new Caseload.Reporting.Jobs.Ingest.IngestJob(tables, clock).IngestFolderAsync(council.Weeks[0], null);

        var (status, reply) = await InvokeAsync("Retention", Payload("timer.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Reporting:Retention:Days is not set: nothing deleted", reply.GetProperty("Logs")[0].GetString());
        Assert.Single(await new Caseload.Reporting.Storage.Snapshots.SnapshotStore(tables, clock).ListAsync());
    }

    [Fact]
    public async Task A_rejected_snapshot_is_recorded_and_its_message_completes()
    {
        File.AppendAllText(Path.Combine(council.Weeks[0], "workers.csv"), "SW999999,Late Starter,late@council.example,T999,social_worker,1,no,no\n");

        var (status, reply) = await InvokeAsync("PullSnapshot", ServiceBus(new JsonObject { ["source"] = "lcs" }, 1, "pull-bad").Replace("\"notification\"", "\"pull\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("rejected:", reply.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        var (messageId, reason) = Assert.Single(await new PoisonMessages(await TablesAsync(), clock).ListAsync("PullSnapshot"));
        Assert.Equal("pull-bad", messageId);
        Assert.Contains("workers.csv:", reason, StringComparison.Ordinal);
        Assert.Contains("team 'T999' is not in teams.csv", reason, StringComparison.Ordinal);
        Assert.Empty(await new Caseload.Reporting.Storage.Snapshots.SnapshotStore(await TablesAsync(), clock).ListAsync());
    }

    [Fact]
    public async Task Health_answers_through_its_http_output_with_what_it_found()
    {
        const string Request = """{"Data":{"req":{"Url":"http://localhost:7071/api/Health","Method":"GET","Query":{},"Headers":{},"Params":{}}},"Metadata":{}}""";

        var (status, reply) = await InvokeAsync("Health", Request);

        Assert.Equal(HttpStatusCode.OK, status);
        var res = reply.GetProperty("Outputs").GetProperty("res");
        Assert.Equal(200, res.GetProperty("statusCode").GetInt32());
        using var body = JsonDocument.Parse(res.GetProperty("body").GetString()!);
        Assert.Equal("reachable", body.RootElement.GetProperty("storage").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("lastSnapshot").ValueKind);
    }
}
