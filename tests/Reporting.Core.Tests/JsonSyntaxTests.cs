using Caseload.Reporting.Improvement;

namespace Caseload.Reporting.Tests;

/// <summary>A document that is not JSON is refused at its line and column, in words, never in the parser's own terms.</summary>
public class JsonSyntaxTests
{
    [Theory]
    [InlineData("{\n  \"name\": \"Plan\",\n  \"measures\": [],\n}", "plan.json:4: column 1: a comma before }: remove it")]
    [InlineData("{\"name\": \"Plan\" \"measures\": []}", "plan.json:1: column 17: expected a comma or }")]
    [InlineData("{\"name\": \"Plan\", \"measures\": [1 2]}", "plan.json:1: column 33: expected a comma or ]")]
    [InlineData("{\"name\" \"Plan\"}", "plan.json:1: column 9: expected a colon after the name")]
    [InlineData("{\"name\": }", "plan.json:1: column 10: expected a value after the colon: text in double quotes, a number, true, false, null, { or [")]
    [InlineData("{name: \"Plan\"}", "plan.json:1: column 2: expected a name in double quotes, or } to end the object")]
    [InlineData("{\"name\": \"Plan\",\n \"measures\": [\n", "plan.json:3: column 1: the document ends before its last [ is closed: add ]")]
    [InlineData("{\"name\": \"Plan\"} x", "plan.json:1: column 18: text after the end of the document: remove it, or put it inside the { }")]
    [InlineData("", "plan.json:1: column 1: the file is empty or holds only spaces; it needs a JSON object such as { }")]
    [InlineData("{\"name\": \"Pl\nan\"}", "plan.json:1: column 13: a text value is not closed with a double quote, or holds a line break, a tab or a \\ that starts no escape (write \\n, \\t, \\\\)")]
    public void A_broken_document_is_refused_at_its_line_and_column_in_words(string json, string expected)
    {
        var refused = Assert.Throws<InvalidInputException>(() => PlanDocument.Parse(json));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(expected + "; fix the JSON and set it again", problem.ToString());
        Assert.DoesNotContain("LineNumber", problem.Message, StringComparison.Ordinal);
    }
}
