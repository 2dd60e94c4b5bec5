using System.Collections.Frozen;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Calendar;

/// <summary>
/// England and Wales working days: Monday to Friday less bank holidays, from the list shipped with the product
/// (Calendar/bank-holidays-england-and-wales.txt). A date outside the list's years is refused rather than
/// counted as if it had no holidays.
/// </summary>
public sealed class WorkingDays
{
    private readonly FrozenSet<LocalDate> holidays;

    private WorkingDays(FrozenSet<LocalDate> holidays, LocalDate from, LocalDate to)
    {
        this.holidays = holidays;
        CoversFrom = from;
        CoversTo = to;
    }

    /// <summary>The calendar of England and Wales.</summary>
    public static WorkingDays EnglandAndWales { get; } = Load();

    /// <summary>The first day the bank holiday list covers.</summary>
    public LocalDate CoversFrom { get; }

    /// <summary>The last day the bank holiday list covers.</summary>
    public LocalDate CoversTo { get; }

    /// <summary>Whether the day is a working day.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The day is outside the years the bank holiday list covers.</exception>
    public bool IsWorkingDay(LocalDate day)
    {
        if (day < CoversFrom || day > CoversTo)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day,
                $"Bank holidays are known from {CoversFrom:yyyy-MM-dd} to {CoversTo:yyyy-MM-dd}; add the year to Calendar/bank-holidays-england-and-wales.txt.");
        }

        return day.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !holidays.Contains(day);
    }

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

    private static WorkingDays Load()
    {
        using var stream = typeof(WorkingDays).Assembly.GetManifestResourceStream("Caseload.Reporting.Calendar.bank-holidays-england-and-wales.txt")
            ?? throw new InvalidOperationException("The bank holiday list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var holidays = new HashSet<LocalDate>();
        LocalDate? from = null, to = null;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.StartsWith("# covers ", StringComparison.Ordinal))
            {
                var parts = line["# covers ".Length..].Split(' ');
                (from, to) = (LocalDatePattern.Iso.Parse(parts[0]).Value, LocalDatePattern.Iso.Parse(parts[1]).Value);
            }
            else if (line.Length >= 10 && !line.StartsWith('#'))
            {
                holidays.Add(LocalDatePattern.Iso.Parse(line[..10]).Value);
            }
        }

        return new WorkingDays(holidays.ToFrozenSet(), from ?? throw new InvalidDataException("The bank holiday list does not say which years it covers."), to!.Value);
    }
}
