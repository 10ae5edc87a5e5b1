#!/usr/bin/env bash
# Install everything the tests need, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh --dev
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "test: pytest collected no tests" >&2
  exit 1
fi
exit "$rc"
