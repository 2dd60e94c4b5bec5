using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Caseload.Reporting.Cli;
using Microsoft.Extensions.Configuration;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The data team's storage from the command line: `reporting local` keeps what was stored across a restart;
/// `forget` lists before it deletes; storage that cannot be reached is one plain line within seconds.
/// </summary>
public sealed class LocalStorageTests
{
    [Fact]
    public async Task A_local_storage_keeps_what_was_stored_across_a_restart_and_forget_deletes_only_with_yes()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "storage");
        var snapshot = Cli.Example("current");

        var storage = await StartLocalAsync(data);
        var defaults = Run(storage.Setting, "policy", "show");
        var policyFile = Path.Combine(folder.Path, "policy.json");
        File.WriteAllText(policyFile, defaults.Out.Replace("\"default\": 18", "\"default\": 17", StringComparison.Ordinal).Replace("2026-11-a", "2026-12-a", StringComparison.Ordinal));
        var set = Run(storage.Setting, "policy", "set", policyFile);
        var shown = Run(storage.Setting, "policy", "show");
        var planSet = Run(storage.Setting, "plan", "set", Path.Combine(AppContext.BaseDirectory, "plan.json"));
        var plan = Run(storage.Setting, "plan", "show");
        var ingested = Run(storage.Setting, "ingest", snapshot);
        await StopAsync(storage.Process);
        var again = await StartLocalAsync(data);
        var listed = Run(again.Setting, "forget", "--older-than-days", "1");
        var stillThere = Run(again.Setting, "forget", "--older-than-days", "1");
        var deleted = Run(again.Setting, "forget", "--older-than-days", "1", "--yes");
        var gone = Run(again.Setting, "forget", "--older-than-days", "1");
        await StopAsync(again.Process);

        // policy show prints the policy in force as a document to edit and set again; plan show, the plan as set.
        using (var json = System.Text.Json.JsonDocument.Parse(defaults.Out))
        {
            Assert.Equal(("2026-11-a", 18, 15), (json.RootElement.GetProperty("version").GetString(), json.RootElement.GetProperty("limits").GetProperty("default").GetInt32(), json.RootElement.GetProperty("limits").GetProperty("teamTypes").GetProperty("adolescent").GetInt32()));
        }

        Assert.StartsWith("the built-in defaults, version 2026-11-a", defaults.Error, StringComparison.Ordinal);
        Assert.True(set.Exit == 0, set.Error);
        using (var json = System.Text.Json.JsonDocument.Parse(shown.Out))
        {
            Assert.Equal(("2026-12-a", 17), (json.RootElement.GetProperty("version").GetString(), json.RootElement.GetProperty("limits").GetProperty("default").GetInt32()));
        }

        Assert.StartsWith("policy 2026-12-a, set ", shown.Error, StringComparison.Ordinal);
        Assert.True(planSet.Exit == 0, planSet.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json")).Trim(), plan.Out.Trim());
        Assert.True(ingested.Exit == 0, ingested.Error);
        Assert.Matches(@"^would delete 1 snapshot dated (\d{4}-\d\d-\d\d) to \1 \(before \d{4}-\d\d-\d\d\), with their files, caseloads and allocation history; nothing was deleted\. Run again with --yes to delete them\.$", listed.Out.Trim());
        Assert.Equal(listed.Out, stillThere.Out);
        Assert.StartsWith("kept from ", deleted.Out, StringComparison.Ordinal);
        Assert.Contains("1 snapshot and", deleted.Out, StringComparison.Ordinal);
        Assert.StartsWith("no snapshot is dated before", gone.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_waits_for_a_local_storage_that_is_slow_to_stop_and_exits_0_with_it_stopped()
    {
        using var folder = new TempFolder();
        var storage = await StartLocalAsync(Path.Combine(folder.Path, "storage"));
        var azurite = ChildAzurite(storage.Process.Id);

        // Azurite frozen for longer than System.CommandLine's own 2 seconds, as a loaded machine can make its stop:
        // the command line must wait for it rather than exit 130 and leave it running, part saved.
        Signal("STOP", azurite);
        Signal("INT", storage.Process.Id);
        using (var twoSecondsAndMore = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.Process.WaitForExitAsync(twoSecondsAndMore.Token));
        }

        Signal("CONT", azurite);
        await StopAsync(storage.Process, signal: false);
        Assert.False(Directory.Exists($"/proc/{azurite}"), "Azurite is still running");
    }

    [Fact]
    public void Storage_that_cannot_be_reached_is_one_line_naming_it_and_what_to_do_within_seconds()
    {
        var port = ClosedPort();
        var setting = Tooling.Local.AzuriteServer.ConnectionStringFor(port, port);
        var clock = Stopwatch.StartNew();

        var result = Run(setting, "show-week", "--week", "2026-W47");

        Assert.Equal(1, result.Exit);
        Assert.Equal($"storage at 127.0.0.1:{port} cannot be reached: connection refused; start one with `reporting local`", result.Error.Trim());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"{clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Empty(result.Out);
    }

    private static (int Exit, string Out, string Error) Run(string storage, params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reporting:Storage"] = storage }).Build();
        var exit = ReportingCli.Run(args, stdout, stderr, settings);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    /// <summary>
    /// `reporting local` as the person runs it from a terminal, a process of its own; its first line is the setting
    /// to export. A terminal leaves Ctrl+C (SIGINT) at its default; a test run started in the background by a shell
    /// without job control (a CI runner, a benchmark harness) has it ignored, and the ignore is inherited down to
    /// this child, which then rightly ignores Ctrl+C as nohup would — so it is put back to the default here.
    /// </summary>
    private static async Task<(Process Process, string Setting)> StartLocalAsync(string data)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reporting.dll"));
        foreach (var argument in new[] { "local", "--data", data })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException(await process.StandardError.ReadToEndAsync());
        Assert.StartsWith("export Reporting__Storage='", line, StringComparison.Ordinal);
        return (process, line["export Reporting__Storage='".Length..^1]);
    }

    /// <summary>Ctrl+C, as a person stops it (unless it was given already): it stops Azurite and exits 0.</summary>
    private static async Task StopAsync(Process process, bool signal = true)
    {
        if (signal)
        {
            Signal("INT", process.Id);
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            // A failed stop fails the test, and leaves neither the command nor its Azurite running after it.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }

    private static void Signal(string name, int pid)
    {
        using var kill = Process.Start("kill", [$"-{name}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The Azurite that `reporting local` started: its child process running Azurite.</summary>
    private static int ChildAzurite(int parent) =>
        Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Single(pid =>
            {
                try
                {
                    // /proc/{pid}/stat: "pid (name) state ppid ..."; the name may hold spaces, so read after its ')'.
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                    return ppid == parent && File.ReadAllText($"/proc/{pid}/cmdline").Contains("azurite", StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            });

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
