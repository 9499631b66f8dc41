#!/usr/bin/env bash
# Install everything the test suite needs into .venv and run the whole suite.
# Used verbatim by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools some tests drive (headless Chromium for the HTML report, sigrok-cli to read
# VCD files). Installed when we are root and they are missing; their tests skip otherwise.
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v sigrok-cli >/dev/null 2>&1 || need+=(sigrok-cli)
  if [ ${#need[@]} -gt 0 ]; then
    echo "scripts/test.sh: installing ${need[*]} (apt)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null) \
      || echo "scripts/test.sh: could not install ${need[*]}; their tests will skip"
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,plot,progress,sweep]"
# A private base temp dir: concurrent pytest runs on a shared machine cannot clean it away.
basetemp="$(mktemp -d)"
exec .venv/bin/python -m pytest -q --basetemp="$basetemp" "$@"
