#!/usr/bin/env bash
# The sandbox suites, `ioi-judge bench sandbox`, `accuracy` and `pingpong` on cgroup v2, in the UML guest
# of tests/vm/run-in-guest.sh (deploy/test.sh runs this after pytest).
#
#   tests/vm/sandbox-suites.sh [pytest args...]
#
# The guest has no network: its virtualenv, .venv-guest, is built here on the
# host with Debian's /usr/bin/python3 (the interpreter the guest has, Debian's
# too) from the host's pip configuration, and rebuilt when pyproject.toml
# changes. In the guest JUDGE_GUEST=1 is set: tests that are about something
# else than speed scale their limits by it (UML has one CPU, a 100 Hz timer and
# system calls 4-6 times slower than the host's).
set -euo pipefail
cd "$(dirname "$0")/../.."

export GUEST_DATA=$PWD/var/guest  # the guest's JUDGE_DATA_DIR, in the shared checkout
SUITES=(
  tests/sandbox/test_sandbox_isolation.py
  tests/sandbox/test_sandbox_accuracy.py
  tests/sandbox/test_sandbox_adversarial.py
  tests/sandbox/test_sandbox_backlog.py
  tests/sandbox/test_sandbox_cgroup_v2.py
  tests/sandbox/test_sandbox_cpus.py
)

in_guest() {
  local py=.venv-guest/bin/python started
  grep -q '^cgroup2 /sys/fs/cgroup' /proc/mounts || { echo "guest: no cgroup2" >&2; exit 1; }
  # The precompiled headers first, as deploy/setup.sh does on a host: in the
  # guest g++ takes 13-21 s over bits/stdc++.h without them. The host built
  # them already (same Debian g++): here they are only found ready.
  export JUDGE_DATA_DIR=$GUEST_DATA
  "$py" -m judge.service.worker --headers-only
  started=$(date +%s)
  "$py" -m pytest -q -p no:cacheprovider "${SUITES[@]}" "$@"
  echo "guest: sandbox suites passed in $(( $(date +%s) - started )) s"
  .venv-guest/bin/ioi-judge bench sandbox --runs 300 --json
  # 64 MiB: a page fault costs ~0.25 ms here (256 MiB would take ~17 s a run)
  .venv-guest/bin/ioi-judge bench accuracy --runs 10 --memory 64 --json
  .venv-guest/bin/ioi-judge bench pingpong --runs 3 --rounds 2000 --json
}

guest_venv() {
  local want
  want=$(sha256sum pyproject.toml | cut -c1-16)
  if [ "$(cat .venv-guest/.pyproject 2>/dev/null)" != "$want" ]; then
    echo "sandbox-suites: building .venv-guest with /usr/bin/python3" >&2
    rm -rf .venv-guest
    /usr/bin/python3 -m venv .venv-guest
    .venv-guest/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]" 2>&1 \
      | grep -v "^WARNING: Location" >&2 || true
    .venv-guest/bin/python -c 'import judge, pytest' 
    echo "$want" > .venv-guest/.pyproject
  fi
}

if [ "${1:-}" = "--in-guest" ]; then
  shift
  in_guest "$@"
else
  guest_venv
  # The guest's g++ is the host's Debian g++ (same package, same cc1plus), so
  # its precompiled headers are built here, in seconds rather than minutes.
  JUDGE_DATA_DIR=$GUEST_DATA .venv-guest/bin/python -m judge.service.worker --headers-only
  exec tests/vm/run-in-guest.sh --mem 3G -- bash tests/vm/sandbox-suites.sh --in-guest "$@"
fi
