using Microsoft.Extensions.Configuration;

namespace Caseload.Reporting.Jobs.Pull;

/// <summary>
/// The credentials an HTTPS source names (its <c>authSetting</c>): read from configuration, where in Azure a Key
/// Vault reference resolves to the secret.
/// </summary>
public sealed class SourceCredentials(IConfiguration configuration)
{
    /// <summary>The credential in the named setting, or null when it is not set.</summary>
    public string? Read(string setting) => configuration[setting];
}
