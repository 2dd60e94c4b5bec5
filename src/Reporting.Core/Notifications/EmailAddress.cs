namespace Caseload.Reporting.Notifications;

/// <summary>
/// Whether a text can be an email address a mail service will take: one <c>@</c>, a local part of at most 64
/// characters without spaces, quotes, brackets or control characters, and a domain of dot-separated labels of
/// letters, digits and hyphens (at least two labels). Stricter than RFC 5322 on purpose: a quoted local part or an
/// address literal in a council's roster is far likelier a typing slip than a real address.
/// </summary>
public static class EmailAddress
{
    /// <summary>The longest address SMTP carries.</summary>
    public const int MaxLength = 254;

    /// <summary>Whether the text, trimmed, can be an address.</summary>
    public static bool IsValid(string? text)
    {
        var address = text?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength)
        {
            return false;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at > 64 || at != address.LastIndexOf('@') || at == address.Length - 1)
        {
            return false;
        }

        var local = address.AsSpan(0, at);
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '"' or '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or '\\' or ']')
            {
                return false;
            }
        }

        var labels = address[(at + 1)..].Split('.');
        return labels.Length >= 2 && labels.All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
