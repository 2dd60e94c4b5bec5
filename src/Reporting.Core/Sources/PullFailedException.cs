namespace Caseload.Reporting.Sources;

/// <summary>The failure of a pull that may pass or needs IT (unreachable, refused credentials): not the data's fault.</summary>
public sealed class PullFailedException(string message, Exception? inner = null) : Exception(message, inner);
