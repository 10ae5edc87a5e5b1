#!/usr/bin/env bash
# Run a command inside a User-Mode Linux guest whose /sys/fs/cgroup is cgroup v2
# with the cpu, memory and pids controllers delegated (the hosts we run on are v1).
#
#   tests/vm/run-in-guest.sh [--net] [--mem 3G] [--share DIR]... -- <command...>
#
# The command runs as root in the guest, cwd = this checkout (shared with the
# host at the same path through hostfs, read-write), and the script exits with
# its status. Its stdout and stderr are the script's.
#   --net         guest network through slirp (10.0.2.15, gateway 10.0.2.2, DNS
#                 10.0.2.3); the host's proxy variables are passed on as they are
#   --mem SIZE    guest memory (default 3G)
#   --share DIR   one more host directory shared at the same path (repeatable;
#                 GUEST_SHARES adds a space-separated list)
# Environment:
#   GUEST_EXTRA_PACKAGES  Debian packages added to the guest's root file system;
#                         each package list is its own cached rootfs
#   GUEST_ENV             names of more variables to pass in (JUDGE_*, CI and
#                         the proxy variables always are; JUDGE_GUEST=1 is set)
#   GUEST_CACHE           where the root file systems are cached
#                         (default /var/cache/ioi-judge/vm)
# Needs root (mmdebstrap, hostfs). Installs user-mode-linux, mmdebstrap, busybox
# and slirp from Debian if they are missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checkout=$(cd "$here/../.." && pwd)
cache=${GUEST_CACHE:-/var/cache/ioi-judge/vm}
# Bump when the way the rootfs is built changes (it is part of the cache key).
recipe=1
base_packages="busybox bash ca-certificates coreutils g++ gcc libseccomp2
  libstdc++-12-dev procps python3 python3-venv redis-server util-linux"

net=0
mem=3G
shares=(${GUEST_SHARES:-})
while [ $# -gt 0 ]; do
  case "$1" in
    --net) net=1; shift ;;
    --mem) mem=$2; shift 2 ;;
    --share) shares+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "run-in-guest: unknown option $1 (usage: $0 [--net] [--mem 3G] [--share DIR] -- cmd...)" >&2
       exit 2 ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "run-in-guest: no command (usage: $0 [--net] [--mem 3G] [--share DIR] -- cmd...)" >&2
  exit 2
fi

log() { echo "run-in-guest: $*" >&2; }

install_tools() {
  local need=()
  [ -x /usr/bin/linux.uml ] || need+=(user-mode-linux)
  command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
  command -v busybox >/dev/null || need+=(busybox)
  [ -x /usr/bin/slirp-fullbolt ] || need+=(slirp)
  [ ${#need[@]} -eq 0 ] && return
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { apt-get -o DPkg::Lock::Timeout=600 update -qq \
         && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
}

# The package list, sorted and without repeats: it names the cached rootfs.
package_list() {
  echo $base_packages ${GUEST_EXTRA_PACKAGES:-} | tr ' ' '\n' | sed '/^$/d' | sort -u | paste -sd, -
}

# The rootfs for the package list, built once (into a temporary directory renamed
# into place, under a lock, so concurrent runs build it once and never see half).
rootfs() {
  local packages key dir tmp sources=()
  packages=$(package_list)
  key=$(printf 'recipe %s\n%s\n' "$recipe" "$packages" | sha256sum | cut -c1-16)
  dir="$cache/$key"
  mkdir -p "$cache"
  if [ ! -d "$dir" ]; then
    exec 9>"$cache/.lock-$key"
    flock 9
    if [ ! -d "$dir" ]; then
      log "building the guest rootfs $dir ($packages); about 2 minutes, once"
      tmp=$(mktemp -d "$cache/.build-$key-XXXXXX")
      for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -s "$f" ] && sources+=("$f")
      done
      mmdebstrap --quiet --variant=minbase --include="$packages" \
        --aptopt='Acquire::Check-Valid-Until "false"' \
        --customize-hook='chroot "$1" rm -f /etc/resolv.conf; touch "$1/etc/resolv.conf"' \
        bookworm "$tmp" "${sources[@]}" >&2 \
        || { rm -rf "$tmp"; log "mmdebstrap failed (packages: $packages)"; exit 1; }
      echo "$packages" > "$tmp/.ioi-judge-packages"
      mv "$tmp" "$dir"
    fi
    exec 9>&-
  fi
  echo "$dir"
}

# `export NAME=value` lines for the variables the guest gets.
env_exports() {
  local name
  for name in $(compgen -e); do
    case "$name" in
      JUDGE_*|CI|http_proxy|https_proxy|no_proxy|HTTP_PROXY|HTTPS_PROXY|NO_PROXY) ;;
      *) [[ " ${GUEST_ENV:-} " == *" $name "* ]] || continue ;;
    esac
    printf 'export %s=%q\n' "$name" "${!name}"
  done
  echo "export JUDGE_GUEST=1"
}

# The bash script the guest's init runs: mount the shares, set the environment,
# run the command in the checkout.
write_cmd() {
  local share out=$1
  shift
  {
    echo "set -e"
    for share in "$checkout" "${shares[@]}"; do
      printf 'mkdir -p %q && mount -t hostfs -o %q none %q\n' "$share" "$share" "$share"
    done
    echo "set +e"
    echo "export HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    env_exports
    printf 'cd %q\n' "$checkout"
    printf '%q ' "$@"
    echo
  } > "$out.tmp"
}

main() {
  install_tools
  local root xch init digest share
  root=$(rootfs)
  xch=$(mktemp -d /tmp/ioi-guest-XXXXXX)
  trap 'rm -rf "$xch"' EXIT
  for share in "$checkout" "${shares[@]}"; do
    [[ "$share" == /* && "$share" != *[[:space:]]* ]] || { log "share $share: need an absolute path without spaces"; exit 2; }
    [ -d "$share" ] || { log "share $share: not a directory"; exit 2; }
    mkdir -p "$root$share"  # the mount point, in the read-only rootfs
  done
  write_cmd "$xch/cmd" "$@"
  mv "$xch/cmd.tmp" "$xch/cmd"
  # The init script is copied into the rootfs under its own digest (the guest's
  # root is that directory), so a changed script never races a running guest.
  digest=$(sha256sum "$here/guest-init.sh" | cut -c1-16)
  init="/.ioi-guest-init-$digest"
  if [ ! -x "$root$init" ]; then
    cp "$here/guest-init.sh" "$root$init.$$" && chmod 755 "$root$init.$$" && mv "$root$init.$$" "$root$init"
  fi
  local args=(mem="$mem" root=/dev/root rootfstype=hostfs rootflags="$root" ro
    init="$init" uml_dir="$xch" quiet
    con=null con0=null,fd:2 con1=null,fd:3 con2=null,fd:4
    ioi_xch="$xch" ioi_net="$net")
  [ "$net" = 1 ] && args+=(eth0=slirp,,/usr/bin/slirp-fullbolt)
  # UML's memory is a file in TMPDIR: on tmpfs it costs no disk I/O.
  TMPDIR=/dev/shm /usr/bin/linux.uml "${args[@]}" 3>&1 4>&2 </dev/null >"$xch/kernel.log" 2>&1 || true
  if [ ! -s "$xch/status" ]; then
    log "the guest stopped without the command's exit status; its console:"
    tail -n 30 "$xch/kernel.log" >&2
    exit 125
  fi
  exit "$(cat "$xch/status")"
}

main "$@"
