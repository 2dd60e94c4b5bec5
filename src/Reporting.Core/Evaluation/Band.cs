namespace Caseload.Reporting.Evaluation;

/// <summary>Where a worker's load stands against their limit.</summary>
public enum Band
{
    /// <summary>The role holds no limit.</summary>
    Exempt,

    /// <summary>Below the limit.</summary>
    Within,

    /// <summary>Exactly at the limit.</summary>
    AtLimit,

    /// <summary>Over, by no more than the policy's amberMax: a breach.</summary>
    Amber,

    /// <summary>Over by more than amberMax: a breach.</summary>
    Red,
}

/// <summary>A worker's breach against the previous evaluation.</summary>
public enum BreachStatus
{
    /// <summary>In breach now and not then (or not on the roster then).</summary>
    New,

    /// <summary>In breach then and now.</summary>
    Continuing,

    /// <summary>In breach then, not now: back within their limit.</summary>
    Resolved,
}
