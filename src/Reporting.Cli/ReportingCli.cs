using System.CommandLine;
using Caseload.Reporting.Cli.Commands;
using Microsoft.Extensions.Configuration;

namespace Caseload.Reporting.Cli;

/// <summary>The <c>reporting</c> command line: its verbs, run against the given output streams.</summary>
public static class ReportingCli
{
    /// <summary>Runs a command line and returns its exit code: 0 done, 1 rejected input or usage error.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="stdout">Where results go (JSON is written as UTF-8 bytes).</param>
    /// <param name="stderr">Where problems go.</param>
    /// <param name="configuration">Settings (<c>Reporting:Storage</c>, <c>Reporting:Email:*</c>); the environment's when not given.</param>
    public static int Run(string[] args, Stream stdout, TextWriter stderr, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        using var output = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { AutoFlush = false };
        var console = new CliConsole(stdout, output, stderr, configuration ?? new ConfigurationBuilder().AddEnvironmentVariables().Build(), TimeProvider.System);
        var root = new RootCommand("Caseload Reporting: children's social care caseloads against the council's policy.")
        {
            EvaluateCommand.Create(console),
            ValidateCommand.Create(console),
            GenerateCommand.Create(console),
            IngestCommand.Create(console),
            PolicyCommand.Create(console),
            PlanCommand.Create(console),
            SourcesCommand.Create(console),
            SourcesCommand.Pull(console),
            ForgetCommand.Create(console),
            RunWeeklyCommand.Create(console),
            MonthlyCommands.Digest(console),
            MonthlyCommands.RunMonthly(console),
            ShowWeekCommand.Create(console),
            PreviewCommand.Create(console),
            NotificationsCommand.Create(console),
            DemoCommand.Create(console),
            BenchCommand.Create(console),
        };

        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = stderr });
        }
        finally
        {
            output.Flush();
        }
    }
}

/// <summary>What a verb works with: bytes or text on stdout, problems on stderr, settings and the clock.</summary>
/// <param name="Bytes">stdout as bytes, for JSON.</param>
/// <param name="Out">stdout as text.</param>
/// <param name="Error">stderr.</param>
/// <param name="Configuration">Settings.</param>
/// <param name="Time">The clock.</param>
internal sealed record CliConsole(Stream Bytes, TextWriter Out, TextWriter Error, IConfiguration Configuration, TimeProvider Time);
