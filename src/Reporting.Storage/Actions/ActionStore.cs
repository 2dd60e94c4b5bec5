using Azure.Data.Tables;
using Caseload.Reporting.Actions;
using Caseload.Reporting.Calendar;
using NodaTime.Text;

namespace Caseload.Reporting.Storage.Actions;

/// <summary>
/// The actions team managers record, one row each, never overwritten: the latest of a breach is its action, the
/// rest its history. Partitioned by the week the breach began, so that a week's breaches are a range of a few
/// partitions; a row key of the worker, the moment and a random tail keeps two submissions at once both.
/// </summary>
public sealed class ActionStore(ReportingStorage tables)
{
    /// <summary>Records an action; returns its row's key, to stamp it again (<see cref="RestampAsync"/>).</summary>
    public async Task<string> RecordAsync(BreachAction action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var key = $"{TableKey.Escape(action.Breach.WorkerId)}|{action.RecordedAt.UtcTicks:D19}|{Guid.NewGuid():N}";
        await tables.Actions.AddEntityAsync(Row(action, key), cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>Moves an action's stamp later (<see cref="ActionRules.AfterPreparation"/>); its row keeps its key.</summary>
    public Task RestampAsync(BreachAction action, string key, DateTimeOffset recordedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return tables.Actions.UpdateEntityAsync(new TableEntity(action.Breach.Since.ToString(), key) { ["RecordedAt"] = recordedAt }, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>A breach's actions, oldest first.</summary>
    public async Task<IReadOnlyList<BreachAction>> OfBreachAsync(BreachKey breach, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(breach);
        var worker = TableKey.Escape(breach.WorkerId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {breach.Since.ToString()} and RowKey gt {worker + "|"} and RowKey lt {worker + "}"}");
        return [.. (await QueryAsync(filter, cancellationToken).ConfigureAwait(false)).OrderBy(a => a.RecordedAt)];
    }

    /// <summary>
    /// The actions on every breach that can be open in <paramref name="week"/>: those begun in it or in the
    /// <paramref name="weeksBack"/> weeks before.
    /// </summary>
    public async Task<BreachActions> ForWeekAsync(IsoWeek week, int weeksBack, CancellationToken cancellationToken = default)
    {
        var from = IsoWeek.Of(week.Monday.PlusWeeks(-Math.Max(0, weeksBack)));
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from.ToString()} and PartitionKey le {week.ToString()}");
        return new BreachActions(await QueryAsync(filter, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every action on the worker's breaches, and every action recorded by one of <paramref name="addresses"/>, with its row's key.</summary>
    public async Task<IReadOnlyList<StoredAction>> AboutAsync(string workerId, IEnumerable<string> addresses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var found = await QueryStoredAsync(TableClient.CreateQueryFilter($"WorkerId eq {workerId}"), cancellationToken).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            found.AddRange(await QueryStoredAsync(TableClient.CreateQueryFilter($"RecordedBy eq {address}"), cancellationToken).ConfigureAwait(false));
        }

        return [.. found.DistinctBy(a => (a.Action.Breach.Since, a.Key)).OrderBy(a => a.Action.RecordedAt)];
    }

    /// <summary>Every action recorded before a moment, with its row's key.</summary>
    public async Task<IReadOnlyList<StoredAction>> RecordedBeforeAsync(DateTimeOffset moment, CancellationToken cancellationToken = default) =>
        await QueryStoredAsync(TableClient.CreateQueryFilter($"RecordedAt lt {moment}"), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Replaces an action by what data protection made of it (<see cref="Staff.StaffErasure"/>). Its row stays when
    /// the breach's worker does; when the worker's id was erased, the row is written again under the new id (the
    /// same moment and tail, so that a second attempt writes the same row) and the old one deleted after it.
    /// </summary>
    public async Task ReplaceAsync(StoredAction stored, BreachAction changed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(changed);
        var tail = stored.Key[(stored.Key.IndexOf('|', StringComparison.Ordinal) + 1)..];
        var key = $"{TableKey.Escape(changed.Breach.WorkerId)}|{tail}";
        await tables.Actions.UpsertEntityAsync(Row(changed, key), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (key != stored.Key)
        {
            try
            {
                await tables.Actions.DeleteEntityAsync(stored.Action.Breach.Since.ToString(), stored.Key, Azure.ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // Deleted by an earlier attempt that stopped after it.
            }
        }
    }

    private async Task<List<BreachAction>> QueryAsync(string filter, CancellationToken cancellationToken) =>
        [.. (await QueryStoredAsync(filter, cancellationToken).ConfigureAwait(false)).Select(a => a.Action)];

    private async Task<List<StoredAction>> QueryStoredAsync(string filter, CancellationToken cancellationToken)
    {
        var actions = new List<StoredAction>();
        await foreach (var row in tables.Actions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var since = IsoWeek.TryParse(row.PartitionKey, out var week) ? week : throw new InvalidDataException($"An action row's partition '{row.PartitionKey}' is not a week.");
            actions.Add(new StoredAction(row.RowKey, new BreachAction(
                new BreachKey(row.GetString("WorkerId"), since),
                row.GetString("TeamId"),
                Enum.Parse<ActionKind>(row.GetString("Kind")),
                LocalDatePattern.Iso.Parse(row.GetString("Until")).Value,
                row.GetString("Reason"),
                row.GetString("Note"),
                row.GetDateTimeOffset("RecordedAt")!.Value,
                row.GetString("RecordedBy"))));
        }

        return actions;
    }

    private static TableEntity Row(BreachAction action, string key) =>
        new(action.Breach.Since.ToString(), key)
        {
            ["WorkerId"] = action.Breach.WorkerId,
            ["TeamId"] = action.TeamId,
            ["Kind"] = action.Kind.ToString(),
            ["Until"] = LocalDatePattern.Iso.Format(action.Until),
            ["Reason"] = action.Reason,
            ["Note"] = action.Note,
            ["RecordedAt"] = action.RecordedAt,
            ["RecordedBy"] = action.RecordedBy,
        };
}

/// <summary>An action as stored: its row's key (within the partition of the week its breach began) and the action.</summary>
/// <param name="Key">The row's key.</param>
/// <param name="Action">The action.</param>
public sealed record StoredAction(string Key, BreachAction Action);
