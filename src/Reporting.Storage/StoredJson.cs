using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caseload.Reporting.Calendar;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Storage;

/// <summary>
/// How records the product keeps as bytes are written: JSON of the record as it is (decimals exact, dates ISO,
/// codes by name), gzipped. A storage format, not a contract: the contracts (the evaluation's JSON) round figures.
/// </summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter(), new LocalDateConverter(), new IsoWeekConverter() },
    };

    public static byte[] Write<T>(T value)
    {
        using var bytes = new MemoryStream();
        using (var zip = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(zip, value, Options);
        }

        return bytes.ToArray();
    }

    public static T Read<T>(Stream gzipped)
    {
        using var zip = new GZipStream(gzipped, CompressionMode.Decompress);
        return JsonSerializer.Deserialize<T>(zip, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is empty.");
    }

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            LocalDatePattern.Iso.Parse(reader.GetString()!).GetValueOrThrow();

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }

    private sealed class IsoWeekConverter : JsonConverter<IsoWeek>
    {
        public override IsoWeek Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            IsoWeek.TryParse(reader.GetString(), out var week) ? week : throw new JsonException("Not an ISO week.");

        public override void Write(Utf8JsonWriter writer, IsoWeek value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
