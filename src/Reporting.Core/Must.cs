namespace Caseload.Reporting;

/// <summary>The checks records make of what they are built from, so that a value that breaks a rule is never held.</summary>
internal static class Must
{
    public static string NotEmpty(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must not be empty.", name) : value;

    public static decimal Positive(decimal value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be more than 0.");

    public static decimal? Positive(decimal? value, string name) => value is { } v ? Positive(v, name) : null;

    public static decimal NotNegative(decimal value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");

    public static int NotNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");

    public static decimal? Fraction(decimal? value, string name) =>
        value is not { } v || (v > 0 && v <= 1) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be more than 0 and at most 1.");

    public static int AtLeast(int value, int least, string name) =>
        value >= least ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {least}.");

    public static string? Shorter(string? value, int most, string name) =>
        value is null || value.Length <= most ? value : throw new ArgumentOutOfRangeException(name, value.Length, $"{name} must be at most {most} characters.");
}
