using Caseload.Reporting.Ingest.Canonical;
using NodaTime;

namespace Caseload.Reporting.Ingest.Ssd;

/// <summary>The date forms SSD extracts write: <c>yyyy-MM-dd</c>, <c>yyyy-MM-dd HH:mm:ss[.fff]</c> (SQL Server's datetime as text) and <c>dd/MM/yyyy</c>.</summary>
internal static class SsdDates
{
    public static bool TryParse(ReadOnlySpan<char> text, out LocalDate date)
    {
        if (text.Length > 10 && text[10] is ' ' or 'T')
        {
            date = default;
            return Time(text[11..]) && CellValues.TryParseDate(text[..10], out date);
        }

        return CellValues.TryParseDate(text, out date);
    }

    /// <summary>HH:mm, HH:mm:ss or HH:mm:ss.fff…: the time of day a datetime column carries, which the day does not depend on.</summary>
    private static bool Time(ReadOnlySpan<char> time)
    {
        if (time.Length < 5 || time[2] != ':' || !Digits(time[..2], 23) || !Digits(time.Slice(3, 2), 59))
        {
            return false;
        }

        if (time.Length == 5)
        {
            return true;
        }

        if (time.Length < 8 || time[5] != ':' || !Digits(time.Slice(6, 2), 59))
        {
            return false;
        }

        return time.Length == 8 || (time[8] == '.' && time.Length > 9 && !time[9..].ContainsAnyExcept(Canonical.CellValues.DigitCharacters));
    }

    private static bool Digits(ReadOnlySpan<char> text, int most) => !text.ContainsAnyExcept(Canonical.CellValues.DigitCharacters) && int.Parse(text, provider: System.Globalization.CultureInfo.InvariantCulture) <= most;
}
