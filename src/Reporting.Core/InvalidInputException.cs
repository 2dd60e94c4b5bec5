namespace Caseload.Reporting;

/// <summary>
/// A council's input (a snapshot, a policy) was rejected whole. <see cref="Problems"/> holds every problem found
/// in one pass, errors and warnings both; nothing of the input was used.
/// </summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>Rejects input for the given problems, at least one of them an error.</summary>
    public InvalidInputException(IReadOnlyList<Problem> problems)
        : base(Describe(problems)) => Problems = problems;

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>The problems that made the input invalid.</summary>
    public IEnumerable<Problem> Errors => Problems.Where(p => p.Severity == Severity.Error);

    private static string Describe(IReadOnlyList<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var errors = problems.Where(p => p.Severity == Severity.Error).ToList();
        return errors.Count switch
        {
            0 => "The input was rejected.",
            1 => $"The input was rejected: {errors[0]}",
            _ => $"The input was rejected with {errors.Count} errors, the first: {errors[0]}",
        };
    }
}
