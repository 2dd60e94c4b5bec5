using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Cli;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Jobs.Weekly;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Tests that listen to the product's meter: alone, so that no other test's measurements reach their listener.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryListeners
{
    public const string Name = "Telemetry";
}

/// <summary>
/// What the jobs tell IT, as exporters receive it: the metrics with their attributes and the spans of a weekly run
/// and of the breach pages, through OpenTelemetry's in-memory exporter and through a loopback OTLP receiver over
/// HTTP and gRPC from the command line; and in none of it a worker's or child's name or id, an address or a link.
/// </summary>
[Collection(TelemetryListeners.Name)]
public sealed partial class TelemetryTests : IDisposable
{
    private const string Key = "a-test-signing-key-of-at-least-32-characters";
    private readonly string root = Directory.CreateTempSubdirectory("caseload-telemetry-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 9, 7, 7, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Reporting:PublicBaseUrl"] = "https://func-caseload.azurewebsites.net",
        ["Reporting:Actions:SigningKey"] = Key,
    };

    [Fact]
    public async Task A_weekly_run_and_the_breach_pages_export_their_metrics_and_spans_and_nothing_that_names_a_person()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(ReportingTelemetry.Name).AddInMemoryExporter(metrics).Build();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(ReportingTelemetry.Name).AddInMemoryExporter(spans).Build();
        using var council = new CouncilFolders(weeks: 1, workers: 40, seed: 3);
        var outbox = Path.Combine(root, "outbox");
        await using var reporting = MemoryReporting.Create(clock, outbox, settings: Settings());
        await reporting.Job<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        var week = IsoWeek.Of(SnapshotReader.Read(council.Weeks[0]).AsOf);

        var (prepared, delivered) = await reporting.Job<WeeklyJob>().RunAsync(week);
        // A queue message delivered again, as Service Bus may: the ledger says it went.
        var redelivered = await reporting.Job<Jobs.Delivery.DeliveryJob>().DeliverAsync(week, prepared.Notifications.Records[0].Key);

        // The breach pages: a link opened and an action recorded through it, a forged link, one signed with a key
        // since retired, a form too long, a client asking too often.
        var emails = Directory.GetFiles(Path.Combine(outbox, week.ToString()), "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        var token = emails.Select(e => Link().Match(e.TextBody ?? "")).First(m => m.Success).Groups[1].Value;
        var pages = reporting.Job<ActionJob>();
        var opened = await pages.OpenAsync(token);
        var recorded = await pages.RecordAsync(token, new Dictionary<string, string> { ["kind"] = "support", ["until"] = "2026-09-25", ["note"] = "Pairing with a senior practitioner" });
        var forged = await pages.OpenAsync(token[..^4] + "AAAA");
        var tooLong = await pages.RecordAsync(token, _ => Task.FromResult(ReceivedForm.TooLarge));
        await ActionJob.TooManyRequestsAsync();
        await using var rotated = MemoryReporting.Create(clock, outbox, settings: new Dictionary<string, string?>(Settings()) { ["Reporting:Actions:SigningKey"] = "another-test-signing-key-of-at-least-32-characters" }, storage: (await reporting.StoresAsync()).Storage);
        var retired = await rotated.Job<ActionJob>().OpenAsync(token);
        meters.ForceFlush();
        tracer.ForceFlush();

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.Forbidden],
            [opened.Status, recorded.Status, forged.Status, tooLong.Status, retired.Status]);

        // reporting.notifications: each team manager's and head of service's email sent once, then already sent.
        var sent = delivered!.Sent;
        Assert.True(sent > 0);
        var notified = Points(metrics, ReportingTelemetry.Notifications);
        Assert.Equal(sent, notified.Where(p => p.Tags["outcome"] == "sent" && p.Tags["channel"] == "email").Sum(p => p.Value));
        Assert.Equal(emails.Count, notified.Where(p => p.Tags["outcome"] == "sent").Sum(p => p.Value));
        Assert.Equal(Jobs.Delivery.DeliveryOutcome.AlreadySent, redelivered.Outcome);
        Assert.Equal(1, notified.Where(p => p.Tags["outcome"] == "already_sent").Sum(p => p.Value));
        Assert.Subset(new HashSet<string> { "team_manager", "service_roll_up" }, notified.Select(p => p.Tags["kind"]).ToHashSet());

        // reporting.run.duration: the week prepared, then delivered; the second delivery found all sent.
        var runs = Points(metrics, ReportingTelemetry.RunDuration);
        Assert.Contains(runs, p => p.Tags["job"] == "weekly" && p.Tags["outcome"] == "prepared" && p.Value == 1);
        Assert.Contains(runs, p => p.Tags["job"] == "delivery" && p.Tags["outcome"] == "delivered");
        Assert.Contains(runs, p => p.Tags["job"] == "delivery" && p.Tags["outcome"] == "already_sent");

        // reporting.workers_over_limit: the evaluation's amber and red case holders.
        var evaluation = prepared.Evaluation!.Evaluation;
        var bands = Points(metrics, ReportingTelemetry.WorkersOverLimit).ToDictionary(p => p.Tags["band"], p => p.Value);
        Assert.Equal(evaluation.Workers.Count(w => w.Band == Evaluation.Band.Amber), bands["amber"]);
        Assert.Equal(evaluation.Workers.Count(w => w.Band == Evaluation.Band.Red), bands["red"]);

        // reporting.breach_page.requests: every answer counted by what it was.
        var page = Points(metrics, ReportingTelemetry.BreachPageRequests).ToDictionary(p => p.Tags["outcome"], p => p.Value);
        Assert.Equal(new Dictionary<string, long> { ["opened"] = 1, ["recorded"] = 1, ["refused"] = 1, ["too_large"] = 1, ["rate_limited"] = 1, ["expired"] = 1 }, page);

        // Spans: the run and its stages, each with the period.
        Assert.Contains(spans, s => s.DisplayName == "weekly run" && (string?)s.GetTagItem("reporting.period") == week.ToString() && s.GetTagItem("reporting.notifications") is not null);
        Assert.Contains(spans, s => s.DisplayName == "compose notifications" && (string?)s.GetTagItem("reporting.period") == week.ToString());
        Assert.Contains(spans, s => s.DisplayName == "deliver notification" && (string?)s.GetTagItem("reporting.kind") == "team_manager");
        Assert.Contains(spans, s => s.DisplayName == "delivery run" && s.Status == ActivityStatusCode.Ok);

        // Nothing exported names a person or carries a link.
        var exported = metrics.SelectMany(m => Points(metrics, m.Name).SelectMany(p => p.Tags.Select(t => $"{m.Name} {t.Key}={t.Value}")))
            .Concat(spans.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}").Append(s.DisplayName).Concat(s.Events.Select(e => e.Name))))
            .ToList();
        AssertNamesNoOne(string.Join("\n", exported), council.Weeks[0], token);
    }

    [Theory]
    [InlineData("http/protobuf")]
    [InlineData("grpc")]
    public async Task A_weekly_run_through_the_command_line_exports_over_otlp_to_a_loopback_collector(string protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var azurite = await Tooling.Local.AzuriteServer.StartAsync();
        using var council = new CouncilFolders(weeks: 2, workers: 30, seed: 9);
        var week = IsoWeek.Of(SnapshotReader.Read(council.Weeks[0]).AsOf);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(Settings())
        {
            ["Reporting:Storage"] = azurite.ConnectionString,
            ["Reporting:TablePrefix"] = AzuriteFixture.NewPrefix(),
            ["Reporting:Email:OutboxPath"] = Path.Combine(root, "outbox"),
            ["Reporting:Email:FallbackTo"] = "fallback@council.example",
            ["Reporting:Blob"] = azurite.ConnectionString,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = protocol == "grpc" ? receiver.GrpcEndpoint : receiver.HttpEndpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        }).Build();

        // The week arrives as a blob drop, pulled as the daily function pulls it; then the week is run.
        var container = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("drop");
        await container.CreateIfNotExistsAsync();
        foreach (var file in Directory.GetFiles(council.Weeks[0]))
        {
            await container.GetBlobClient($"caseload/{week}/{Path.GetFileName(file)}").UploadAsync(file);
        }

        var sources = Path.Combine(root, "sources.json");
        await File.WriteAllTextAsync(sources, """{"sources": [{"id": "lcs", "kind": "blob", "container": "drop", "prefix": "caseload/"}]}""");
        var sourcesSet = ReportingCli.Run(["sources", "set", sources], new MemoryStream(), TextWriter.Null, settings, clock);
        var pulled = new StringWriter();
        var pull = ReportingCli.Run(["pull"], new MemoryStream(), pulled, settings, clock);
        var stderr = new StringWriter();
        var run = ReportingCli.Run(["run-weekly", "--week", week.ToString()], new MemoryStream(), stderr, settings, clock);

        // The data team loads extracts by hand too: the next week (stored), the same week again (already stored), and a
        // broken one (refused).
        var broken = Path.Combine(root, "broken");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(council.Weeks[0]))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        File.AppendAllText(Path.Combine(broken, "workers.csv"), "SW999999,Late Starter,late@council.example,T999,social_worker,1,no,no\n");
        var next = ReportingCli.Run(["ingest", council.Weeks[1]], new MemoryStream(), TextWriter.Null, settings, clock);
        var again = ReportingCli.Run(["ingest", council.Weeks[0]], new MemoryStream(), TextWriter.Null, settings, clock);
        var refused = ReportingCli.Run(["ingest", broken], new MemoryStream(), TextWriter.Null, settings, clock);

        Assert.Equal(0, sourcesSet);
        Assert.True(pull == 0, pulled.ToString());
        Assert.True(run == 0, stderr.ToString());
        var points = receiver.Points();
        Assert.Equal((0, 0, 1), (next, again, refused));
        Assert.Contains(points, p => p.Metric == ReportingTelemetry.Extracts && p.Attributes["outcome"] == "stored" && p.Attributes["kind"] == "blob" && p.Value == 1);
        Assert.Contains(points, p => p.Metric == ReportingTelemetry.Extracts && p.Attributes["outcome"] == "stored" && p.Attributes["kind"] == "file" && p.Value == 1);
        Assert.Contains(points, p => p.Metric == ReportingTelemetry.Extracts && p.Attributes["outcome"] == "already_stored" && p.Attributes["kind"] == "file" && p.Value == 1);
        Assert.Contains(points, p => p.Metric == ReportingTelemetry.Extracts && p.Attributes["outcome"] == "refused" && p.Attributes["kind"] == "file" && p.Value == 1);
        Assert.Contains(points, p => p.Metric == ReportingTelemetry.RunDuration && p.Attributes["job"] == "pull" && p.Attributes["outcome"] == "pulled");
        Assert.Contains(points, p => p.Metric == ReportingTelemetry.Notifications && p.Attributes["kind"] == "team_manager" && p.Attributes["channel"] == "email" && p.Attributes["outcome"] == "sent" && p.Value > 0);
        Assert.Contains(points, p => p.Metric == ReportingTelemetry.RunDuration && p.Attributes["job"] == "weekly" && p.Attributes["outcome"] == "prepared");
        Assert.Contains(points, p => p.Metric == ReportingTelemetry.WorkersOverLimit && p.Attributes["band"] is "amber" or "red");
        var spans = receiver.Spans();
        Assert.Contains(spans, s => s.Name == "weekly run" && s.Attributes["reporting.period"] == week.ToString());
        Assert.Contains(spans, s => s.Name == "deliver notification" && s.Attributes["reporting.status"] == "sent");
        Assert.Contains(spans, s => s.Name == "pull source" && s.Attributes["reporting.source"] == "lcs" && s.Attributes["reporting.extracts"] == "1");
        Assert.DoesNotContain(receiver.Received, r => r.Signal == "logs");
        var exported = string.Join("\n", receiver.Received.Select(r => Encoding.UTF8.GetString(r.Body)));
        AssertNamesNoOne(exported, council.Weeks[0], null);
        AssertNamesNoOne(exported, council.Weeks[1], null);
    }

    /// <summary>No worker's id, name or address, no child's id, no team manager's address and no link token in what was exported.</summary>
    private static void AssertNamesNoOne(string exported, string snapshotFolder, string? token)
    {
        var snapshot = SnapshotReader.Read(snapshotFolder);
        var forbidden = snapshot.Workers.SelectMany(w => new[] { w.Id, w.Name, w.Email })
            .Concat(snapshot.ChildIds)
            .Concat(token is null ? [] : [token, token[..20]])
            .Where(s => s.Length >= 3)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var found = forbidden.Where(f => Regex.IsMatch(exported, $"(?<![A-Za-z0-9]){Regex.Escape(f)}(?![A-Za-z0-9])")).ToList();
        Assert.True(found.Count == 0, $"exported telemetry holds {string.Join(", ", found.Take(5))}");
        Assert.DoesNotMatch("@[a-z]+\\.example", exported);
    }

    private static List<(Dictionary<string, string> Tags, long Value)> Points(List<Metric> metrics, string name)
    {
        var points = new List<(Dictionary<string, string>, long)>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, string>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value?.ToString() ?? "";
                }

                long value = metric.MetricType switch
                {
                    MetricType.LongSum => point.GetSumLong(),
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    MetricType.Histogram => point.GetHistogramCount(),
                    _ => 0,
                };
                points.Add((tags, value));
            }
        }

        return points;
    }

    [GeneratedRegex(@"/api/breach/(v2\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex Link();
}
