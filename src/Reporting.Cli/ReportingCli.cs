using System.CommandLine;
using Caseload.Reporting.Cli.Commands;
using Caseload.Reporting.Jobs;
using Caseload.Reporting.Jobs.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caseload.Reporting.Cli;

/// <summary>The <c>reporting</c> command line: its verbs, run against the given output streams.</summary>
public static class ReportingCli
{
    /// <summary>Runs a command line and returns its exit code: 0 done, 1 rejected input, a usage error or a failure it explains.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="stdout">Where results go (JSON is written as UTF-8 bytes).</param>
    /// <param name="stderr">Where problems go.</param>
    /// <param name="configuration">Settings (<c>Reporting:Storage</c>, <c>Reporting:Email:*</c>); the environment's when not given.</param>
    /// <param name="time">The clock; the system's when not given.</param>
    public static int Run(string[] args, Stream stdout, TextWriter stderr, IConfiguration? configuration = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        using var output = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { AutoFlush = false };
        using var console = new CliConsole(stdout, output, stderr, configuration ?? new ConfigurationBuilder().AddEnvironmentVariables().Build(), time ?? TimeProvider.System);
        var root = new RootCommand("Caseload Reporting: children's social care caseloads against the council's policy.")
        {
            EvaluateCommand.Create(console),
            ValidateCommand.Create(console),
            GenerateCommand.Create(console),
            IngestCommand.Create(console),
            PolicyCommand.Create(console),
            PlanCommand.Create(console),
            BenchmarksCommand.Create(console),
            CensusCommand.Create(console),
            RegionCommand.Create(console),
            SourcesCommand.Create(console),
            SourcesCommand.Pull(console),
            ForgetCommand.Create(console),
            SubjectAccessCommand.Create(console),
            RunWeeklyCommand.Create(console),
            DeliverCommand.Create(console),
            MonthlyCommands.Digest(console),
            MonthlyCommands.RunMonthly(console),
            MonthlyCommands.ShowMonth(console),
            ShowWeekCommand.Create(console),
            ActionsCommand.Create(console),
            LinksCommand.Create(console),
            PreviewCommand.Create(console),
            NotificationsCommand.Create(console),
            DemoCommand.Create(console),
            LocalCommand.Create(console),
            QueuesCommand.Create(console),
            BackupCommand.Create(console),
            BackupCommand.Restore(console),
            BenchCommand.Create(console),
        };

        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
            {
                // The parser's own words name .NET types ("System.Int32"); a person is told in the option's terms.
                var verb = root.Subcommands.FirstOrDefault(c => args.Length > 0 && c.Name == args[0])?.Name;
                // "Required command was not provided" says nothing when the verb given is not one.
                var errors = parsed.Errors.Count > 1 ? parsed.Errors.Where(e => e.Message != UsageError.NoVerb) : parsed.Errors;
                foreach (var error in errors)
                {
                    stderr.WriteLine(UsageError.Words(error));
                }

                stderr.WriteLine(verb is null ? "see `reporting --help` for the verbs" : $"see `reporting {verb} --help`");
                return 1;
            }

            // Ctrl+C (or SIGTERM) cancels the verb and waits for it to end. System.CommandLine's default wait is 2
            // seconds, after which it exits 130 while the verb is still stopping: `local` and `demo` stop their
            // Azurite then, which may take longer (it saves its tables first), and were cut off mid-save, leaving it
            // running. The wait is as long as Azurite is given to stop, and a little more.
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = output, Error = stderr, EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = Tooling.Local.AzuriteServer.Patience + TimeSpan.FromSeconds(10),
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever a verb did not explain is said in a line, never as a stack trace: settings missing or wrong
            // (InvalidOperationException says what to set), storage unreachable, a file that vanished.
            stderr.WriteLine(Plainly(e));
            return 1;
        }
        finally
        {
            output.Flush();
        }
    }

    /// <summary>
    /// What went wrong, in a line a person can act on. Our own failures say it in words; a file system's are named
    /// by what happened (the runtime's own messages may be resource keys in a trimmed build); anything else is said
    /// without its type, which means nothing to the person reading.
    /// </summary>
    private static string Plainly(Exception e) => e switch
    {
        Storage.StorageUnavailableException when e.Message.Contains("127.0.0.1", StringComparison.Ordinal) || e.Message.Contains("localhost", StringComparison.Ordinal)
            => $"{e.Message}; start one with `reporting local`",
        InvalidOperationException or Storage.StorageSettingException or Storage.StorageUnavailableException or Sources.SourceUnusableException or Sources.PullFailedException => e.Message,
        FileNotFoundException file => $"{file.FileName ?? "a file"}: the file does not exist",
        DirectoryNotFoundException => "a folder given does not exist, or was removed while the command ran",
        UnauthorizedAccessException => "permission denied: a file or folder given cannot be read or written by this user",
        IOException => "a file could not be read or written (is the disk full, or the file open elsewhere?); nothing more was done",
        _ => "failed unexpectedly; nothing more was done. Run the command again; if it fails again, report it with the command you ran",
    };
}

/// <summary>What a verb works with: bytes or text on stdout, problems on stderr, settings, the clock, and the jobs.</summary>
internal sealed class CliConsole : IDisposable
{
    private readonly Lazy<ServiceProvider> services;

    public CliConsole(Stream bytes, TextWriter output, TextWriter error, IConfiguration configuration, TimeProvider time)
    {
        Bytes = bytes;
        Out = output;
        Error = error;
        Configuration = configuration;
        Time = time;
        services = new Lazy<ServiceProvider>(() => Services(configuration));
    }

    /// <summary>stdout as bytes, for JSON.</summary>
    public Stream Bytes { get; }

    /// <summary>stdout as text.</summary>
    public TextWriter Out { get; }

    /// <summary>stderr.</summary>
    public TextWriter Error { get; }

    /// <summary>Settings.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>A job, from the composition root over this console's settings and clock.</summary>
    public T Job<T>() where T : notnull => services.Value.GetRequiredService<T>();

    /// <summary>The jobs over other settings (the demo's own storage and outbox), on this console's clock.</summary>
    public ServiceProvider Services(IConfiguration settings)
    {
        // A person at a terminal is told within seconds that storage cannot be reached, not after half a minute of
        // the SDK's retries; the settings may still say otherwise.
        var withDefaults = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Reporting:StorageRetries"] = "2" })
            .AddConfiguration(settings)
            .Build();
        var provider = new ServiceCollection().AddSingleton(Time).AddReporting(withDefaults).BuildServiceProvider();
        provider.StartTelemetry();
        return provider;
    }

    public void Dispose()
    {
        // Some of what the jobs hold closes only asynchronously (the Service Bus client's connection); the verb has
        // finished, so waiting here holds nothing up.
        if (services.IsValueCreated)
        {
            services.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
