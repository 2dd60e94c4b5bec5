using System.CommandLine;
using Caseload.Reporting.Jobs.Retention;
using Caseload.Reporting.Jobs.StaffData;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// <c>reporting forget</c>: retention by hand, each listing first what it would change and changing it only with
/// <c>--yes</c> — snapshots older than the council keeps children's data; with <c>--staff</c>, staff data older than
/// it keeps that; with <c>--worker</c>, one worker erased at their request.
/// </summary>
internal static class ForgetCommand
{
    public static Command Create(CliConsole console)
    {
        var days = new Option<int?>("--older-than-days") { Description = "Snapshots dated more than this many days ago (their files as received, caseloads and allocation history); with --staff, staff data older than this (default: Reporting:Retention:StaffDays)." };
        var staff = new Option<bool>("--staff") { Description = "Let go of staff data older than the council keeps it: message bodies deleted, names and addresses in evaluations and actions pseudonymised, managers' notes deleted; every figure kept." };
        var worker = new Option<string?>("--worker") { Description = "Erase one worker at their request (their roster id): named by a pseudonym wherever they are named, every figure kept." };
        var yes = new Option<bool>("--yes") { Description = "Change it. Without it, forget only lists what it would change." };
        var command = new Command("forget", "List, and with --yes delete, what is older than the council keeps: snapshots (--older-than-days: their files as received, caseloads, allocation history and lineage; weekly evaluations, which hold no child ids, stay), staff data (--staff), or one worker on their request (--worker ID).") { days, staff, worker, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (keep, id, apply) = (parse.GetValue(days), parse.GetValue(worker), parse.GetValue(yes));
            if ((keep is not null || parse.GetValue(staff) ? 1 : 0) + (id is not null ? 1 : 0) != 1 || (id is null && !parse.GetValue(staff) && keep is null))
            {
                await console.Error.WriteLineAsync("give one of --older-than-days N (snapshots), --staff (staff data) or --worker ID (one worker on their request)").ConfigureAwait(false);
                return 1;
            }

            if (keep is <= 0)
            {
                await console.Error.WriteLineAsync("--older-than-days must be more than 0").ConfigureAwait(false);
                return 1;
            }

            if (id is not null)
            {
                return await WorkerAsync(console, id.Trim(), apply, cancellationToken).ConfigureAwait(false);
            }

            return parse.GetValue(staff)
                ? await StaffAsync(console, keep, apply, cancellationToken).ConfigureAwait(false)
                : await SnapshotsAsync(console, keep!.Value, apply, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> SnapshotsAsync(CliConsole console, int keep, bool apply, CancellationToken cancellationToken)
    {
        var job = console.Job<RetentionJob>();
        if (!apply)
        {
            var plan = await job.PlanAsync(Periods.Today(console), keep, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(plan.Snapshots == 0
                ? $"no snapshot is dated before {plan.KeptFrom:yyyy-MM-dd}: nothing to delete"
                : $"would delete {Counted.Of(plan.Snapshots, "snapshot")} dated {plan.From:yyyy-MM-dd} to {plan.To:yyyy-MM-dd} (before {plan.KeptFrom:yyyy-MM-dd}), with their files, caseloads and allocation history; nothing was deleted. Run again with --yes to delete them.").ConfigureAwait(false);
            return 0;
        }

        var run = await job.RunAsync(Periods.Today(console), keep, cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"kept from {run.KeptFrom:yyyy-MM-dd}: {Counted.Of(run.Snapshots, "snapshot")} and {Counted.Of(run.Blobs, "blob")} of their files, caseloads and allocation history deleted").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> StaffAsync(CliConsole console, int? keep, bool apply, CancellationToken cancellationToken)
    {
        if (await console.Job<RetentionJob>().StaffAsync(Periods.Today(console), keep, apply, cancellationToken).ConfigureAwait(false) is not { } done)
        {
            await console.Error.WriteLineAsync("staff retention is not set: set Reporting:Retention:StaffDays, or give --older-than-days").ConfigureAwait(false);
            return 1;
        }

        var what = $"the text of {Counted.Of(done.Messages, "stored message")}{(done.Withdrawn > 0 ? $" ({done.Withdrawn} never sent, withdrawn)" : "")}, the names and notes of {Counted.Of(done.Weeks, "evaluated week")} and {Counted.Of(done.Actions, "recorded action")}";
        await console.Out.WriteLineAsync(done.Nothing
            ? $"no staff data from before {done.KeptFrom:yyyy-MM-dd} is left to let go: nothing to change"
            : apply
                ? $"kept as it is from {done.KeptFrom:yyyy-MM-dd}: {what} let go (names now pseudonyms, texts and notes deleted; every figure kept)"
                : $"would let go of staff data from before {done.KeptFrom:yyyy-MM-dd}: {what} (names become pseudonyms, texts and notes are deleted; every figure is kept); nothing was changed. Run again with --yes to do it.").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> WorkerAsync(CliConsole console, string id, bool apply, CancellationToken cancellationToken)
    {
        if (Staff.StaffPseudonyms.IsPseudonymId(id))
        {
            await console.Error.WriteLineAsync($"--worker: {id} is what stands for a worker already erased; give the roster id of the worker to erase").ConfigureAwait(false);
            return 1;
        }

        var job = console.Job<WorkerErasureJob>();
        var done = apply ? await job.RunAsync(id, cancellationToken).ConfigureAwait(false) : await job.PlanAsync(id, cancellationToken).ConfigureAwait(false);
        if (done.Nothing)
        {
            await console.Out.WriteLineAsync($"nothing stored names worker {id}: nothing to change").ConfigureAwait(false);
            return 0;
        }

        var what = $"{Counted.Of(done.Weeks, "evaluated week")}, {Counted.Of(done.Actions, "recorded action")} (their notes deleted), {Counted.Of(done.Unsent, "message")} not yet sent (withdrawn) and {Counted.Of(done.Sent, "sent message")} (stored text erased)";
        var kept = done.Snapshots == 0 ? "" : $" {Counted.Of(done.Snapshots, "stored snapshot")} still name{(done.Snapshots == 1 ? "s" : "")} them as received: they go when the council's snapshot retention deletes them (forget --older-than-days).";
        var again = done.OnLatestRoster ? " The latest snapshot still lists them: take them off the roster, or the next snapshot will name them again." : "";
        await console.Out.WriteLineAsync(apply
            ? $"worker {id} is now {done.Pseudonym.Name} in {what}; every figure is unchanged.{kept}{again}"
            : $"would name worker {id} as {done.Pseudonym.Name} in {what}, every figure unchanged; nothing was changed. Run again with --yes to do it.{kept}{again}").ConfigureAwait(false);
        return 0;
    }
}
