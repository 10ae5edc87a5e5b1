#!/usr/bin/env bash
# Install ioi-judge on a Debian-like machine: system packages (if missing), a
# virtualenv in .venv with the package installed in editable mode.
#   bash deploy/setup.sh          # service only
#   bash deploy/setup.sh --dev    # plus test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v g++ >/dev/null || need+=(g++)
command -v gcc >/dev/null || need+=(gcc)
command -v redis-server >/dev/null || need+=(redis-server)
[ -x /usr/bin/python3 ] || need+=(python3)
ldconfig -p 2>/dev/null | grep -q libseccomp.so.2 || need+=(libseccomp2)
dpkg -s libstdc++-12-dev >/dev/null 2>&1 || need+=(libstdc++-12-dev)
# --dev: the report test renders its HTML in headless Chromium; the console's
# browser tests drive it through chromedriver (selenium)
if [ "${1:-}" = "--dev" ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: Python >= 3.11 is required (set PYTHON=...)" >&2
  exit 1
}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
# The precompiled headers now, not on a worker's first submission (JUDGE_DATA_DIR,
# default var/ here, as for `ioi-judge up` run from this folder).
.venv/bin/python -m judge.service.worker --headers-only
echo "setup: ok ($(.venv/bin/python --version))"
