#!/bin/sh
# Every test, as CI runs it: the solution built once (Release, as the Functions app is published), then every test
# project on that build, two at a time. Arguments go to `dotnet test` (a --filter, a --logger).
#   scripts/test.sh [dotnet test options]
set -e
cd "$(dirname "$0")/.."

# Each .NET process here — MSBuild, the compiler server, the test runners and hosts, the product's processes the
# tests start — lives for one run, so work the runtime does to run a long-lived process faster costs more than it
# gives back (docs/performance.md, "The test run"):
# - dynamic PGO, which instruments hot methods to compile them a second time: off, a fresh build took 60 / 61 CPU-s
#   against 76 / 88 with it (the test hosts already had it off, in tests/tests.runsettings);
# - W^X, which maps compiled code twice and switches it between writable and executable for every method
#   compiled: off, 55 / 58 CPU-s against 60 / 61;
# - the thread pool's spinning (sched_yield) before an idle thread blocks: the test hosts had it off already
#   (tests/tests.runsettings), and off for the runners too, Reporting.Jobs.Tests' vstest.console took 3.2 / 3.4 CPU-s
#   of a run against 5.2 (the build the same either way: 45.5 / 45.4 / 50.0 against 40.7 / 45.6 / 53.0 CPU-s).
# Only these build and test processes; the product as deployed keeps the runtime's defaults.
export DOTNET_TieredPGO=0 DOTNET_EnableWriteXorExecute=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0

# One MSBuild process (-m:1): the compiling is done by the one compiler server either way, and each further MSBuild
# worker loads and compiles MSBuild's own tasks again (three fresh builds each way, in turn: 69 / 70 / 79 against 77 / 85 / 106 CPU-s).
dotnet build Reporting.sln -c Release -m:1

# The built test assemblies to one test runner, two test projects at a time (--parallel: as many as there are cores),
# rather than the solution to `dotnet test`, which evaluates every project in MSBuild and starts a runner for each
# test project: the test phase in turn each way, twice, 106.3 / 103.9 s and 203 / 198 CPU-s against 115.8 / 126.1 s
# and 210 / 235. Longest first, so that none starts late and runs on alone at the end. The runner is not given the
# projects' run settings by MSBuild, so they are named here.
projects="Jobs Functions Cli Ingest Infra Core"
for folder in tests/*/; do
  case " $projects " in
    *" $(basename "$folder" .Tests | sed 's/^Reporting\.//') "*) ;;
    *) echo "scripts/test.sh: $folder is a test project missing from its list (projects=...): add it" >&2; exit 2 ;;
  esac
done
dotnet test $(for p in $projects; do echo "tests/Reporting.$p.Tests/bin/Release/net10.0/Reporting.$p.Tests.dll"; done) \
  --settings tests/tests.runsettings --parallel "$@"
