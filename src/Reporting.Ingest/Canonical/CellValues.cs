using System.Globalization;
using NodaTime;

namespace Caseload.Reporting.Ingest.Canonical;

/// <summary>The value syntaxes of the snapshot spec. Nothing else is guessed.</summary>
internal static class CellValues
{
    /// <summary>The earliest date a snapshot may carry: the calendar's first.</summary>
    public static readonly LocalDate Earliest = Calendar.WorkingDays.CoversFrom;

    /// <summary>The latest date a snapshot may carry: the calendar's last.</summary>
    public static readonly LocalDate Latest = Calendar.WorkingDays.CoversTo;

    /// <summary>
    /// The control characters (U+0000–U+001F, U+007F), which no id holds. A set rather than <c>ContainsAnyInRange</c>:
    /// that generic method's ahead-of-time code boxes every character it compares, and it runs on every id of a
    /// million rows before the JIT replaces it.
    /// </summary>
    public static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f");

    /// <summary>The digits 0–9 (a set, for the reason <see cref="ControlCharacters"/> gives).</summary>
    public static readonly System.Buffers.SearchValues<char> DigitCharacters = System.Buffers.SearchValues.Create("0123456789");

    /// <summary>
    /// A cell's value as a message may open with it: a short word without digits, in quotes and followed by a space
    /// (<c>'child_in_need' </c>); anything else is not repeated at all (empty), the line and column saying where it
    /// is. A value in the wrong column may be a child's id, and messages go to logs and emails.
    /// </summary>
    public static string Quoted(ReadOnlySpan<char> value)
    {
        if (value.Length > 24)
        {
            return "";
        }

        foreach (var c in value)
        {
            if (char.IsDigit(c) || char.IsControl(c))
            {
                return "";
            }
        }

        return $"'{value}' ";
    }

    /// <summary>yes/no, y/n, true/false, 1/0, any case.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> text, out bool value)
    {
        if (text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text.Equals("y", StringComparison.OrdinalIgnoreCase)
            || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("1"))
        {
            value = true;
            return true;
        }

        value = false;
        return text.Equals("no", StringComparison.OrdinalIgnoreCase) || text.Equals("n", StringComparison.OrdinalIgnoreCase)
            || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("0");
    }

    /// <summary><c>yyyy-MM-dd</c>, or UK <c>dd/MM/yyyy</c> (day and month may drop a leading zero), from <see cref="Earliest"/> to <see cref="Latest"/>.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out LocalDate date)
    {
        date = default;
        int year, month, day;
        if (text.Length == 10 && text[4] == '-' && text[7] == '-')
        {
            if (!Digits(text[..4], out year) || !Digits(text.Slice(5, 2), out month) || !Digits(text.Slice(8, 2), out day))
            {
                return false;
            }
        }
        else
        {
            var slash = text.IndexOf('/');
            var second = slash < 0 ? -1 : text[(slash + 1)..].IndexOf('/');
            if (slash is < 1 or > 2 || second is < 1 or > 2 || text.Length - (slash + second + 2) != 4
                || !Digits(text[..slash], out day) || !Digits(text.Slice(slash + 1, second), out month)
                || !Digits(text[(slash + second + 2)..], out year))
            {
                return false;
            }
        }

        if (year < Earliest.Year || year > Latest.Year || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return false;
        }

        date = new LocalDate(year, month, day);
        return true;
    }

    /// <summary>A plain decimal with a point, e.g. <c>0.6</c>.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static bool Digits(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
