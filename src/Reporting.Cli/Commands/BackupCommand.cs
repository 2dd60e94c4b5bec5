using System.CommandLine;
using System.Globalization;
using Caseload.Reporting.Backup;
using Caseload.Reporting.Jobs.Backup;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// <c>reporting backup</c> and <c>reporting restore</c> (docs/operations.md, "Backup and restore"): a point of every
/// table and blob at a target nothing can delete from, the points listed and verified, and a point restored into an
/// empty storage with nothing sent twice.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CliConsole console)
    {
        var to = Target("--to");
        var backup = new Command("backup", $"Write a backup point of every table and blob the product owns to a target ({BackupArchives.Setting} by default): objects stored once under their SHA-256, then the point's manifest. Prints the point's id, what it holds and what it wrote.") { to };
        backup.SetAction(async (parse, cancellationToken) =>
        {
            var report = await console.Job<BackupJob>().RunAsync(parse.GetValue(to), cancellationToken).ConfigureAwait(false);
            var point = report.Point;
            await console.Out.WriteLineAsync($"backup point {point.Id} written to {report.Where}: {Holds(point)}; this point stored {Counted.Of(report.ObjectsWritten, "new object")} ({Size(report.BytesWritten)}, its manifest included), the rest were there from earlier points").ConfigureAwait(false);
            if (report.Attempts > 1)
            {
                await console.Out.WriteLineAsync($"a run began or ended during the copy, so it was copied {Counted.Of(report.Attempts, "time")}: the point holds no half run").ConfigureAwait(false);
            }

            return 0;
        });

        var listFrom = Target("--to");
        var list = new Command("list", "List each backup point at the target, oldest first: its id, when it was taken, its tables, rows, blobs and bytes, and whether it verifies (every object read and its SHA-256 checked, each once). Exit 1 when one does not.") { listFrom };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var checks = await console.Job<BackupJob>().ListAsync(parse.GetValue(listFrom), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{Counted.Of(checks.Count, "backup point")}, oldest first:").ConfigureAwait(false);
            foreach (var check in checks)
            {
                var what = check.Point is { } point ? $"taken {Time(point.TakenAt)}, {Holds(point)}" : "its manifest does not read";
                await console.Out.WriteLineAsync($"  {check.Id}  {what}: {(check.Problems.Count == 0 ? "verifies" : "DOES NOT VERIFY")}").ConfigureAwait(false);
                foreach (var problem in check.Problems)
                {
                    await console.Out.WriteLineAsync($"      {problem}").ConfigureAwait(false);
                }
            }

            return checks.All(c => c.Problems.Count == 0) ? 0 : 1;
        });
        backup.Subcommands.Add(list);
        return backup;
    }

    public static Command Restore(CliConsole console)
    {
        var from = Target("--from");
        var point = new Option<string?>("--point") { Description = "The point to restore, by its id (see `reporting backup list`), or latest (the default)." };
        var yes = new Option<bool>("--yes") { Description = "Restore it. Without it, the point is verified and the command says what it would restore; nothing is written." };
        var command = new Command("restore", "Restore a backup point into the storage Reporting:Storage names, which must be empty: every object is verified first, and nothing is written unless all verify. Periods whose delivery the point cannot vouch for are held back until a person releases them; erasures of staff data recorded after the point are done again.") { from, point, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(point)?.Trim();
            if (chosen is not null && chosen != RestoreJob.Latest && !BackupPoint.IsId(chosen))
            {
                await console.Error.WriteLineAsync($"--point: '{chosen}' is not a point's id; give one as `reporting backup list` shows it (2026-12-07T013000Z), or latest").ConfigureAwait(false);
                return 1;
            }

            var job = console.Job<RestoreJob>();
            var storage = Storage.StorageSetting.TableEndpoint(console.Job<Jobs.ReportingOptions>().Storage);
            if (!parse.GetValue(yes))
            {
                var plan = await job.PlanAsync(parse.GetValue(from), chosen, cancellationToken).ConfigureAwait(false);
                if (await RefusedAsync(console, plan, storage).ConfigureAwait(false))
                {
                    return 1;
                }

                await console.Out.WriteLineAsync($"backup point {plan.Point.Id} at {plan.Where} (taken {Time(plan.Point.TakenAt)}) verifies: each of its {Counted.Of(plan.Point.Objects.Count, "object")} read and its SHA-256 checked").ConfigureAwait(false);
                await console.Out.WriteLineAsync($"it would restore {Holds(plan.Point)} into the storage at {storage}, which is {(plan.Resuming ? "part way through a restore of this point, cut off: it would finish it" : "empty")}").ConfigureAwait(false);
                await AfterwardsAsync(console, plan, would: true).ConfigureAwait(false);
                await console.Out.WriteLineAsync("nothing was written. Run again with --yes to restore it.").ConfigureAwait(false);
                return 0;
            }

            var report = await job.RunAsync(parse.GetValue(from), chosen, cancellationToken).ConfigureAwait(false);
            if (await RefusedAsync(console, report.Plan, storage).ConfigureAwait(false))
            {
                return 1;
            }

            await console.Out.WriteLineAsync($"restored backup point {report.Plan.Point.Id} (taken {Time(report.Plan.Point.TakenAt)}) from {report.Plan.Where} into the storage at {storage}: {Counted.Of(report.Plan.Point.Tables.Count, "table")} ({Counted.Of(report.Rows, "row")}) and {Counted.Of(report.Blobs, "blob")}").ConfigureAwait(false);
            await AfterwardsAsync(console, report.Plan, would: false).ConfigureAwait(false);
            if (report.WorkersErased > 0 || report.Staff is not null || report.Snapshots.Snapshots > 0)
            {
                await console.Out.WriteLineAsync($"done again: {Counted.Of(report.WorkersErased, "worker")} erased on request{(report.Staff is { } staff ? $", staff data before {staff.KeptFrom:yyyy-MM-dd} let go" : "")}{(report.Snapshots.Snapshots > 0 ? $", {Counted.Of(report.Snapshots.Snapshots, "snapshot")} older than the council keeps deleted" : "")}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static async Task<bool> RefusedAsync(CliConsole console, RestorePlan plan, string storage)
    {
        if (plan.Problems.Count > 0)
        {
            await console.Error.WriteLineAsync($"backup point {plan.Point.Id} at {plan.Where} does not verify, so it cannot be restored; nothing was written:").ConfigureAwait(false);
            foreach (var problem in plan.Problems)
            {
                await console.Error.WriteLineAsync($"  {problem}").ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("restore an earlier point (`reporting backup list` says which verify), with --point").ConfigureAwait(false);
            return true;
        }

        if (plan.InUse is { } found)
        {
            await console.Error.WriteLineAsync($"the storage at {storage} is in use ({found}): a restore goes only into an empty storage, and nothing was written. Point Reporting:Storage at a new, empty storage account (docs/operations.md, \"Backup and restore\").").ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private static async Task AfterwardsAsync(CliConsole console, RestorePlan plan, bool would)
    {
        var workers = plan.Erasures.Count(e => e.Kind == ErasureKind.Worker);
        var retention = plan.Erasures.Where(e => e.Kind == ErasureKind.StaffRetention).Select(e => e.KeptFrom).Max();
        if (plan.Erasures.Count > 0)
        {
            var what = string.Join(" and ", new[]
            {
                workers > 0 ? $"{Counted.Of(workers, "worker")} erased on request" : null,
                retention is { } keptFrom ? $"staff data before {keptFrom:yyyy-MM-dd} let go" : null,
            }.OfType<string>());
            await console.Out.WriteLineAsync($"{(would ? "it would do again what was erased after the point" : "erased after the point, and done again")}: {what}").ConfigureAwait(false);
        }

        if (plan.Withheld.Count == 0)
        {
            await console.Out.WriteLineAsync("no period's delivery is in doubt: every notification of the point was settled, and no period fell due after it").ConfigureAwait(false);
            return;
        }

        await console.Out.WriteLineAsync($"{(would ? "it would hold back" : "held back")} {Counted.Of(plan.Withheld.Count, "period")} until a person releases {(plan.Withheld.Count == 1 ? "it" : "them")}, as the point cannot say whether {(plan.Withheld.Count == 1 ? "its" : "their")} notifications went after it was taken: {Periods.Listed(plan.Withheld)}").ConfigureAwait(false);
        await console.Out.WriteLineAsync($"`reporting notifications` lists what is held back; `reporting notifications release {Periods.Options(plan.Withheld[0])}` releases a period's to be sent (it lists them first), `reporting notifications dismiss` records that they went before the loss").ConfigureAwait(false);
    }

    private static Option<string?> Target(string name) =>
        new(name) { Description = $"The backup target: a folder, or a blob container's URL (the app's identity; a URL with a signature uses it). Default: {BackupArchives.Setting}." };

    private static string Holds(BackupPoint point) =>
        $"{Counted.Of(point.Tables.Count, "table")}, {Counted.Of(point.Rows, "row")}, {Counted.Of(point.Blobs.Count, "blob")}, {Size(point.Bytes)} in all";

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Bytes as people read them: "812 bytes", "3.4 MB", "1.2 GB".</summary>
    private static string Size(long bytes) => bytes switch
    {
        < 1_000 => Counted.Of(bytes, "byte"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.#} kB"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.##} GB"),
    };
}
