using Azure.Data.Tables;
using Caseload.Reporting.Actions;
using Caseload.Reporting.Calendar;

namespace Caseload.Reporting.Storage.Actions;

/// <summary>
/// Breach links withdrawn before they expire: one worker's links of a week (sent to the wrong person, forwarded),
/// or every link sent to a manager up to a week (a manager who has left, a mailbox that was compromised). Checked on
/// every use of a link, so a withdrawn link stops working at once on every instance.
/// </summary>
public sealed class LinkWithdrawals(ReportingStorage tables)
{
    private const string ManagerPartition = "manager";

    /// <summary>Withdraws the links to a worker's breach page sent for a week.</summary>
    public Task WithdrawWorkerAsync(IsoWeek week, string workerId, DateTimeOffset at, string by, CancellationToken cancellationToken = default) =>
        tables.LinkWithdrawals.UpsertEntityAsync(
            new TableEntity(WeekPartition(week), TableKey.Escape(workerId)) { ["WithdrawnAt"] = at, ["WithdrawnBy"] = by },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>Withdraws every link sent to a manager for a week up to <paramref name="upTo"/>.</summary>
    public Task WithdrawManagerAsync(string address, IsoWeek upTo, DateTimeOffset at, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return tables.LinkWithdrawals.UpsertEntityAsync(
            new TableEntity(ManagerPartition, TableKey.Escape(address.Trim().ToLowerInvariant())) { ["UpTo"] = upTo.ToString(), ["WithdrawnAt"] = at, ["WithdrawnBy"] = by },
            TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Whether a link, already checked as signed and in date, has been withdrawn.</summary>
    public async Task<bool> WithdrawnAsync(LinkClaims claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var worker = tables.LinkWithdrawals.GetEntityIfExistsAsync<TableEntity>(WeekPartition(claims.Week), TableKey.Escape(claims.WorkerId), ["WithdrawnAt"], cancellationToken);
        var manager = tables.LinkWithdrawals.GetEntityIfExistsAsync<TableEntity>(ManagerPartition, TableKey.Escape(claims.Manager.Trim().ToLowerInvariant()), ["UpTo"], cancellationToken);
        if ((await worker.ConfigureAwait(false)).HasValue)
        {
            return true;
        }

        var byManager = await manager.ConfigureAwait(false);
        return byManager.HasValue && IsoWeek.TryParse(byManager.Value!.GetString("UpTo"), out var upTo) && claims.Week <= upTo;
    }

    private static string WeekPartition(IsoWeek week) => $"week|{week}";
}
