using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Jobs;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Tooling.Local;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The real Azurite (blob and table services) on free loopback ports that every collection and class of tests on
/// storage shares; each test takes tables and containers of its own. One process, started by the first to ask and
/// stopped when the test process exits: each Azurite started pays Node's start and its code's warming up again
/// (eight of them took 58 CPU-s of Azurite where two took 36-47).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<AzuriteServer>> Shared = new(StartAsync);
    private AzuriteServer? server;

    public string ConnectionString => server!.ConnectionString;

    public async Task InitializeAsync() => server = await Shared.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<AzuriteServer> StartAsync()
    {
        var started = await AzuriteServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => started.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return started;
    }

    /// <summary>A prefix no other test uses.</summary>
    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..11];

    /// <summary>Fresh tables and containers, named apart from every other test's.</summary>
    public Task<ReportingStorage> TablesAsync() =>
        ReportingStorage.ConnectAsync(new ReportingStorageOptions { Storage = ConnectionString, TablePrefix = NewPrefix() });

    /// <summary>
    /// The product's jobs through the one composition root, over storage of the test's own, on the test's clock, with
    /// emails to <paramref name="outbox"/> (or through <paramref name="sender"/>), any other settings given, and any
    /// services <paramref name="with"/> registers (a channel of the test's own).
    /// </summary>
    public TestReporting Reporting(TimeProvider clock, string outbox, EmailSender? sender = null, IReadOnlyDictionary<string, string?>? settings = null, string? storage = null, Action<IServiceCollection>? with = null) =>
        TestReporting.Create(storage ?? ConnectionString, clock, outbox, sender, settings, with ?? (_ => { }));
}

/// <summary>The jobs of one test, and the settings they were built with (for the CLI over the same storage).</summary>
public sealed class TestReporting(ServiceProvider services, IReadOnlyDictionary<string, string?> settings, string storage) : IAsyncDisposable
{
    internal static TestReporting Create(string storage, TimeProvider clock, string outbox, EmailSender? sender, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection> replace)
    {
        var all = new Dictionary<string, string?>
        {
            ["Reporting:TablePrefix"] = AzuriteFixture.NewPrefix(),
            ["Reporting:Email:OutboxPath"] = outbox,
            ["Reporting:Email:FallbackTo"] = "fallback@council.example",
            ["Reporting:Email:From"] = "Caseload Reports <reports@council.example>",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        return new TestReporting(LocalReporting.Build(storage, all, services =>
        {
            services.AddSingleton(clock);
            if (sender is not null)
            {
                services.AddSingleton(sender);
            }

            replace(services);
        }), all, storage);
    }

    public IReadOnlyDictionary<string, string?> Settings { get; } = settings;

    public T Job<T>() where T : notnull => services.GetRequiredService<T>();

    /// <summary>The command line over the same storage and settings, on <paramref name="clock"/>, as IT runs it.</summary>
    public (int Exit, string Out, string Error) Cli(TimeProvider clock, params string[] args) =>
        CommandLine.Run(new Dictionary<string, string?>(Settings) { ["Reporting:Storage"] = storage }, clock, args);

    /// <summary>The stores behind the jobs (and their storage), to look at what they stored.</summary>
    public Task<ReportingStores> StoresAsync() => services.GetRequiredService<StorageConnection>().GetAsync();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

/// <summary>The <c>reporting</c> command line run in the test's process: its exit code, what it wrote to stdout and to stderr.</summary>
internal static class CommandLine
{
    public static (int Exit, string Out, string Error) Run(IReadOnlyDictionary<string, string?> settings, TimeProvider clock, params string[] args)
    {
        using var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var exit = Caseload.Reporting.Cli.ReportingCli.Run(args, stdout, stderr, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), clock);
        return (exit, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}

/// <summary>
/// Tests on storage that run one at a time. The longest classes (the fault tests, the hostile snapshots, the backups,
/// five years of history, the pulls; the Functions tests' check of every email in Chromium) take the fixture as a
/// class fixture instead, so that each runs beside the rest: on two cores a collection of the longest was the whole
/// test run's longest chain (46 s of tests one after another, 110-145 s beside the other test projects).
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
