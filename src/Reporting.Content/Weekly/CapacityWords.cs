using System.Globalization;
using Caseload.Reporting.Capacity;
using Caseload.Reporting.Policies;

namespace Caseload.Reporting.Content.Weekly;

/// <summary>
/// What a team could absorb, and how its pressure is moving, in the policy's unit (cases, families or points of
/// weighted load): the one wording the manager's email, the head of service's roll-up and the Teams card all use.
/// Children held only by absent workers need a home as much as cases over the limit do, so they are counted with
/// them, and a team is never said to absorb "all" while some need cover.
/// </summary>
public static class CapacityWords
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>An amount with its unit, in number: "1 case", "6 cases", "2 families", "4.5 points of weighted load".</summary>
    public static string Amount(decimal amount, Policy policy) => $"{amount.ToString("0.#", Culture)} {Unit(policy, amount == 1)}";

    /// <summary>The policy's unit: "case" or "cases", "family" or "families", "point(s) of weighted load".</summary>
    private static string Unit(Policy policy, bool one)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.LimitOn == LimitOn.Weighted ? $"{(one ? "point" : "points")} of weighted load"
            : policy.CountBy == CountBy.Family ? one ? "family" : "families"
            : one ? "case" : "cases";
    }

    /// <summary>"The team could absorb 6 of the 21 cases over the limit or needing cover."</summary>
    public static string Absorb(TeamCapacity capacity, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        var need = capacity.Excess + capacity.CoverNeeded;
        var what = (capacity.Excess > 0, capacity.CoverNeeded > 0) switch
        {
            (true, true) => "over the limit or needing cover",
            (false, true) => "needing cover",
            _ => "over the limit",
        };
        var room = capacity.Headroom;
        return need == 0
            ? room == 0 ? "No one in the team is over their limit, and no one has room for more." : $"No one in the team is over their limit; the team has room for {Amount(room, policy)} more."
            : room >= need && capacity.CoverNeeded == 0 ? $"The team could absorb the {Amount(need, policy)} {what}."
            : room >= need ? $"The team has room for the {Amount(need, policy)} {what}, once cover is arranged."
            : room == 0 ? $"The team has no room for the {Amount(need, policy)} {what}."
            : $"The team could absorb {room.ToString("0.#", Culture)} of the {Amount(need, policy)} {what}.";
    }

    /// <summary>
    /// How the team's pressure (what it cannot absorb: over the limit, unallocated and needing cover, less its room)
    /// has moved over the last weeks, with the numbers: "Cases the team cannot absorb: down from 9 to 6 in three
    /// weeks; at this rate none in about 6 weeks." Null with too few weeks to say.
    /// </summary>
    public static string? Trend(TeamCapacity capacity, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(policy);
        if (capacity.TrendPerWeek is null)
        {
            return null;
        }

        var weeks = TeamCapacity.TrendFrom - 1;
        var from = Math.Max(0, capacity.Pressures[^(weeks + 1)]);
        var to = Math.Max(0, capacity.Pressure);
        var unit = Unit(policy, one: false);
        var over = $"{char.ToUpperInvariant(unit[0])}{unit[1..]} the team cannot absorb";
        var span = $"in {Words(weeks)} weeks";
        var moved = to < from ? $"down from {Number(from)} to {Number(to)} {span}"
            : to > from ? $"up from {Number(from)} to {Number(to)} {span}"
            : $"{Number(to)}, as {Words(weeks)} weeks ago";
        // The rate is the trend over the twelve weeks; it is said only where the weeks named agree with it.
        var rate = (to, to < from, capacity.WeeksToWithin) switch
        {
            (0, _, _) => "",
            (_, true, { } left and <= 52) => $"; at this rate none in about {Counted.Of(left, "week")}",
            (_, true, _) => "; at this rate it would take more than a year",
            _ => "; not coming down",
        };
        return $"{over}: {moved}{rate}.";
    }

    private static string Number(decimal value) => value.ToString("0.#", Culture);

    private static string Words(int number) => number switch { 2 => "two", 3 => "three", 4 => "four", _ => number.ToString(Culture) };
}
