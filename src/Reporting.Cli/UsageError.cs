using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Caseload.Reporting.Cli;

/// <summary>A command line the parser refused, said in the option's terms rather than the parser's (which names .NET types).</summary>
internal static partial class UsageError
{
    /// <summary>The parser's error for a command line without a verb.</summary>
    public const string NoVerb = "Required command was not provided.";

    /// <summary>One line for a parse error: "--weeks: 'two' is not a whole number".</summary>
    public static string Words(ParseError error)
    {
        var option = (error.SymbolResult as OptionResult)?.Option.Name ?? (error.SymbolResult as ArgumentResult)?.Argument.Name;
        if (CannotParse().Match(error.Message) is { Success: true } parse)
        {
            var name = option ?? parse.Groups["name"].Value;
            return $"{name}: '{parse.Groups["value"].Value}' is not {Kind(parse.Groups["type"].Value)}";
        }

        if (NotOneOf().Match(error.Message) is { Success: true } choice)
        {
            var allowed = string.Join(", ", choice.Groups["allowed"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => a.Trim('\'')));
            return $"{option ?? "a value"}: '{choice.Groups["value"].Value}' is not one of {allowed}";
        }

        if (Unrecognized().Match(error.Message) is { Success: true } unknown)
        {
            return $"'{unknown.Groups["value"].Value}' is not a verb or an option here";
        }

        return error.Message == NoVerb ? "give a verb, e.g. `reporting demo`" : error.Message.TrimEnd('.');
    }

    private static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Decimal" or "System.Double" => "a number",
        "System.Boolean" => "true or false",
        "System.IO.DirectoryInfo" => "a folder",
        "System.IO.FileInfo" => "a file",
        _ => "a value it takes",
    };

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for (option|command) '(?<name>[^']*)' as expected type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"Argument '(?<value>.*)' not recognized\. Must be one of:(?<allowed>.*)", RegexOptions.Singleline)]
    private static partial Regex NotOneOf();

    [GeneratedRegex(@"Unrecognized command or argument '(?<value>.*)'")]
    private static partial Regex Unrecognized();
}
