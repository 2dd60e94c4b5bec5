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
dotnet test Reporting.sln -c Release --no-build "$@"
