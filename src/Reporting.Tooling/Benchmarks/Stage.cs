using System.Diagnostics;
using System.Globalization;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>Times one stage of a benchmark and its peak resident memory, and says both.</summary>
public static class Stage
{
    /// <summary>Runs a stage, writing its time and peak resident memory (this process's VmHWM, reset before it).</summary>
    public static async Task<T> MeasureAsync<T>(TextWriter output, string name, Func<Task<T>> stage)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(stage);

        // Writing 5 to clear_refs resets the peak resident size, so that each stage reports its own peak.
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var result = await stage().ConfigureAwait(false);
        clock.Stop();
        await output.WriteLineAsync($"{name}: {clock.Elapsed.TotalSeconds:0.00} s, peak resident {PeakResidentMegabytes():0} MB").ConfigureAwait(false);
        return result;
    }

    /// <summary>This process's peak resident memory since the last reset, in MB.</summary>
    public static double PeakResidentMegabytes()
    {
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.Parse(peak, CultureInfo.InvariantCulture) / 1024.0;
    }
}
