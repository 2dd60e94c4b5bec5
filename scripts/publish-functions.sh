#!/usr/bin/env bash
# Builds what Azure Functions runs: host.json, one folder per function with its function.json, and the custom
# handler published self-contained for linux-x64 (with its execute bit) under handler/; then zips it.
# Used by azure-pipelines.yml and by hand:  scripts/publish-functions.sh [OUT-DIR]   (default out/functions)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/out/functions}"
rm -rf "$out" "$out.zip"
mkdir -p "$out"

cp "$root/host.json" "$out/"
for folder in "$root"/src/Reporting.Functions/Functions/*/; do
  if [ -f "$folder/function.json" ]; then
    name="$(basename "$folder")"
    mkdir -p "$out/$name"
    cp "$folder/function.json" "$out/$name/"
  fi
done

dotnet publish "$root/src/Reporting.Functions" -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun=true -o "$out/handler" -nologo -v quiet
chmod +x "$out/handler/handler"

# Python's zipfile keeps the Unix mode bits, so the handler stays executable once deployed.
(cd "$out" && python3 -m zipfile -c "$out.zip" host.json handler $(ls -d */ | grep -v '^handler/$' | tr -d /))
echo "published: $out (folder) and $out.zip"
