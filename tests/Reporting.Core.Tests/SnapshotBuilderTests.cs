using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>How a snapshot holds its children's and families' ids, and sizing a builder once.</summary>
public class SnapshotBuilderTests
{
    private static SnapshotBuilder Roster()
    {
        var builder = new SnapshotBuilder();
        builder.AddTeam(new Team("T1", "Chatham Team", TeamType.CinCp, null, "Safeguarding", null, null));
        builder.AddWorker(new Worker("W1", "Maya Chowdhury", "maya@council.example", "T1", Role.SocialWorker, 1m, false, false));
        builder.AddWorker(new Worker("W2", "Dev Harris", "dev@council.example", "T1", Role.SocialWorker, 1m, false, false));
        return builder;
    }

    private static AllocationOutcome Add(SnapshotBuilder builder, string child, string family, string worker) =>
        builder.AddAllocation(new AllocationRow(child, family, worker, "", CaseType.Cin, false, null, null, null));

    [Fact]
    public void Ids_are_numbered_in_the_order_first_seen_and_read_as_strings_or_in_place()
    {
        var builder = Roster();
        builder.Expect(4);
        Add(builder, "C-20", "F-2", "W1");
        Add(builder, "C-10", "", "W1");
        Add(builder, "C-20", "F-2", "W2");
        Add(builder, "C-30", "F-1", "W2");

        var snapshot = builder.Build(new LocalDate(2026, 11, 16), "test");

        Assert.Equal(["C-20", "C-10", "C-30"], snapshot.ChildIds);
        Assert.Equal(["F-2", "F-1"], snapshot.FamilyIds);
        Assert.Equal("C-10", snapshot.ChildIds.Span(1).ToString());
        Assert.Equal(["C-20", "C-10", "C-20", "C-30"], snapshot.Allocations.Select(a => snapshot.ChildIds[a.Child]));
        Assert.Equal([0, -1, 0, 1], snapshot.Allocations.Select(a => a.Family));
        Assert.Throws<ArgumentOutOfRangeException>(() => snapshot.ChildIds.Span(3).Length);
        Assert.Same(snapshot.ChildIds, snapshot.WithWarnings([]).ChildIds);
    }

    [Fact]
    public void Ids_longer_and_more_than_expected_are_all_kept()
    {
        var builder = Roster();
        builder.Expect(1);
        var children = Enumerable.Range(0, 20_000).Select(i => $"child-reference-of-the-case-system-{i:D8}").ToList();
        foreach (var child in children)
        {
            Assert.Equal(AllocationOutcome.Allocated, Add(builder, child, child + "-family", "W1"));
        }

        Assert.Equal(AllocationOutcome.Duplicate, Add(builder, children[12_345], "", "W1"));
        var snapshot = builder.Build(new LocalDate(2026, 11, 16), "test");

        Assert.Equal(children, snapshot.ChildIds);
        Assert.Equal(children.Select(c => c + "-family"), snapshot.FamilyIds);
    }

    [Fact]
    public void A_builder_is_sized_before_its_first_allocation_not_after()
    {
        var builder = Roster();
        builder.Expect(10);
        Add(builder, "C-1", "", "W1");

        Assert.Throws<InvalidOperationException>(() => builder.Expect(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Roster().Expect(-1));
        Assert.Equal(["C-1"], builder.Build(new LocalDate(2026, 11, 16), null).ChildIds);
    }
}
