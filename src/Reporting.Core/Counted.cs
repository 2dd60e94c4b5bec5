using System.Globalization;

namespace Caseload.Reporting;

/// <summary>A count and its noun agreeing in number, as people write them: "1 case", "2 cases", "1,204 warnings".</summary>
public static class Counted
{
    /// <summary>The count, with thousands separated, and the noun it takes.</summary>
    /// <param name="count">How many.</param>
    /// <param name="one">The noun for one ("case").</param>
    /// <param name="many">The noun for any other count ("cases"); "one" with an s when not given.</param>
    public static string Of(long count, string one, string? many = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? one : many ?? one + "s")}";
}
