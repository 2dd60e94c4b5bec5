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
    /// <summary><c>file:line</c>, or the file alone.</summary>
    public string Where => Line is { } line ? $"{File}:{line}" : File;

    /// <inheritdoc />
    public override string ToString() => Column is null ? $"{Where}: {Message}" : $"{Where}: {Column}: {Message}";
}
