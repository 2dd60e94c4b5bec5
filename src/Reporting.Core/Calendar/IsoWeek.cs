using System.Globalization;
using NodaTime;
using NodaTime.Calendars;

namespace Caseload.Reporting.Calendar;

/// <summary>An ISO-8601 week, the period the weekly evaluation is keyed by, written <c>2026-W47</c>.</summary>
/// <param name="Year">The ISO week-year (which may differ from the calendar year near new year).</param>
/// <param name="Week">The week of that year, 1 to 53.</param>
public readonly record struct IsoWeek(int Year, int Week) : IComparable<IsoWeek>
{
    /// <summary>The ISO week a date falls in.</summary>
    public static IsoWeek Of(LocalDate date) =>
        new(WeekYearRules.Iso.GetWeekYear(date), WeekYearRules.Iso.GetWeekOfWeekYear(date));

    /// <summary>The Monday that starts the week.</summary>
    public LocalDate Monday => WeekYearRules.Iso.GetLocalDate(Year, Week, IsoDayOfWeek.Monday);

    /// <summary>The Sunday that ends the week.</summary>
    public LocalDate Sunday => Monday.PlusDays(6);

    /// <summary>The week before this one.</summary>
    public IsoWeek Previous => Of(Monday.PlusDays(-7));

    /// <summary>Reads <c>yyyy-Www</c>, e.g. <c>2026-W47</c>.</summary>
    public static bool TryParse(string? text, out IsoWeek week)
    {
        week = default;
        if (text is not { Length: 8 } || text[4] != '-' || (text[5] != 'W' && text[5] != 'w')
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number < 1 || number > WeekYearRules.Iso.GetWeeksInWeekYear(year))
        {
            return false;
        }

        week = new IsoWeek(year, number);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(IsoWeek other) => (Year, Week).CompareTo((other.Year, other.Week));

    /// <summary>Whether <paramref name="left"/> is before <paramref name="right"/>.</summary>
    public static bool operator <(IsoWeek left, IsoWeek right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is after <paramref name="right"/>.</summary>
    public static bool operator >(IsoWeek left, IsoWeek right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is not after <paramref name="right"/>.</summary>
    public static bool operator <=(IsoWeek left, IsoWeek right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is not before <paramref name="right"/>.</summary>
    public static bool operator >=(IsoWeek left, IsoWeek right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-W{Week:D2}");
}
