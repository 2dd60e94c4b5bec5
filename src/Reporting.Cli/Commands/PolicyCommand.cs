using System.CommandLine;
using Caseload.Reporting.Jobs.Settings;

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

        var show = new Command("show", "Print the current policy document (the built-in defaults until one is set).");
        show.SetAction(async (parse, cancellationToken) =>
        {
            var current = await console.Job<SettingsJob>().PolicyAsync(cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(current.Document is null
                ? $"built-in defaults, version {current.Policy.Version} (no policy has been set)"
                : $"version {current.Policy.Version}, set {current.SetAt:yyyy-MM-dd HH:mm} UTC:{Environment.NewLine}{current.Document}").ConfigureAwait(false);
            return 0;
        });

        return new Command("policy", "The council's caseload policy in storage.") { set, show };
    }
}
