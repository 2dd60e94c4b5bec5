using System.Globalization;
using NodaTime;
using NodaTime.Calendars;

namespace Caseload.Reporting.Calendar;

/// <summary>
/// An ISO-8601 week, the period the weekly evaluation is keyed by, written <c>2026-W47</c>. It is held as its
/// Monday, so every value is a real week: even <c>default</c> is week 1 of year 1 (1 January 0001 was a Monday).
/// </summary>
public readonly struct IsoWeek : IEquatable<IsoWeek>, IComparable<IsoWeek>
{
    private readonly LocalDate monday;

    private IsoWeek(LocalDate monday) => this.monday = monday;

    /// <summary>The week <paramref name="week"/> of the ISO week-year <paramref name="year"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year has no such week.</exception>
    public IsoWeek(int year, int week)
    {
        if (year is < 1 or > 9998 || week < 1 || week > WeekYearRules.Iso.GetWeeksInWeekYear(year))
        {
            throw new ArgumentOutOfRangeException(nameof(week), $"{year}-W{week:D2} is not an ISO week.");
        }

        monday = WeekYearRules.Iso.GetLocalDate(year, week, IsoDayOfWeek.Monday);
    }

    /// <summary>The ISO week-year (which may differ from the calendar year near new year).</summary>
    public int Year => WeekYearRules.Iso.GetWeekYear(monday);

    /// <summary>The week of that year, 1 to 53.</summary>
    public int Week => WeekYearRules.Iso.GetWeekOfWeekYear(monday);

    /// <summary>The ISO week a date falls in.</summary>
    public static IsoWeek Of(LocalDate date) => new(date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)));

    /// <summary>The Monday that starts the week.</summary>
    public LocalDate Monday => monday;

    /// <summary>The Sunday that ends the week.</summary>
    public LocalDate Sunday => monday.PlusDays(6);

    /// <summary>The week before this one.</summary>
    public IsoWeek Previous => new(monday.PlusDays(-7));

    /// <summary>The week after this one.</summary>
    public IsoWeek Next => new(monday.PlusDays(7));

    /// <summary>Weeks from <paramref name="earlier"/> to this one: 1 for the next week.</summary>
    public int WeeksSince(IsoWeek earlier) => Period.Between(earlier.monday, monday, PeriodUnits.Days).Days / 7;

    /// <summary>Reads <c>yyyy-Www</c>, e.g. <c>2026-W47</c>.</summary>
    public static bool TryParse(string? text, out IsoWeek week)
    {
        week = default;
        if (text is not { Length: 8 } || text[4] != '-' || (text[5] != 'W' && text[5] != 'w')
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year < 1 || number < 1 || number > WeekYearRules.Iso.GetWeeksInWeekYear(year))
        {
            return false;
        }

        week = new IsoWeek(year, number);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(IsoWeek other) => monday == other.monday;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IsoWeek other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => monday.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(IsoWeek other) => monday.CompareTo(other.monday);

    /// <summary>Whether two values are the same week.</summary>
    public static bool operator ==(IsoWeek left, IsoWeek right) => left.Equals(right);

    /// <summary>Whether two values are different weeks.</summary>
    public static bool operator !=(IsoWeek left, IsoWeek right) => !left.Equals(right);

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
