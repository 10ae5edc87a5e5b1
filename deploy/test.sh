#!/usr/bin/env bash
# Install everything the tests need, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh --dev
# The IOI packages some tests read: JUDGE_TEST_DATA (default ../shared). Without
# them those tests skip, with one reason; in CI they must be there, and a missing
# one fails its test instead.
if [ "${CI:-}" = "true" ]; then
  export JUDGE_REQUIRE_TEST_DATA=1
fi
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "test: pytest collected no tests" >&2
  exit 1
fi
exit "$rc"
