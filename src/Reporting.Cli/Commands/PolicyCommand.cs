using System.CommandLine;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Policies;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting policy set|show</c>: the council's current policy in storage.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("policy.json") { Description = "The policy document to make current." };
        var set = new Command("set", "Store a policy version and make it current; a stored version cannot be changed, only superseded.") { file };
        set.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var inputs = new Inputs(console);
            inputs.Policy(path);
            if (inputs.Rejected)
            {
                return inputs.Fail();
            }

            try
            {
                var stored = await console.Job<SettingsJob>().SetPolicyAsync(await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync($"current policy: {stored.Policy.Version}").ConfigureAwait(false);
                return 0;
            }
            catch (InvalidOperationException e)
            {
                await console.Error.WriteLineAsync($"{path}: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        });

        var show = new Command("show", "Print the policy in force as a JSON document — what was set, merged over the built-in defaults, with its version — so that it can be edited and set again; which version and since when on stderr.");
        show.SetAction(async (parse, cancellationToken) =>
        {
            var current = await console.Job<SettingsJob>().PolicyAsync(cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync(current.SetAt is { } setAt
                ? $"policy {current.Policy.Version}, set {setAt:yyyy-MM-dd HH:mm} UTC"
                : $"the built-in defaults, version {current.Policy.Version}: no policy has been set").ConfigureAwait(false);
            await console.Out.WriteLineAsync(PolicyDocument.Write(current.Policy)).ConfigureAwait(false);
            return 0;
        });

        return new Command("policy", "The council's caseload policy in storage.") { set, show };
    }
}
