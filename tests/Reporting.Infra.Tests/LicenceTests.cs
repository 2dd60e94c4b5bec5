using System.Text.Json;
using System.Text.RegularExpressions;

namespace Caseload.Reporting.Tests;

/// <summary>
/// What ships carries permissive licences only: every package in the runtime closure of the Functions app and the
/// CLI (as restored) is listed in docs/licences.md at its version, under a licence on the allow-list, and a package
/// that states its licence as an expression states the one listed.
/// </summary>
public sealed partial class LicenceTests
{
    private static readonly HashSet<string> Permissive = new(StringComparer.OrdinalIgnoreCase) { "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "ISC", "MS-PL", "Unlicense", "Zlib", "BSL-1.0" };

    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [Theory]
    [InlineData("src/Reporting.Functions")]
    [InlineData("src/Reporting.Cli")]
    public void Every_runtime_dependency_is_listed_with_a_permissive_licence_and_none_is_copyleft(string project)
    {
        var listed = Listed();
        var problems = new List<string>();
        foreach (var (id, version, nuspec) in RuntimeClosure(Path.Combine(Root(), project, "obj", "project.assets.json")))
        {
            if (!listed.TryGetValue(id, out var entry))
            {
                problems.Add($"{id} {version} is shipped but not listed in docs/licences.md");
                continue;
            }

            if (entry.Version != version)
            {
                problems.Add($"{id} is listed at {entry.Version} but {version} is shipped");
            }

            if (!Permissive.Contains(entry.Licence))
            {
                problems.Add($"{id} {version} is under {entry.Licence}, not a permissive licence");
            }

            if (Expression().Match(File.ReadAllText(nuspec)) is { Success: true } stated && !Same(stated.Groups[1].Value, entry.Licence))
            {
                problems.Add($"{id} {version} states {stated.Groups[1].Value} in its metadata, not {entry.Licence} as listed");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void The_pdf_library_is_the_mit_pdfsharp()
    {
        var props = File.ReadAllText(Path.Combine(Root(), "Directory.Packages.props"));
        Assert.Contains("<PackageVersion Include=\"PDFsharp\" Version=\"6.2.4\" />", props, StringComparison.Ordinal);
    }

    private static bool Same(string stated, string listed) =>
        string.Equals(stated.Trim(), listed, StringComparison.OrdinalIgnoreCase);

    /// <summary>Packages with runtime or native assets, from a restored project's assets file, with their nuspec.</summary>
    private static IEnumerable<(string Id, string Version, string Nuspec)> RuntimeClosure(string assets)
    {
        Assert.True(File.Exists(assets), $"{assets} is missing: restore the solution first");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var folder = json.RootElement.GetProperty("packageFolders").EnumerateObject().First().Name;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in json.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.GetProperty("type").GetString() != "package" || !Ships(library.Value) || !seen.Add(library.Name))
                {
                    continue;
                }

                var (id, version) = (library.Name.Split('/')[0], library.Name.Split('/')[1]);
                yield return (id, version, Path.Combine(folder, id.ToLowerInvariant(), version.ToLowerInvariant(), $"{id.ToLowerInvariant()}.nuspec"));
            }
        }
    }

    private static bool Ships(JsonElement library) =>
        new[] { "runtime", "native", "runtimeTargets" }.Any(kind => library.TryGetProperty(kind, out var assets)
            && assets.EnumerateObject().Any(a => !a.Name.EndsWith("_._", StringComparison.Ordinal)));

    /// <summary>The table of docs/licences.md: package → (version, licence).</summary>
    private static Dictionary<string, (string Version, string Licence)> Listed()
    {
        var rows = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadLines(Path.Combine(Root(), "docs", "licences.md")))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 6 && cells[0].Length == 0 && cells[1] is not ("package" or "" or "---") && !cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                rows[cells[1]] = (cells[2], cells[3]);
            }
        }

        return rows;
    }

    [GeneratedRegex("<license type=\"expression\">([^<]+)</license>")]
    private static partial Regex Expression();
}
