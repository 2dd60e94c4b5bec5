using System.Diagnostics.CodeAnalysis;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Calendar;

/// <summary>
/// What a piece of work and its notifications are keyed by: an ISO week (the weekly evaluation, written
/// <c>2026-W47</c>) or a month (the improvement digest, written <c>2026-10</c>). Held as its first day and its kind,
/// so every value is a real period.
/// </summary>
public readonly struct ReportingPeriod : IEquatable<ReportingPeriod>
{
    private readonly LocalDate start;
    private readonly bool isMonth;

    private ReportingPeriod(LocalDate start, bool isMonth)
    {
        this.start = start;
        this.isMonth = isMonth;
    }

    /// <summary>The period of an ISO week.</summary>
    public static ReportingPeriod Of(IsoWeek week) => new(week.Monday, false);

    /// <summary>The period of a month.</summary>
    public static ReportingPeriod Of(YearMonth month) => new(month.OnDayOfMonth(1), true);

    /// <summary>The week, when the period is one.</summary>
    public IsoWeek? Week => isMonth ? null : IsoWeek.Of(start);

    /// <summary>The month, when the period is one.</summary>
    public YearMonth? Month => isMonth ? start.ToYearMonth() : null;

    /// <summary>The first day of the period.</summary>
    public LocalDate Start => start;

    /// <summary>The last day of the period.</summary>
    public LocalDate End => isMonth ? start.PlusMonths(1).PlusDays(-1) : start.PlusDays(6);

    /// <summary>A week from its <see cref="IsoWeek"/>.</summary>
    public static implicit operator ReportingPeriod(IsoWeek week) => Of(week);

    /// <summary>A month from its <see cref="YearMonth"/>.</summary>
    public static implicit operator ReportingPeriod(YearMonth month) => Of(month);

    /// <summary>Reads <c>2026-W47</c> or <c>2026-10</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReportingPeriod period)
    {
        if (IsoWeek.TryParse(text, out var week))
        {
            period = Of(week);
            return true;
        }

        if (text is { Length: 7 } && YearMonthPattern.Iso.Parse(text) is { Success: true } month)
        {
            period = Of(month.Value);
            return true;
        }

        period = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(ReportingPeriod other) => start == other.start && isMonth == other.isMonth;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ReportingPeriod other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(start, isMonth);

    /// <summary>Whether two values are the same period.</summary>
    public static bool operator ==(ReportingPeriod left, ReportingPeriod right) => left.Equals(right);

    /// <summary>Whether two values are different periods.</summary>
    public static bool operator !=(ReportingPeriod left, ReportingPeriod right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => isMonth ? YearMonthPattern.Iso.Format(start.ToYearMonth()) : IsoWeek.Of(start).ToString();
}
