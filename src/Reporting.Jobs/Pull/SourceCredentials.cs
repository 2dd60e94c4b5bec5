using Microsoft.Extensions.Configuration;

namespace Caseload.Reporting.Jobs.Pull;

/// <summary>
/// The credentials HTTPS sources name (their <c>authSetting</c>): only settings under
/// <c>Reporting:SourceCredentials</c>, so that whoever edits sources.json cannot have another secret of the app
/// (the SendGrid key, the link-signing key) sent to an address of their choosing. In Azure each is an app setting
/// <c>Reporting__SourceCredentials__{name}</c>, a Key Vault reference.
/// </summary>
public sealed class SourceCredentials(IConfiguration configuration)
{
    /// <summary>The section every credential is in.</summary>
    public const string Section = "Reporting:SourceCredentials";

    /// <summary>The credential of the given name, or null when it is not set.</summary>
    /// <param name="name">The name sources.json gives (letters, digits, '-' and '_' only: it cannot reach out of the section).</param>
    public string? Read(string name) => configuration.GetSection(Section)[name];
}
