using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace Caseload.Reporting.Storage.Backup;

/// <summary>
/// Table rows as a backup keeps them: a line of JSON each, in the Table service's own shape (OData's minimal
/// metadata), every property in name order with its type named where JSON alone would lose it (<c>Edm.Int64</c>,
/// <c>Edm.Double</c>, <c>Edm.DateTime</c>, <c>Edm.Guid</c>, <c>Edm.Binary</c>), so that a row restored is the row
/// backed up — its keys, every value and every value's type — and the same rows make the same bytes.
/// </summary>
public static class TableRows
{
    private const string TypeSuffix = "@odata.type";

    /// <summary>Writes a row as one JSON object (no line break).</summary>
    /// <exception cref="InvalidDataException">A value is of a kind the Table service does not store.</exception>
    public static void Write(Utf8JsonWriter json, TableEntity row)
    {
        json.WriteStartObject();
        json.WriteString("PartitionKey", row.PartitionKey);
        json.WriteString("RowKey", row.RowKey);
        foreach (var name in row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order(StringComparer.Ordinal))
        {
            switch (row[name])
            {
                case null:
                    break;
                case string text:
                    json.WriteString(name, text);
                    break;
                case bool flag:
                    json.WriteBoolean(name, flag);
                    break;
                case int number:
                    json.WriteNumber(name, number);
                    break;
                case long number:
                    json.WriteString(name, number.ToString(CultureInfo.InvariantCulture));
                    json.WriteString(name + TypeSuffix, "Edm.Int64");
                    break;
                case double number when double.IsFinite(number):
                    json.WriteNumber(name, number);
                    json.WriteString(name + TypeSuffix, "Edm.Double");
                    break;
                case double number:
                    json.WriteString(name, double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
                    json.WriteString(name + TypeSuffix, "Edm.Double");
                    break;
                case DateTimeOffset at:
                    json.WriteString(name, at.UtcDateTime.ToString("o", CultureInfo.InvariantCulture));
                    json.WriteString(name + TypeSuffix, "Edm.DateTime");
                    break;
                case DateTime at:
                    json.WriteString(name, at.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                    json.WriteString(name + TypeSuffix, "Edm.DateTime");
                    break;
                case Guid id:
                    json.WriteString(name, id.ToString("D"));
                    json.WriteString(name + TypeSuffix, "Edm.Guid");
                    break;
                case byte[] bytes:
                    json.WriteBase64String(name, bytes);
                    json.WriteString(name + TypeSuffix, "Edm.Binary");
                    break;
                case BinaryData data:
                    json.WriteBase64String(name, data.ToMemory().Span);
                    json.WriteString(name + TypeSuffix, "Edm.Binary");
                    break;
                case var other:
                    throw new InvalidDataException($"{row.PartitionKey}/{row.RowKey}: the property {name} holds a {other.GetType().Name}, which the Table service does not store.");
            }
        }

        json.WriteEndObject();
    }

    /// <summary>Reads a row written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The line is not such a row.</exception>
    public static TableEntity Read(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var row = new TableEntity(root.GetProperty("PartitionKey").GetString(), root.GetProperty("RowKey").GetString());
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is "PartitionKey" or "RowKey" || property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal))
                {
                    continue;
                }

                var type = root.TryGetProperty(property.Name + TypeSuffix, out var annotation) ? annotation.GetString() : null;
                row[property.Name] = Value(property.Value, type);
            }

            return row;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or OverflowException)
        {
            throw new InvalidDataException("a row of the backup does not read as a table row", e);
        }
    }

    private static object Value(JsonElement value, string? type) => (type, value.ValueKind) switch
    {
        (null, JsonValueKind.String) => value.GetString()!,
        (null, JsonValueKind.True or JsonValueKind.False) => value.GetBoolean(),
        (null, JsonValueKind.Number) => value.GetInt32(),
        ("Edm.Int64", JsonValueKind.String) => long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        ("Edm.Double", JsonValueKind.Number) => value.GetDouble(),
        ("Edm.Double", JsonValueKind.String) => value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => throw new FormatException("not a number"),
        },
        ("Edm.DateTime", JsonValueKind.String) => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        ("Edm.Guid", JsonValueKind.String) => Guid.ParseExact(value.GetString()!, "D"),
        ("Edm.Binary", JsonValueKind.String) => value.GetBytesFromBase64(),
        _ => throw new FormatException($"a value of type {type ?? value.ValueKind.ToString()}"),
    };
}
