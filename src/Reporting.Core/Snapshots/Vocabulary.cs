namespace Caseload.Reporting.Snapshots;

/// <summary>
/// The snake_case codes of a vocabulary (<see cref="TeamType"/>, <see cref="Role"/>, <see cref="CaseType"/>, ...),
/// as councils write them and as the evaluation output carries them.
/// </summary>
public static class Vocabulary
{
    /// <summary>The code of a value, e.g. <c>children_in_care</c>.</summary>
    public static string Code<T>(T value) where T : struct, Enum => Table<T>.Names[Array.IndexOf(Table<T>.Values, value)];

    /// <summary>Every code of the vocabulary, in declaration order.</summary>
    public static IReadOnlyList<string> Codes<T>() where T : struct, Enum => Table<T>.Names;

    /// <summary>
    /// Reads a code, ignoring case and treating spaces and hyphens as underscores
    /// (<c>Children In Care</c> = <c>children_in_care</c>), as the snapshot spec says.
    /// </summary>
    public static bool TryParse<T>(ReadOnlySpan<char> text, out T value) where T : struct, Enum
    {
        var names = Table<T>.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (text.SequenceEqual(names[i]))
            {
                value = Table<T>.Values[i];
                return true;
            }
        }

        if (text.Length is > 0 and <= 64)
        {
            Span<char> normal = stackalloc char[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                normal[i] = c is ' ' or '-' ? '_' : char.ToLowerInvariant(c);
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (normal.SequenceEqual(names[i]))
                {
                    value = Table<T>.Values[i];
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static class Table<T> where T : struct, Enum
    {
        public static readonly T[] Values = Enum.GetValues<T>();
        public static readonly string[] Names = Array.ConvertAll(Values, v => SnakeCase(v.ToString()));

        private static string SnakeCase(string pascal)
        {
            var text = new System.Text.StringBuilder(pascal.Length + 4);
            foreach (var c in pascal)
            {
                if (char.IsUpper(c) && text.Length > 0)
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }

            return text.ToString();
        }
    }

    /// <summary>A role as people read it: "social worker", "senior practitioner", ...</summary>
    public static string Describe(Role role) => role switch
    {
        Role.Other => "other role",
        _ => Code(role).Replace('_', ' '),
    };

    /// <summary>A team type as people read it: "assessment", "child in need and protection", "children in care", ...</summary>
    public static string Describe(TeamType type) => type switch
    {
        TeamType.Assessment => "assessment",
        TeamType.CinCp => "child in need and protection",
        TeamType.Adolescent => "adolescents",
        TeamType.ChildrenInCare => "children in care",
        TeamType.CareLeavers => "care leavers",
        TeamType.DisabledChildren => "disabled children",
        TeamType.FrontDoor => "front door",
        _ => "other",
    };
}
