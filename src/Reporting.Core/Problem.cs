namespace Caseload.Reporting;

/// <summary>How serious a problem with input data is.</summary>
public enum Severity
{
    /// <summary>The input is rejected whole.</summary>
    Error,

    /// <summary>The input is used; the problem is carried into the output's data-quality list.</summary>
    Warning,
}

/// <summary>
/// One thing wrong with a council's input, located as a person finds it in a text editor:
/// <c>file:line: column: message</c>. Messages never carry a child identifier.
/// </summary>
/// <param name="Severity">Whether the input is rejected.</param>
/// <param name="Code">A stable machine code, e.g. <c>unknown_worker</c>.</param>
/// <param name="File">The file's name, e.g. <c>allocations.csv</c>.</param>
/// <param name="Line">The 1-based line (the header is line 1), when the problem has one.</param>
/// <param name="Column">The column or field the problem is in, when it has one.</param>
/// <param name="Message">What is wrong and, where it helps, what to do.</param>
public sealed record Problem(Severity Severity, string Code, string File, int? Line, string? Column, string Message)
{
    /// <summary>How many times the problem occurred: more than 1 when it stands for a run of the same kind (see <see cref="ProblemLog"/>).</summary>
    public int Occurrences { get; init; } = 1;

    /// <summary>The last line of such a run, when it has lines.</summary>
    public int? LastLine { get; init; }

    /// <summary><c>file:line</c>, <c>file:first–last</c> for a run of the same kind, or the file alone.</summary>
    public string Where => (Line, LastLine) switch
    {
        ({ } first, { } last) when last != first => $"{File}:{first}–{last}",
        ({ } line, _) => $"{File}:{line}",
        _ => File,
    };

    /// <summary>How many problems <paramref name="problems"/> stand for, each run counted in full.</summary>
    public static int Total(IEnumerable<Problem> problems) => problems?.Sum(p => p.Occurrences) ?? 0;

    /// <inheritdoc />
    public override string ToString() => Column is null ? $"{Where}: {Message}" : $"{Where}: {Column}: {Message}";
}
