using System.Text;

namespace Caseload.Reporting.Tests;

/// <summary>A snapshot folder written by a test, removed afterwards. Files default to a small valid council.</summary>
internal sealed class SnapshotFolderFixture : IDisposable
{
    public const string Teams = """
        team_id,name,team_type,manager_id,service,head_of_service_email,establishment_fte
        T1,Chatham Assessment Team,assessment,M1,Front Door,hos@council.example,5
        T2,Strood Adolescent Team,adolescent,M2,Adolescents,,4.5
        """;

    public const string Workers = """
        worker_id,name,email,team_id,role,fte,asye,agency
        M1,Mina Manager,m1@council.example,T1,team_manager,1,no,no
        W1,Wendy Worker,w1@council.example,T1,social_worker,1,no,no
        W2,Will Worker,w2@council.example,T1,social_worker,0.6,yes,no
        M2,Max Manager,m2@council.example,T2,team_manager,1,,
        W3,Wes Worker,w3@council.example,T2,senior_practitioner,1,no,yes
        """;

    public const string Allocations = """
        child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit
        4000001,F1,W1,,cp,2026-10-01,no,2026-09-01,2026-11-10
        4000002,F1,W1,,cp,2026-10-01,yes,2026-09-01,2026-11-10
        4000003,,W2,,cin,01/10/2026,,,
        4000004,,,T1,assessment,2026-11-12,,,
        4000005,F5,W3,,cla,2026-06-01,no,2025-01-01,2026-11-01
        """;

    public SnapshotFolderFixture(
        string? teams = Teams,
        string? workers = Workers,
        string? allocations = Allocations,
        string? manifest = """{"asOf": "2026-11-16", "source": "test"}""",
        Encoding? encoding = null)
    {
        Directory.CreateDirectory(Path);
        Write("teams.csv", teams, encoding);
        Write("workers.csv", workers, encoding);
        Write("allocations.csv", allocations, encoding);
        Write("snapshot.json", manifest, encoding);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>The folder with another snapshot.json, when one is given.</summary>
    public SnapshotFolderFixture WithManifest(string manifest)
    {
        Write("snapshot.json", manifest.Length == 0 ? null : manifest, null);
        return this;
    }

    private void Write(string file, string? content, Encoding? encoding)
    {
        if (content is not null)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, file), content, encoding ?? new UTF8Encoding(false));
        }
    }
}
