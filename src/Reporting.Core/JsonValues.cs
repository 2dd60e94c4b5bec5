using System.Text.Json;

namespace Caseload.Reporting;

/// <summary>One way to write a value that may be missing: the contracts (evaluation, subject access, region) write <c>null</c>, never leave the name out.</summary>
public static class JsonValues
{
    /// <summary>The text, or null.</summary>
    public static void WriteStringOrNull(this Utf8JsonWriter json, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The number, or null.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, decimal? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
