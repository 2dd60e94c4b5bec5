using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>What one run of a verb as a process took.</summary>
/// <param name="Seconds">Wall time, start to exit.</param>
/// <param name="PeakMegabytes">Peak resident memory (VmHWM, sampled every 2 ms).</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Error">What it wrote to stderr.</param>
/// <param name="Output">What it wrote to stdout, when kept.</param>
public sealed record VerbRun(double Seconds, double PeakMegabytes, int ExitCode, string Error, string Output);

/// <summary>
/// This program (the <c>reporting</c> CLI) run again as a separate process: a benchmark stage is timed and its memory
/// measured as the process it is in production, not as part of the benchmark's own.
/// </summary>
public static class Verb
{
    /// <summary>Runs <c>reporting {arguments}</c> with extra environment variables, and measures it.</summary>
    /// <param name="arguments">The verb and its arguments.</param>
    /// <param name="environment">Environment variables to add.</param>
    /// <param name="watchMemory">Whether to sample its peak memory (a timed run is better left unwatched).</param>
    /// <param name="keepOutput">Whether to keep stdout rather than throw it away (a verb writing megabytes of JSON is better not kept).</param>
    public static Task<VerbRun> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, bool watchMemory = true, bool keepOutput = false)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var self = Environment.ProcessPath!;
        IEnumerable<string> command = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [self, Assembly.GetEntryAssembly()!.Location] : [self];
        return ProgramAsync([.. command, .. arguments], environment, watchMemory, keepOutput);
    }

    /// <summary>Runs any program (its path, then its arguments) as <see cref="RunAsync"/> runs a verb, and measures it.</summary>
    public static async Task<VerbRun> ProgramAsync(IEnumerable<string> command, IReadOnlyDictionary<string, string>? environment = null, bool watchMemory = true, bool keepOutput = false)
    {
        ArgumentNullException.ThrowIfNull(command);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = keepOutput };

        // exec keeps the pid, so that the process watched is the program itself, not the shell.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(keepOutput ? "exec \"$@\"" : "exec \"$@\" > /dev/null");
        start.ArgumentList.Add("sh");
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = keepOutput ? process.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        var peak = 0L;
        while (!process.HasExited)
        {
            if (watchMemory)
            {
                peak = Math.Max(peak, PeakResidentKilobytes(process.Id));
            }

            await Task.Delay(2).ConfigureAwait(false);
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        clock.Stop();
        return new VerbRun(clock.Elapsed.TotalSeconds, peak / 1024.0, process.ExitCode, await error.ConfigureAwait(false), await output.ConfigureAwait(false));
    }

    private static long PeakResidentKilobytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
