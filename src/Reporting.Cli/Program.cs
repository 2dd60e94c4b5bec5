using Caseload.Reporting.Cli;

using var stdout = Console.OpenStandardOutput();
return ReportingCli.Run(args, stdout, Console.Error);
