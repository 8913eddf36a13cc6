#!/usr/bin/env bash
# FeedPublisher's performance benchmark (README, "Performance").
#   bash tests/bench/run.sh           full run: several minutes, prints the table
#   bash tests/bench/run.sh --smoke   every scenario at tiny sizes, in seconds (CI runs this)
# Installs hugo, nginx-light and wrk from apt when missing, builds the service and the benchmark in Release, then runs
# tests/FeedPublisher.Benchmarks, which starts and stops everything it measures. Exits non-zero only when a scenario
# could not run; targets are reported, never asserted. Extra arguments (--keep) go to the benchmark.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
PATH=$PATH:/usr/sbin

missing=0
for tool in hugo nginx wrk; do command -v "$tool" >/dev/null || missing=1; done
if [ "$missing" -eq 1 ]; then
  echo "bench: installing hugo nginx-light wrk"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends hugo nginx-light wrk >/dev/null
fi

echo "bench: building (Release)"
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
if ! dotnet build -c Release tests/FeedPublisher.Benchmarks >"$build_log" 2>&1; then
  cat "$build_log"
  echo "bench: build failed" >&2
  exit 1
fi

dotnet tests/FeedPublisher.Benchmarks/bin/Release/net10.0/FeedPublisher.Benchmarks.dll --repo "$repo" "$@"
