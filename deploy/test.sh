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
# Then the sandbox suites on cgroup v2, in a User-Mode Linux guest (tests/vm/,
# ~4 minutes; the first run also builds its root file system, ~2 minutes).
# It runs after a whole-suite run (and always in CI); JUDGE_VM_TESTS=0 skips
# it, JUDGE_VM_TESTS=1 runs it after a partial run too.
vm=${JUDGE_VM_TESTS:-}
if [ -z "$vm" ]; then
  if [ "${CI:-}" = "true" ] || [ $# -eq 0 ]; then vm=1; else vm=0; fi
fi
if [ "$vm" = 1 ]; then
  echo "test: the sandbox suites on cgroup v2 (tests/vm/sandbox-suites.sh)"
  set +e
  bash tests/vm/sandbox-suites.sh
  vm_rc=$?
  set -e
  [ "$rc" -ne 0 ] || rc=$vm_rc
fi
exit "$rc"
