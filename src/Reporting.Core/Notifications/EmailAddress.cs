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
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        var address = text.Trim();
        if (address.IsEmpty || address.Length > MaxLength)
        {
            return false;
        }

        var at = address.IndexOf('@');
        if (at <= 0 || at > 64 || at != address.LastIndexOf('@') || at == address.Length - 1)
        {
            return false;
        }

        var local = address[..at];
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

        var labels = 0;
        foreach (var range in address[(at + 1)..].Split('.'))
        {
            var label = address[(at + 1)..][range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || label.ContainsAnyExcept(LabelCharacters))
            {
                return false;
            }

            labels++;
        }

        return labels >= 2;
    }

    private static readonly System.Buffers.SearchValues<char> LabelCharacters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
}
