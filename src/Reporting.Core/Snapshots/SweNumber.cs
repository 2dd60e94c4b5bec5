namespace Caseload.Reporting.Snapshots;

/// <summary>
/// A Social Work England registration number, as the register and the workforce census write it: two letters and 4
/// to 12 digits (SW123456). One rule for the roster's <c>swe_number</c> and the census's <c>SWENo</c>.
/// </summary>
public static class SweNumber
{
    /// <summary>What a valid number looks like, for a message.</summary>
    public const string Expected = "two letters and 4 to 12 digits, e.g. SW123456";

    /// <summary>Whether the text is a registration number.</summary>
    public static bool IsValid(ReadOnlySpan<char> text) =>
        text.Length is >= 6 and <= 14 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]) && !text[2..].ContainsAnyExceptInRange('0', '9');
}
