using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Backup;

/// <summary>What was let go of staff data, as the backup target records it.</summary>
public enum ErasureKind
{
    /// <summary>One worker erased at their request (<c>forget --worker</c>).</summary>
    Worker,

    /// <summary>Staff data older than the council keeps it let go (<c>forget --staff</c>, the Retention function).</summary>
    StaffRetention,
}

/// <summary>
/// An erasure recorded at the backup target, so that a restore of a point taken before it does it again before it
/// finishes (spec: "an erased worker never comes back"). Written when the erasure starts and again when it is done;
/// it names a worker only by their pseudonym under the council's key, and the key by its object's SHA-256.
/// </summary>
/// <param name="Id">The erasure's id: its start and its done record share it.</param>
/// <param name="Kind">What was let go.</param>
/// <param name="At">When this record was written.</param>
/// <param name="Done">False when the erasure started, true when it had finished.</param>
/// <param name="Worker">For a worker: the pseudonym id that stands for them (<c>pseudonym-…</c>).</param>
/// <param name="Key">For a worker: the object holding the pseudonym key their pseudonym is under.</param>
/// <param name="KeptFrom">For staff retention: the first day whose staff data was kept as it was.</param>
public sealed record ErasureRecord(string Id, ErasureKind Kind, DateTimeOffset At, bool Done, string? Worker = null, string? Key = null, LocalDate? KeptFrom = null)
{
    /// <summary>The record's name at the target: sorts by when it was written.</summary>
    public string Name => $"{At.ToUniversalTime():yyyy-MM-dd'T'HHmmss.fffffff'Z'}-{Id}-{(Done ? "done" : "started")}.json";

    /// <summary>The record's bytes.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", Id);
            json.WriteString("kind", Kind == ErasureKind.Worker ? "worker" : "staff_retention");
            json.WriteString("at", At.ToUniversalTime());
            json.WriteBoolean("done", Done);
            if (Worker is not null)
            {
                json.WriteString("worker", Worker);
            }

            if (Key is not null)
            {
                json.WriteString("key", Key);
            }

            if (KeptFrom is { } from)
            {
                json.WriteString("keptFrom", LocalDatePattern.Iso.Format(from));
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a record.</summary>
    /// <exception cref="InvalidDataException">It does not read as one; the message names it.</exception>
    public static ErasureRecord Read(ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var kind = root.GetProperty("kind").GetString() switch
            {
                "worker" => ErasureKind.Worker,
                "staff_retention" => ErasureKind.StaffRetention,
                var other => throw new FormatException($"'{other}' is not a kind of erasure"),
            };
            var record = new ErasureRecord(
                root.GetProperty("id").GetString() ?? throw new FormatException("no id"),
                kind,
                root.GetProperty("at").GetDateTimeOffset(),
                root.GetProperty("done").GetBoolean(),
                root.TryGetProperty("worker", out var worker) ? worker.GetString() : null,
                root.TryGetProperty("key", out var key) ? key.GetString() : null,
                root.TryGetProperty("keptFrom", out var from) ? LocalDatePattern.Iso.Parse(from.GetString() ?? "").GetValueOrThrow() : null);
            return kind == ErasureKind.Worker && (record.Worker is null || record.Key is null) || kind == ErasureKind.StaffRetention && record.KeptFrom is null
                ? throw new FormatException("a field is missing")
                : record;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or UnparsableValueException)
        {
            throw new InvalidDataException($"{name} does not read as a record of an erasure: it was not written by this product, or was changed after.", e);
        }
    }
}

/// <summary>Which recorded erasures a restore does again.</summary>
public static class ErasureLog
{
    /// <summary>
    /// Every erasure not known to have finished before the point was taken, once each, in the order they started: one
    /// that finished before it is in the point already; one that started before it and finished during or after the
    /// copy may be in it in part; one that never finished (it was cut off) is done whole. Doing one again changes
    /// nothing it had done.
    /// </summary>
    public static IReadOnlyList<ErasureRecord> ToDoAgain(IEnumerable<ErasureRecord> records, DateTimeOffset pointTakenAt)
    {
        ArgumentNullException.ThrowIfNull(records);
        return [.. records.GroupBy(r => r.Id, StringComparer.Ordinal)
            .Where(g => !g.Any(r => r.Done && r.At < pointTakenAt))
            .Select(g => g.OrderBy(r => r.At).First())
            .OrderBy(r => r.At)];
    }

    /// <summary>The new id of an erasure.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..12];
}
