using System.CommandLine;
using Caseload.Reporting.Cli.Commands;

namespace Caseload.Reporting.Cli;

/// <summary>The <c>reporting</c> command line: its verbs, run against the given output streams.</summary>
public static class ReportingCli
{
    /// <summary>Runs a command line and returns its exit code: 0 done, 1 rejected input or usage error.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="stdout">Where results go (JSON is written as UTF-8 bytes).</param>
    /// <param name="stderr">Where problems go.</param>
    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        using var output = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { AutoFlush = false };
        var console = new CliConsole(stdout, output, stderr);
        var root = new RootCommand("Caseload Reporting: children's social care caseloads against the council's policy.")
        {
            EvaluateCommand.Create(console),
            ValidateCommand.Create(console),
            GenerateCommand.Create(console),
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

/// <summary>The streams a verb writes to: bytes or text on stdout, problems on stderr.</summary>
/// <param name="Bytes">stdout as bytes, for JSON.</param>
/// <param name="Out">stdout as text.</param>
/// <param name="Error">stderr.</param>
internal sealed record CliConsole(Stream Bytes, TextWriter Out, TextWriter Error);
