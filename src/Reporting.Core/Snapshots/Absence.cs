using NodaTime;

namespace Caseload.Reporting.Snapshots;

/// <summary>A long absence (sickness, parental leave, secondment), from workers.csv's absent_from and absent_to (capacity spec).</summary>
/// <param name="From">The day it began.</param>
/// <param name="To">The day it ends; null when open-ended.</param>
public sealed record Absence(LocalDate From, LocalDate? To)
{
    /// <summary>The day it ends, not before it began; null when open-ended.</summary>
    public LocalDate? To { get; init => field = Checked(From, value); } = Checked(From, To);

    /// <summary>Absent on the day: it has begun and has not ended before it.</summary>
    public bool On(LocalDate day) => From <= day && (To is not { } end || end >= day);

    private static LocalDate? Checked(LocalDate from, LocalDate? to) =>
        to is { } end && end < from ? throw new ArgumentException("An absence cannot end before it begins.", nameof(to)) : to;
}
