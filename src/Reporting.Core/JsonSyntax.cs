using System.Text;
using System.Text.Json;

namespace Caseload.Reporting;

/// <summary>
/// A JSON document that does not parse, said in words at its line and column: "plan.json:3: column 27: a comma
/// before }: remove it". The reader's own message names its internal states (and, in a trimmed build, only their
/// keys: "ZeroDepthAtEnd"), so what went wrong is worked out again here from where it stopped and what came before.
/// </summary>
public static class JsonSyntax
{
    /// <summary>The problem for a document that failed to parse with <paramref name="error"/>.</summary>
    /// <param name="file">The file, e.g. <c>plan.json</c>.</param>
    /// <param name="code">The problem's code, e.g. <c>plan_not_json</c>.</param>
    /// <param name="json">The document as UTF-8.</param>
    /// <param name="error">What the parser threw.</param>
    /// <param name="then">What to do once it is fixed.</param>
    public static Problem Describe(string file, string code, ReadOnlySpan<byte> json, JsonException error, string then = "fix the JSON and set it again")
    {
        ArgumentNullException.ThrowIfNull(error);
        var (line, byteInLine) = ((int)(error.LineNumber ?? 0), (int)(error.BytePositionInLine ?? 0));
        var lineStart = LineStart(json, line);
        var offset = Math.Min(json.Length, lineStart + byteInLine);
        var column = Encoding.UTF8.GetCharCount(json[lineStart..offset]) + 1;
        return new Problem(Severity.Error, code, file, line + 1, $"column {column}", $"{What(json, offset, error.Message)}; {then}");
    }

    private static string What(ReadOnlySpan<byte> json, int offset, string message)
    {
        // The containers open where the parser stopped, and the last token it read.
        var open = new Stack<JsonTokenType>();
        var last = JsonTokenType.None;
        long lastEnd = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                last = reader.TokenType;
                lastEnd = reader.BytesConsumed;
                if (last is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    open.Push(last);
                }
                else if (last is JsonTokenType.EndObject or JsonTokenType.EndArray && open.Count > 0)
                {
                    open.Pop();
                }
            }
        }
        catch (JsonException)
        {
            // Where it stops is what is described.
        }

        var inObject = open.Count > 0 && open.Peek() == JsonTokenType.StartObject;
        var close = inObject ? '}' : ']';
        var between = Encoding.UTF8.GetString(json[(int)Math.Min(lastEnd, offset)..offset]).Trim();
        var here = offset < json.Length ? (char)json[offset] : '\0';
        if (message.Contains("string", StringComparison.OrdinalIgnoreCase))
        {
            return "a text value is not closed with a double quote, or holds a line break, a tab or a \\ that starts no escape (write \\n, \\t, \\\\)";
        }

        if (offset >= json.Length || Encoding.UTF8.GetString(json[offset..]).Trim().Length == 0)
        {
            return last == JsonTokenType.None ? "the file is empty or holds only spaces; it needs a JSON object such as { }"
                : open.Count > 0 ? $"the document ends before its last {(inObject ? "{ is closed: add }" : "[ is closed: add ]")}"
                : "the document ends where a value should be";
        }

        if (here is '}' or ']' && between.EndsWith(',') )
        {
            return $"a comma before {here}: remove it";
        }

        if (here is '}' or ']' && open.Count > 0 && here != close)
        {
            return $"{here} closes a {(inObject ? "{" : "[")}: expected {close}";
        }

        if (open.Count == 0 && last != JsonTokenType.None)
        {
            return "text after the end of the document: remove it, or put it inside the { }";
        }

        // The reader takes a name and its colon together: a name read without one is still "between".
        if (last == JsonTokenType.PropertyName)
        {
            return "expected a value after the colon: text in double quotes, a number, true, false, null, { or [";
        }

        if (inObject && between.TrimStart(',').TrimStart().StartsWith('"'))
        {
            return "expected a colon after the name";
        }

        var afterValue = last is not (JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.StartArray) && !between.EndsWith(',');
        if (afterValue)
        {
            return $"expected a comma or {close}";
        }

        return inObject ? $"expected a name in double quotes, or }} to end the object"
            : "expected a value: text in double quotes, a number, true, false, null, { or [";
    }

    private static int LineStart(ReadOnlySpan<byte> json, int line)
    {
        var start = 0;
        for (var l = 0; l < line && start < json.Length; l++)
        {
            var next = json[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return json.Length;
            }

            start += next + 1;
        }

        return start;
    }
}
