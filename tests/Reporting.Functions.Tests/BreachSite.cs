using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The Functions handler serving the breach pages on a loopback port, as the host forwards to it, over a generated
/// council's week 47 in Azurite; every log line it writes, at every level, is kept for a test to read.
/// </summary>
internal sealed partial class BreachSite : IAsyncDisposable
{
    private readonly CouncilFolders council = new(weeks: 1, workers: 40);
    private readonly int port = FreePort();

    private BreachSite(FakeTimeProvider clock, IReadOnlyDictionary<string, string?> settings)
    {
        Clock = clock;
        Settings = settings;
    }

    /// <summary>The handler's clock: Monday 16 November 2026, 07:00 in London, the weekly hour of week 47.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The handler's settings, for a CLI run against the same storage.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public WebApplication App { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{port}";

    public string Outbox => Path.Combine(council.Root, "outbox");

    /// <summary>Every log line the handler wrote: category, level and message.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Starts the handler on Azurite with the settings given on top of the breach pages' own.</summary>
    public static async Task<BreachSite> StartAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? more = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            ["Reporting:Storage"] = azurite.ConnectionString,
            ["Reporting:TablePrefix"] = AzuriteFixture.NewPrefix(),
            ["Reporting:Email:FallbackTo"] = "fallback@council.example",
            ["Reporting:Actions:SigningKey"] = "a-browser-test-signing-key-of-32-characters",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var site = new BreachSite(clock, settings);
        settings["Reporting:Email:OutboxPath"] = site.Outbox;
        settings["Reporting:PublicBaseUrl"] = site.BaseUrl;
        File.WriteAllText(Path.Combine(site.council.Weeks[0], "snapshot.json"), """{"asOf": "2026-11-16", "source": "lcs-nightly"}""");
        site.App = FunctionsHost.Build([], builder =>
        {
            builder.WebHost.UseUrls(site.BaseUrl);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new Kept(site.Logs));
        });
        await site.App.StartAsync();
        return site;
    }

    /// <summary>The week prepared and sent; the first "Record what you are doing" link of a manager's email, and that email's worker.</summary>
    public async Task<(string Link, string Worker)> LinkFromEmailAsync()
    {
        await App.Services.GetRequiredService<IngestJob>().IngestFolderAsync(council.Weeks[0], null);
        await App.Services.GetRequiredService<WeeklyJob>().RunAsync(new IsoWeek(2026, 47));
        foreach (var file in Directory.GetFiles(Path.Combine(Outbox, "2026-W47"), "team_manager-*.eml"))
        {
            var text = (await MimeMessage.LoadAsync(file)).TextBody ?? "";
            if (Link().Match(text) is { Success: true } found)
            {
                return (found.Groups["link"].Value, found.Groups["worker"].Value);
            }
        }

        throw new InvalidOperationException("No manager's email has a breach with a link: the generated council should have some.");
    }

    /// <summary>The worker_id of a worker named in the roster.</summary>
    public string WorkerIdOf(string name) =>
        File.ReadLines(Path.Combine(council.Weeks[0], "workers.csv")).Skip(1).Select(line => line.Split(',')).First(w => w[1] == name)[0];

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        council.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"- (?<worker>[^(:\n]+?)(?: \([^)]*\))?: caseload[^\n]*\n[^\n]*\n  Record what you are doing: (?<link>\S+)")]
    private static partial Regex Link();

    private sealed class Kept(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
