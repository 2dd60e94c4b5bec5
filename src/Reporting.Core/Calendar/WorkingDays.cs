using System.Collections.Concurrent;
using System.Collections.Frozen;
using NodaTime;
using PublicHoliday;

namespace Caseload.Reporting.Calendar;

/// <summary>
/// England and Wales working days: Monday to Friday less bank holidays, for any date a snapshot can carry. The bank
/// holidays come from the PublicHoliday library (the statutory rules, with the one-off holidays such as the
/// coronation's on 8 May 2023), a year at a time, once; a test checks them against GOV.UK's list for 2023–2028.
/// </summary>
public sealed class WorkingDays
{
    /// <summary>The first day the calendar is asked about: the earliest date a snapshot may carry.</summary>
    public static readonly LocalDate CoversFrom = new(1900, 1, 1);

    /// <summary>The last day the calendar is asked about: the latest date a snapshot may carry.</summary>
    public static readonly LocalDate CoversTo = new(2099, 12, 31);

    private readonly UKBankHoliday rules = new() { UkCountry = UKBankHoliday.UkCountries.England };
    private readonly ConcurrentDictionary<int, FrozenSet<LocalDate>> years = new();

    private WorkingDays()
    {
    }

    /// <summary>The calendar of England and Wales.</summary>
    public static WorkingDays EnglandAndWales { get; } = new();

    /// <summary>The bank holidays of a year.</summary>
    public IReadOnlySet<LocalDate> BankHolidays(int year) =>
        years.GetOrAdd(year, y => rules.PublicHolidays(y).Select(LocalDate.FromDateTime).ToFrozenSet());

    /// <summary>Whether the day is a working day.</summary>
    public bool IsWorkingDay(LocalDate day) =>
        day.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !BankHolidays(day.Year).Contains(day);

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when to is not after from).</summary>
    public int Between(LocalDate from, LocalDate to)
    {
        var count = 0;
        for (var day = from.PlusDays(1); day <= to; day = day.PlusDays(1))
        {
            count += IsWorkingDay(day) ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// The latest day that is <paramref name="workingDays"/> working days before <paramref name="to"/>: a date on or
    /// before it has at least that many working days after it up to <paramref name="to"/>
    /// (<see cref="Between"/> ≥ <paramref name="workingDays"/>), a later date fewer.
    /// </summary>
    public LocalDate CountBack(LocalDate to, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = to;
        for (var counted = 0; counted < workingDays; day = day.PlusDays(-1))
        {
            counted += IsWorkingDay(day) ? 1 : 0;
        }

        return day;
    }
}
