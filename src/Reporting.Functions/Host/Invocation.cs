using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caseload.Reporting.Functions.Host;

/// <summary>
/// What the Functions host posts to <c>/{FunctionName}</c>: <c>{"Data": {binding: value}, "Metadata": {...}}</c>.
/// Metadata values arrive as strings (<c>"DeliveryCount": "1"</c>).
/// </summary>
internal sealed class Invocation(JsonElement data, JsonElement metadata)
{
    public static async Task<Invocation> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var root = document.RootElement;
        var data = root.TryGetProperty("Data", out var d) ? d.Clone() : default;
        var metadata = root.TryGetProperty("Metadata", out var m) ? m.Clone() : default;
        return new Invocation(data, metadata);
    }

    /// <summary>A binding's value as the host sent it.</summary>
    public JsonElement Binding(string name) => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A binding's value as JSON text, to record; null when the host sent none.</summary>
    public string? RawText(string name) => Binding(name) is { ValueKind: not JsonValueKind.Undefined } value ? value.GetRawText() : null;

    /// <summary>A metadata value, which the host sends as a string (or, for some, a number).</summary>
    public string? Metadata(string name) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
            : null;

    /// <summary>How many times the message has been delivered, this time included.</summary>
    public int DeliveryCount => int.TryParse(Metadata("DeliveryCount"), out var count) ? count : 1;

    /// <summary>
    /// A queue message's body as JSON. A body that is a string (JSON text included) arrives JSON-encoded a second
    /// time: it is decoded twice; one that is an object arrives as it is.
    /// </summary>
    public JsonNode? Message(string binding)
    {
        var value = Binding(binding);
        var node = value.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(value.GetRawText());
        for (var decoded = 0; decoded < 2 && node is JsonValue text && text.TryGetValue<string>(out var inner); decoded++)
        {
            node = JsonNode.Parse(inner);
        }

        return node;
    }
}

/// <summary>
/// What the handler answers: always a JSON object <c>{"Outputs": {...}, "Logs": [...], "ReturnValue": null}</c>;
/// an empty 200 body can hang the invocation. An output holding an array becomes one message per element.
/// </summary>
internal sealed class InvocationResult
{
    // The host reads these names as they are: Results.Json would otherwise camel-case them.
    private static readonly JsonSerializerOptions AsWritten = new() { PropertyNamingPolicy = null };

    public Dictionary<string, object?> Outputs { get; } = [];

    public List<string> Logs { get; } = [];

    public object? ReturnValue { get; set; }

    public InvocationResult Log(string line)
    {
        Logs.Add(line);
        return this;
    }

    public IResult Ok() => Results.Json(new { Outputs, Logs, ReturnValue }, AsWritten, statusCode: StatusCodes.Status200OK);

    /// <summary>A transient failure: a non-2xx reply makes the host fail the invocation, and Service Bus redeliver.</summary>
    public IResult Retry() => Results.Json(new { Outputs, Logs, ReturnValue }, AsWritten, statusCode: StatusCodes.Status500InternalServerError);
}
