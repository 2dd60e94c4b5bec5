using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;

namespace Caseload.Reporting.Tests.InMemory;

/// <summary>
/// A table held in memory that answers the calls the product's stores make as Azure Table Storage does: rows in
/// partition and row key order, optimistic concurrency by ETag (409 on an add over a row, 412 on a stale ETag, 404 on
/// a change to a missing row), and a transaction within one partition applied whole or not at all. Its fidelity is
/// checked against Azurite by the storage contract tests.
/// </summary>
internal sealed partial class MemoryTable(string name) : TableClient
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<(string Partition, string Row), Dictionary<string, object>> rows = new(Comparer<(string Partition, string Row)>.Create(
        (a, b) => string.CompareOrdinal(a.Partition, b.Partition) is var byPartition and not 0 ? byPartition : string.CompareOrdinal(a.Row, b.Row)));

    private long version;

    public override string Name => name;

    public override Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<NullableResponse<T>>(new MemoryNullableResponse<T>(rows.TryGetValue((partitionKey, rowKey), out var row) ? As<T>(partitionKey, rowKey, row, select) : null));
        }
    }

    public override Task<Response<T>> GetEntityAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return rows.TryGetValue((partitionKey, rowKey), out var row)
                ? Task.FromResult(Response.FromValue(As<T>(partitionKey, rowKey, row, select), new MemoryResponse(200)))
                : throw MemoryResponse.Failure(404, "ResourceNotFound", "The specified resource does not exist.");
        }
    }

    public override AsyncPageable<T> QueryAsync<T>(Expression<Func<T, bool>> filter, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var matches = filter.Compile();
        return Query<T>(row => matches(row), select);
    }

    public override AsyncPageable<T> QueryAsync<T>(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var conditions = Conditions(filter);
        return Query<T>(row => conditions.All(c => c(row)), select);
    }

    public override Task<Response> AddEntityAsync<T>(T entity, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<Response>(new MemoryResponse(204, Apply(rows, TableTransactionActionType.Add, entity, default)));
        }
    }

    public override Task<Response> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var action = mode == TableUpdateMode.Merge ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace;
            return Task.FromResult<Response>(new MemoryResponse(204, Apply(rows, action, entity, default)));
        }
    }

    public override Task<Response> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var action = mode == TableUpdateMode.Merge ? TableTransactionActionType.UpdateMerge : TableTransactionActionType.UpdateReplace;
            return Task.FromResult<Response>(new MemoryResponse(204, Apply(rows, action, entity, ifMatch)));
        }
    }

    public override Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (!rows.ContainsKey((partitionKey, rowKey)))
            {
                return Task.FromResult<Response>(new MemoryResponse(404));
            }

            Apply(rows, TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), ifMatch == default ? ETag.All : ifMatch);
            return Task.FromResult<Response>(new MemoryResponse(204));
        }
    }

    public override Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
    {
        var actions = transactionActions.ToList();
        lock (gate)
        {
            // Applied to a copy first: a transaction that fails part way changes nothing.
            var trial = new SortedDictionary<(string Partition, string Row), Dictionary<string, object>>(rows, rows.Comparer);
            var answers = new List<Response>(actions.Count);
            for (var i = 0; i < actions.Count; i++)
            {
                try
                {
                    var action = actions[i];
                    var etag = action.ActionType == TableTransactionActionType.Delete && action.ETag == default ? ETag.All : action.ETag;
                    answers.Add(new MemoryResponse(204, Apply(trial, action.ActionType, action.Entity, etag)));
                }
                catch (RequestFailedException e)
                {
                    throw new TableTransactionFailedException(new RequestFailedException(e.Status, $"{i}:{e.Message}", e.ErrorCode, null));
                }
            }

            rows.Clear();
            foreach (var (key, row) in trial)
            {
                rows[key] = row;
            }

            return Task.FromResult(Response.FromValue<IReadOnlyList<Response>>(answers, new MemoryResponse(202)));
        }
    }

    private ETag? Apply(SortedDictionary<(string Partition, string Row), Dictionary<string, object>> into, TableTransactionActionType action, ITableEntity entity, ETag ifMatch)
    {
        var key = (entity.PartitionKey, entity.RowKey);
        var exists = into.TryGetValue(key, out var current);
        var mustExist = action is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace or TableTransactionActionType.Delete;
        if (action == TableTransactionActionType.Add && exists)
        {
            throw MemoryResponse.Failure(409, "EntityAlreadyExists", "The specified entity already exists.");
        }

        if (mustExist && !exists)
        {
            throw MemoryResponse.Failure(404, "ResourceNotFound", "The specified resource does not exist.");
        }

        if (mustExist && ifMatch != ETag.All && ifMatch.ToString() != (string)current!["odata.etag"])
        {
            throw MemoryResponse.Failure(412, "UpdateConditionNotSatisfied", "The update condition specified in the request was not satisfied.");
        }

        if (action == TableTransactionActionType.Delete)
        {
            into.Remove(key);
            return null;
        }

        var merge = exists && action is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpsertMerge;
        var row = merge ? new Dictionary<string, object>(current!) : [];
        foreach (var (property, value) in Properties(entity))
        {
            row[property] = value;
        }

        var etag = new ETag(string.Create(CultureInfo.InvariantCulture, $"W/\"{Interlocked.Increment(ref version)}\""));
        row["odata.etag"] = etag.ToString();
        row["Timestamp"] = DateTimeOffset.UtcNow;
        into[key] = row;
        return etag;
    }

    /// <summary>An entity's own properties as the service keeps them: no nulls, times in UTC.</summary>
    private static IEnumerable<(string Name, object Value)> Properties(ITableEntity entity)
    {
        if (entity is not IDictionary<string, object?> properties)
        {
            throw new NotSupportedException("The in-memory table holds TableEntity rows, as the stores write them.");
        }

        foreach (var (property, value) in properties)
        {
            if (value is null || property is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }

            yield return (property, value switch
            {
                DateTime time => new DateTimeOffset(time.ToUniversalTime()),
                DateTimeOffset time => time.ToUniversalTime(),
                BinaryData bytes => bytes.ToArray(),
                _ => value,
            });
        }
    }

    private AsyncPageable<T> Query<T>(Func<T, bool> matches, IEnumerable<string>? select)
        where T : class, ITableEntity
    {
        List<T> found;
        lock (gate)
        {
            found = [.. rows.Select(r => As<T>(r.Key.Partition, r.Key.Row, r.Value, null)).Where(matches)];
        }

        if (select is not null)
        {
            found = [.. found.Select(r => As<T>(r.PartitionKey, r.RowKey, (IDictionary<string, object?>)r, select))];
        }

        return AsyncPageable<T>.FromPages([Page<T>.FromValues(found, null, new MemoryResponse(200))]);
    }

    private static T As<T>(string partition, string row, IEnumerable<KeyValuePair<string, object?>> properties, IEnumerable<string>? select)
    {
        if (typeof(T) != typeof(TableEntity))
        {
            throw new NotSupportedException("The in-memory table reads rows as TableEntity, as the stores do.");
        }

        // As the service: a selection returns only what it names (the keys too), and the row's ETag.
        var wanted = select?.ToHashSet(StringComparer.Ordinal);
        var entity = wanted is null ? new TableEntity(partition, row) : [];
        foreach (var (property, value) in properties.Append(new("PartitionKey", partition)).Append(new("RowKey", row)))
        {
            if (value is not null && (wanted is null ? property is not ("PartitionKey" or "RowKey") : wanted.Contains(property) || property is "odata.etag"))
            {
                entity[property] = value;
            }
        }

        return (T)(object)entity;
    }

    private static IEnumerable<KeyValuePair<string, object?>> As(Dictionary<string, object> row) => row.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value));

    private static T As<T>(string partition, string row, Dictionary<string, object> properties, IEnumerable<string>? select) =>
        As<T>(partition, row, As(properties), select);

    /// <summary>A filter of the form <see cref="TableClient.CreateQueryFilter(FormattableString)"/> makes of string comparisons joined by <c>and</c>.</summary>
    private static List<Func<ITableEntity, bool>> Conditions(string? filter)
    {
        var conditions = new List<Func<ITableEntity, bool>>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return conditions;
        }

        var rest = filter.Trim();
        while (rest.Length > 0)
        {
            var match = Comparison().Match(rest);
            if (!match.Success)
            {
                throw new NotSupportedException($"The in-memory table understands string comparisons joined by 'and', not: {rest}");
            }

            var property = match.Groups["property"].Value;
            var operation = match.Groups["operation"].Value;
            var value = match.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal);
            conditions.Add(entity =>
            {
                var actual = property switch
                {
                    "PartitionKey" => entity.PartitionKey,
                    "RowKey" => entity.RowKey,
                    _ => (entity as IDictionary<string, object?>)!.TryGetValue(property, out var v) ? v as string : null,
                };
                if (actual is null)
                {
                    return false;
                }

                var order = string.CompareOrdinal(actual, value);
                return operation switch
                {
                    "eq" => order == 0,
                    "ne" => order != 0,
                    "gt" => order > 0,
                    "ge" => order >= 0,
                    "lt" => order < 0,
                    _ => order <= 0,
                };
            });
            rest = rest[match.Length..];
        }

        return conditions;
    }

    [GeneratedRegex(@"^\s*(?:and\s+)?(?<property>\w+)\s+(?<operation>eq|ne|gt|ge|lt|le)\s+'(?<value>(?:[^']|'')*)'\s*")]
    private static partial Regex Comparison();
}
