using System.Text.Json;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting;

/// <summary>
/// What the council's JSON documents (policy.json, plan.json) have in common: every field is checked, an unknown
/// field or a value of the wrong kind is a problem naming the field by its path, and every problem is reported
/// before the document is refused.
/// </summary>
/// <param name="file">The file name to report problems against.</param>
/// <param name="invalidCode">The problem code of a field that is wrong, e.g. <c>policy_invalid</c>.</param>
internal abstract class JsonDocumentReader(string file, string invalidCode)
{
    /// <summary>What is wrong with the document so far.</summary>
    public List<Problem> Problems { get; } = [];

    /// <summary>Parses the text and reads it; refuses it with every problem found.</summary>
    /// <param name="json">The document's text.</param>
    /// <param name="kind">What it is, for the code of a syntax error, e.g. <c>policy</c>.</param>
    /// <param name="read">Reads the root element, reporting problems as it goes.</param>
    /// <exception cref="InvalidInputException">The text is not JSON, or the document has problems.</exception>
    public T Read<T>(string json, string kind, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException([JsonSyntax.Describe(file, $"{kind}_not_json", System.Text.Encoding.UTF8.GetBytes(json), e)]);
        }

        using (document)
        {
            var result = read(document.RootElement);
            return Problems.Count == 0 ? result : throw new InvalidInputException(Problems);
        }
    }

    protected List<JsonProperty> Fields(JsonElement value, string path, params string[] known)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(path.Length == 0 ? "(document)" : path, $"expected an object, got {Kind(value)}");
            return [];
        }

        var fields = new List<JsonProperty>();
        foreach (var field in value.EnumerateObject())
        {
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (!known.Contains(field.Name, StringComparer.Ordinal))
            {
                Fail(name, $"unknown field; the fields here are {string.Join(", ", known)}");
            }
            else if (fields.Exists(f => f.Name == field.Name))
            {
                // JSON readers differ on which of two values wins: neither is taken.
                Fail(name, "given more than once; give each field once");
            }
            else
            {
                fields.Add(field);
            }
        }

        return fields;
    }

    protected decimal? Number(JsonElement value, string path, bool atLeastZero)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            return Fail<decimal?>(null, path, $"expected a number, got {Kind(value)}");
        }

        return atLeastZero ? number >= 0 ? number : Fail<decimal?>(null, path, $"expected a number 0 or more, got {number}")
            : number > 0 ? number : Fail<decimal?>(null, path, $"expected a number greater than 0, got {number}");
    }

    /// <summary>A number within bounds, whole when asked; outside them a problem saying what is accepted.</summary>
    protected decimal? Between(JsonElement value, string path, decimal least, decimal most, bool whole)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return Fail<decimal?>(null, path, $"expected a number, got {Kind(value)}");
        }

        var accepted = $"{(whole ? "a whole number" : "a number")} from {least} to {most}";
        return value.TryGetDecimal(out var number) && number >= least && number <= most && (!whole || decimal.Truncate(number) == number)
            ? number
            : Fail<decimal?>(null, path, $"expected {accepted}, got {Kind(value)}");
    }

    protected bool? Boolean(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => Fail<bool?>(null, path, $"expected true or false, got {Kind(value)}"),
    };

    protected string? Text(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() : Fail<string?>(null, path, $"expected a string, got {Kind(value)}");

    protected T? Code<T>(JsonElement value, string path) where T : struct, Enum
    {
        var text = Text(value, path);
        if (text is null)
        {
            return null;
        }

        return Vocabulary.TryParse<T>(text, out var code) ? code
            : Fail<T?>(null, path, $"'{text}' is not one of {string.Join(", ", Vocabulary.Codes<T>())}");
    }

    protected static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    protected T Fail<T>(T result, string path, string message)
    {
        Fail(path, message);
        return result;
    }

    protected void Fail(string path, string message) =>
        Problems.Add(new Problem(Severity.Error, invalidCode, file, null, path, message));
}
