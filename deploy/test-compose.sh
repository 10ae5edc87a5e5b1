#!/usr/bin/env bash
# The image and the compose stack, built and run for real, in a cgroup v2 guest
# (issue 14). As root, from anywhere:
#
#   bash deploy/test-compose.sh            # about 10-17 minutes; not part of CI
#   COMPOSE_TEST_STACK=0 / COMPOSE_TEST_PROBE=0 skip step 3 / step 4.
#
# On the host: downloads the Python wheels into deploy/wheels/ and makes a Debian
# base root file system with mmdebstrap (cached in $COMPOSE_TEST_CACHE), then
# boots a User-Mode Linux guest (tests/vm/run-in-guest.sh) and there:
#   1. starts dockerd, its storage on tmpfs;
#   2. `docker import`s the base and builds ioi-judge:latest from it
#      (deploy/Dockerfile, WHEELS=local: no package index) and redis:7
#      (deploy/redis.Dockerfile, the name docker-compose.yml uses);
#   3. `docker-compose up --scale worker=2` and runs tests/deploy/compose_check.py:
#      upload aplusb through the API, its model solution scores 100 and a wrong
#      one less, and each worker container judged in cgroups of its own;
#   4. probes which privileges the worker container needs (deploy/README.md);
#   5. tears the stack down.
# The guest's kernel has no bridge networking loaded, so the services share the
# guest's network (network_mode: host) instead of a compose network; everything
# else is docker-compose.yml as it is, less the API's published port (the host
# network needs none) and `cgroup: host`, which Debian's
# docker-compose 1.29 does not know (dockerd's default cgroup namespace mode is
# set to host instead, the same thing).
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
cache=${COMPOSE_TEST_CACHE:-/var/cache/ioi-judge/compose}
data=${JUDGE_TEST_DATA:-$checkout/../shared}
run_in_guest=${RUN_IN_GUEST:-$checkout/tests/vm/run-in-guest.sh}
modules=/usr/lib/uml/modules
# What deploy/Dockerfile installs with apt: in the base already, so the build
# only checks them (and redis.Dockerfile finds redis-server there too).
base_packages="python3 python3-venv g++ gcc libc6-dev libstdc++-12-dev libseccomp2 redis-server ca-certificates tini"
export GUEST_EXTRA_PACKAGES="docker.io docker-compose iptables iproute2"
export GUEST_ENV="${GUEST_ENV:-} COMPOSE_TEST_STACK COMPOSE_TEST_PROBE"  # into the guest
project=ioijudge
# pip evaluates markers for the interpreter that downloads: what the image's
# Python (bookworm's 3.11.2) needs beyond the host's is named here.
extra_wheels=('async-timeout>=4.0.3')  # redis, on Python < 3.11.3
admin_token=compose-admin-token
submit_token=compose-submit-token

log() { echo "test-compose: [$(date +%T)] $*" >&2; }
die() { log "$*"; exit 1; }

base_tar() {
  local key tar sources=() f
  key=$(echo "$base_packages" | sha256sum | cut -c1-16)
  tar="$cache/base-$key.tar"
  if [ ! -s "$tar" ]; then
    log "making the base root file system $tar (once)"
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
      [ -s "$f" ] && sources+=("$f")
    done
    mmdebstrap --quiet --variant=minbase --format=tar --include="${base_packages// /,}" \
      --aptopt='Acquire::Check-Valid-Until "false"' bookworm "$tar.tmp" "${sources[@]}" >&2
    mv "$tar.tmp" "$tar"
  fi
  echo "$tar"
}

host_main() {
  [ "$(id -u)" = 0 ] || die "run as root (the guest needs it)"
  [ -f "$data/ioi2024/aplusb-CMS.zip" ] || die "no $data/ioi2024/aplusb-CMS.zip (JUDGE_TEST_DATA)"
  [ -x "$checkout/.venv/bin/python" ] || die "no .venv: run bash deploy/setup.sh --dev first"
  [ -x "$run_in_guest" ] || die "no $run_in_guest"
  command -v mmdebstrap >/dev/null || apt-get install -y -qq mmdebstrap >/dev/null
  mkdir -p "$cache"
  local started tar shares=(--share "$cache" --share "$modules" --share "$(cd "$data" && pwd)")
  started=$(date +%s)
  log "downloading the wheels into deploy/wheels/"
  "$checkout/.venv/bin/pip" download --quiet --disable-pip-version-check --only-binary=:all: \
    --dest "$checkout/deploy/wheels" "$checkout" 'setuptools>=68' wheel "${extra_wheels[@]}" 2>&1 \
    | grep -v "^WARNING: Location" >&2 || true
  tar=$(base_tar)
  # tests/vm/run-in-guest.sh shares its own checkout; this one too if they differ.
  [[ "$run_in_guest" == "$checkout/"* ]] || shares+=(--share "$checkout")
  log "booting the guest"
  local status=0
  "$run_in_guest" --net --mem "${COMPOSE_TEST_MEM:-5G}" "${shares[@]}" -- \
    bash "$checkout/deploy/test-compose.sh" --in-guest "$tar" "$(cd "$data" && pwd)" || status=$?
  log "finished with status $status in $(( $(date +%s) - started )) s"
  return "$status"
}

start_dockerd() {
  # As systemd mounts it: a cgroup namespace is a delegation boundary, so that
  # a container in a private cgroup namespace cannot reach cgroups outside it.
  mount -o remount,nsdelegate /sys/fs/cgroup
  mount -t tmpfs tmpfs /etc/docker  # the guest's root is read-only
  mkdir -p /mnt/docker && mount -t tmpfs -o size=8G tmpfs /mnt/docker
  local driver=vfs
  if busybox insmod "$modules/$(uname -r)/kernel/fs/overlayfs/overlay.ko" 2>/dev/null \
      || grep -qw overlay /proc/filesystems; then
    driver=overlay2
  fi
  log "dockerd (storage $driver on tmpfs)"
  dockerd --data-root /mnt/docker/data --exec-root /run/docker-exec --storage-driver "$driver" \
    --iptables=false --ip6tables=false --bridge=none --default-cgroupns-mode=host \
    >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 90); do
    docker version >/dev/null 2>&1 && return
    sleep 2
  done
  tail -20 /tmp/dockerd.log >&2
  die "dockerd did not start"
}

build_images() {
  local tar=$1
  log "docker import of the base"
  docker import "$tar" ioi-base:bookworm >/dev/null
  log "building ioi-judge:latest"
  docker build --quiet --network host --build-arg BASE_IMAGE=ioi-base:bookworm \
    --build-arg WHEELS=local -f deploy/Dockerfile -t ioi-judge:latest . >&2
  log "building redis:7"
  docker build --quiet --network host --build-arg BASE_IMAGE=ioi-base:bookworm \
    -f deploy/redis.Dockerfile -t redis:7 deploy >&2
  docker images >&2
}

# docker-compose.yml less `cgroup: host`, plus the host network (see the top).
compose_files() {
  mkdir -p /tmp/compose
  sed -e '/^    cgroup: host$/d' -e '/^    ports:$/{N;d}' docker-compose.yml \
    > /tmp/compose/docker-compose.yml
  cat > /tmp/compose/guest.yml <<'EOF'
services:
  redis: {network_mode: host}
  api:
    network_mode: host
    environment: {JUDGE_REDIS_URL: "redis://127.0.0.1:6379/0"}
  worker:
    network_mode: host
    environment: {JUDGE_REDIS_URL: "redis://127.0.0.1:6379/0"}
networks:
  default: {external: true, name: host}
EOF
}

compose() {
  docker-compose -p "$project" -f /tmp/compose/docker-compose.yml -f /tmp/compose/guest.yml "$@"
}

run_stack() {
  local data=$1 pids=() c
  compose_files
  export JUDGE_SUBMIT_TOKENS="[\"$submit_token\"]" JUDGE_ADMIN_TOKENS="[\"$admin_token\"]"
  log "docker-compose up --scale worker=2"
  compose up -d --no-build --scale worker=2 >&2
  for c in $(compose ps -q worker); do
    pids+=("$(docker inspect -f '{{.State.Pid}}' "$c")")
  done
  log "checking through the API (worker pids ${pids[*]})"
  # From a container of the image (it has the judge's client; the checkout's
  # .venv may use an interpreter the guest lacks), seeing the guest's pids and cgroups.
  local status=0
  docker run --rm --network host --pid host --cap-add SYS_PTRACE -e TINI_SUBREAPER=1 -v /sys/fs/cgroup:/sys/fs/cgroup:ro \
    -v "$checkout/tests/deploy:/check:ro" -v "$data/ioi2024:/data:ro" ioi-judge:latest \
    python3 /check/compose_check.py --url http://127.0.0.1:8000 \
    --admin-token "$admin_token" --submit-token "$submit_token" \
    --package /data/aplusb-CMS.zip --worker-pids "${pids[@]}" || status=$?
  if [ "$status" != 0 ]; then
    compose logs --tail 40 >&2 || true
  fi
  return "$status"
}

# One sandboxed run in a fresh worker container with the given docker flags:
# prints the isolation the sandbox found and the run's status.
probe() {
  local name=$1
  shift
  local out
  out=$(docker run --rm --network host -v probe-cache:/var/lib/ioi-judge "$@" ioi-judge:latest \
    python3 -c '
from judge.sandbox import RunSpec, Sandbox
from judge.settings import Settings
sb = Sandbox.from_settings(Settings())
with sb.box() as box:
    r = box.run(RunSpec(argv=["/usr/bin/python3", "-c", "print(1)"]))
print(sb.isolation.split(" (")[0], r.status.value, r.message[:150].replace(chr(10), " "))
sb.close()' 2>&1 | tail -1) || true
  printf 'probe %-22s %s\n' "$name" "$out"
}

probe_privileges() {
  local caps=(SYS_ADMIN SYS_CHROOT SETUID SETGID KILL CHOWN FOWNER DAC_OVERRIDE) cap c
  local sec=(--security-opt seccomp=unconfined --security-opt apparmor=unconfined)
  local cg=(-v /sys/fs/cgroup:/sys/fs/cgroup:rw) shm=(--shm-size 256m)
  log "probing the worker's privileges (each line: one docker run)"
  probe "as-compose" "${caps[@]/#/--cap-add=}" "${sec[@]}" "${cg[@]}" "${shm[@]}"
  # Docker's default set holds most of the 8: drop everything, add all but one.
  for cap in "${caps[@]}"; do
    local rest=(--cap-drop ALL)
    for c in "${caps[@]}"; do [ "$c" = "$cap" ] || rest+=("--cap-add=$c"); done
    probe "without-$cap" "${rest[@]}" "${sec[@]}" "${cg[@]}" "${shm[@]}"
  done
  probe "default-seccomp" "${caps[@]/#/--cap-add=}" --security-opt apparmor=unconfined \
    "${cg[@]}" "${shm[@]}"
  probe "no-cgroup-mount" "${caps[@]/#/--cap-add=}" "${sec[@]}" "${shm[@]}"
  probe "private-cgroupns" "${caps[@]/#/--cap-add=}" "${sec[@]}" "${cg[@]}" "${shm[@]}" \
    --cgroupns private
  probe "cap-drop-all+needed" --cap-drop ALL "${caps[@]/#/--cap-add=}" "${sec[@]}" "${cg[@]}" \
    "${shm[@]}"
}

guest_main() {
  local tar=$1 data=$2 started status=0
  started=$(date +%s)
  cd "$checkout"
  start_dockerd
  build_images "$tar"
  log "images built after $(( $(date +%s) - started )) s"
  [ "${COMPOSE_TEST_STACK:-1}" = 1 ] && { run_stack "$data" || status=$?; }
  log "stack checked after $(( $(date +%s) - started )) s (status $status)"
  compose down -v >&2 || true
  [ "${COMPOSE_TEST_PROBE:-1}" = 1 ] && probe_privileges
  log "guest done after $(( $(date +%s) - started )) s"
  return "$status"
}

if [ "${1:-}" = --in-guest ]; then
  shift
  guest_main "$@"
else
  host_main "$@"
fi
