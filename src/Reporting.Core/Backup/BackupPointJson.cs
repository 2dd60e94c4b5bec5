using System.Text.Json;

namespace Caseload.Reporting.Backup;

/// <summary>
/// A point's manifest as stored at the target (<c>points/{id}.json</c>): plain JSON that IT can read, naming each
/// object by its SHA-256, so that a copy can be checked with nothing but <c>sha256sum</c>.
/// </summary>
public static class BackupPointJson
{
    /// <summary>What the manifest says it is, so that a later format is never misread as this one.</summary>
    public const string Format = "caseload-reporting-backup/1";

    /// <summary>The manifest's bytes.</summary>
    public static byte[] Write(BackupPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("id", point.Id);
            json.WriteString("takenAt", point.TakenAt.ToUniversalTime());
            json.WriteString("finishedAt", point.FinishedAt.ToUniversalTime());
            json.WriteNumber("rows", point.Rows);
            json.WriteNumber("blobCount", point.Blobs.Count);
            json.WriteNumber("bytes", point.Bytes);
            json.WriteStartArray("tables");
            foreach (var table in point.Tables)
            {
                json.WriteStartObject();
                json.WriteString("name", table.Name);
                json.WriteStartArray("partitions");
                foreach (var partition in table.Partitions)
                {
                    json.WriteStartObject();
                    json.WriteString("key", partition.Key);
                    json.WriteNumber("rows", partition.Rows);
                    Object(json, partition.Content);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("blobs");
            foreach (var blob in point.Blobs)
            {
                json.WriteStartObject();
                json.WriteString("name", blob.Name);
                Object(json, blob.Content);
                if (blob.ContentType is not null)
                {
                    json.WriteString("contentType", blob.ContentType);
                }

                if (blob.ETag is not null)
                {
                    json.WriteString("etag", blob.ETag);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a manifest.</summary>
    /// <param name="bytes">Its bytes.</param>
    /// <param name="name">Where it was read from, for the message of a manifest that does not read.</param>
    /// <exception cref="InvalidDataException">It is not a manifest of this format; the message says where and what.</exception>
    public static BackupPoint Read(ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (Text(root, "format") != Format)
            {
                throw new InvalidDataException($"it is not a backup point of this version ({Format})");
            }

            var tables = root.GetProperty("tables").EnumerateArray().Select(t => new BackedUpTable(
                Text(t, "name"),
                [.. t.GetProperty("partitions").EnumerateArray().Select(p => new BackedUpPartition(Text(p, "key"), p.GetProperty("rows").GetInt32(), Object(p)))])).ToList();
            var blobs = root.GetProperty("blobs").EnumerateArray().Select(b => new BackedUpBlob(
                Text(b, "name"), Object(b), Optional(b, "contentType"), Optional(b, "etag"))).ToList();
            var id = Text(root, "id");
            if (!BackupPoint.IsId(id))
            {
                throw new InvalidDataException($"'{id}' is not a point's id");
            }

            return new BackupPoint(id, root.GetProperty("takenAt").GetDateTimeOffset(), root.GetProperty("finishedAt").GetDateTimeOffset(), tables, blobs);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{name} does not read as a backup point: {Reason(e)}. It was not written by this product, or was changed after.", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        InvalidDataException => e.Message,
        JsonException => "it is not JSON",
        KeyNotFoundException => "a field is missing",
        _ => "a field holds the wrong kind of value",
    };

    private static void Object(Utf8JsonWriter json, BackupObject value)
    {
        json.WriteString("object", value.Sha256);
        json.WriteNumber("length", value.Length);
    }

    private static BackupObject Object(JsonElement element) => new(Text(element, "object"), element.GetProperty("length").GetInt64());

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString() ?? throw new InvalidDataException($"{name} is empty");

    private static string? Optional(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
