using System.Globalization;
using System.Text;

namespace Caseload.Reporting.Storage;

/// <summary>
/// Council ids made safe as partition and row keys: Table Storage refuses '/', '\', '#', '?' and control
/// characters in keys, and an HR id may well hold a '/'. Escaping is reversible and keeps the ordinal order of
/// ids that need none.
/// </summary>
public static class TableKey
{
    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create("%/\\#?|");

    /// <summary>The id as a key part.</summary>
    public static string Escape(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.AsSpan().IndexOfAny(Escaped) < 0 && !id.Any(char.IsControl))
        {
            return id;
        }

        var key = new StringBuilder(id.Length + 8);
        foreach (var c in id)
        {
            if (c is '%' or '/' or '\\' or '#' or '?' or '|' || char.IsControl(c))
            {
                key.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            }
            else
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }

    /// <summary>The id a key part was escaped from.</summary>
    public static string Unescape(string key) => Uri.UnescapeDataString(key ?? throw new ArgumentNullException(nameof(key)));
}
