namespace Caseload.Reporting.Actions;

/// <summary>What a team manager says they are doing about a breach (actions spec, "Kinds of action").</summary>
public enum ActionKind
{
    /// <summary>Cases will be moved to bring the worker within their limit, by a date.</summary>
    Reallocate,

    /// <summary>The worker keeps the load with support in place (co-working, reduced duties), until a review date.</summary>
    Support,

    /// <summary>An agreed temporary exception, with its reason, until a date.</summary>
    Exception,
}
