namespace Caseload.Reporting.Storage;

/// <summary><c>Reporting:Storage</c> is missing or cannot be a storage account: which part is wrong, and what to give.</summary>
public sealed class StorageSettingException(string message) : Exception(message);

/// <summary>
/// <c>Reporting:Storage</c> read before it is used: a connection string checked part by part (the SDK's own message
/// names none), or an account's table endpoint for managed identity; and where it points, for messages.
/// </summary>
public static class StorageSetting
{
    private static readonly string[] Parts =
    [
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "SharedAccessSignature", "EndpointSuffix", "BlobEndpoint",
        "TableEndpoint", "QueueEndpoint", "FileEndpoint", "UseDevelopmentStorage", "DevelopmentStorageProxyUri",
    ];

    /// <summary>Where the tables are, as <c>host:port</c>, once the setting is checked.</summary>
    /// <exception cref="StorageSettingException">The setting is empty or malformed; the message names the part.</exception>
    public static string TableEndpoint(string? storage)
    {
        if (string.IsNullOrWhiteSpace(storage))
        {
            throw new StorageSettingException("Reporting:Storage is not set: give a storage connection string, or the table endpoint URI for managed identity (start a local one with `reporting local`).");
        }

        if (Uri.TryCreate(storage, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http")
        {
            return endpoint.Authority;
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var segment in storage.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            position++;
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Malformed($"its part {position} is not Name=value");
            }

            var name = segment[..equals].Trim();
            if (!Parts.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw Malformed($"its part {position} is named '{Shown(name)}', which a storage connection string does not have (it has {string.Join(", ", Parts)})");
            }

            if (!parts.TryAdd(name, segment[(equals + 1)..].Trim()))
            {
                throw Malformed($"{name} is given twice");
            }
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return "127.0.0.1:10002";
        }

        if (!parts.TryGetValue("AccountName", out var account) || account.Length == 0)
        {
            throw Malformed("it has no AccountName");
        }

        if (parts.TryGetValue("AccountKey", out var key) && !IsBase64(key))
        {
            throw Malformed("its AccountKey is not a key (base64 text, as the portal's Access keys page shows it)");
        }

        if (!parts.ContainsKey("AccountKey") && !parts.ContainsKey("SharedAccessSignature"))
        {
            throw Malformed("it has neither AccountKey nor SharedAccessSignature");
        }

        foreach (var (name, value) in parts.Where(p => p.Key.EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase) && !p.Key.Equals("DevelopmentStorageProxyUri", StringComparison.OrdinalIgnoreCase)))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                throw Malformed($"its {name} is not an http or https address");
            }
        }

        if (parts.TryGetValue("DefaultEndpointsProtocol", out var protocol) && protocol is not ("https" or "http"))
        {
            throw Malformed("its DefaultEndpointsProtocol is neither https nor http");
        }

        return parts.TryGetValue("TableEndpoint", out var table)
            ? new Uri(table).Authority
            : $"{account}.table.{(parts.TryGetValue("EndpointSuffix", out var suffix) ? suffix : "core.windows.net")}";
    }

    private static StorageSettingException Malformed(string what) =>
        new($"Reporting:Storage is not a storage connection string: {what}. Copy it whole from the portal (Access keys), or give the table endpoint URI for managed identity.");

    // A name is shown only while it is short and plain: a pasted secret is never echoed.
    private static string Shown(string name) => name.Length <= 40 && name.All(char.IsAsciiLetterOrDigit) ? name : "…";

    private static bool IsBase64(string text)
    {
        Span<byte> bytes = stackalloc byte[1024];
        return text.Length is > 0 and <= 1024 && Convert.TryFromBase64String(text, bytes, out _);
    }
}
