#!/bin/sh
# PID 1 of the User-Mode Linux guest that tests/vm/run-in-guest.sh boots.
# The kernel hands us (as environment variables, from its command line):
#   ioi_xch  host directory shared with the host: holds `cmd` (the bash script to
#            run), and receives `status` (its exit status)
#   ioi_net  1: bring eth0 (slirp) up
# The root file system is the host's cached rootfs, read-only through hostfs;
# every place a program writes to is a tmpfs, except the shares `cmd` mounts.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
for dir in /dev/shm /run /tmp /var/tmp /root /var/log; do
  mount -t tmpfs -o mode=1777 tmpfs "$dir"
done
chmod 700 /root
mount -t tmpfs tmpfs /mnt
# cgroup v2 with the controllers the sandbox uses delegated below the root, as a
# systemd host or a container runtime would give them.
mount -t cgroup2 cgroup2 /sys/fs/cgroup
echo "+cpu +memory +pids" > /sys/fs/cgroup/cgroup.subtree_control

mkdir -p /run/ioi-xch
mount -t hostfs -o "$ioi_xch" none /run/ioi-xch
xch=/run/ioi-xch

# /etc is read-only: the few files a running system rewrites come from tmpfs.
echo guest > /proc/sys/kernel/hostname
printf '127.0.0.1 localhost guest\n::1 localhost\n' > /run/hosts
mount --bind /run/hosts /etc/hosts
busybox ip link set lo up
if [ "${ioi_net:-0}" = 1 ]; then
  busybox ip link set eth0 up
  busybox ip addr add 10.0.2.15/24 dev eth0
  busybox ip route add default via 10.0.2.2
  echo "nameserver 10.0.2.3" > /run/resolv.conf
  mount --bind /run/resolv.conf /etc/resolv.conf
fi

# The command's output: tty1 and tty2 are the host's stdout and stderr, raw.
busybox stty -F /dev/tty1 raw -echo 2>/dev/null
busybox stty -F /dev/tty2 raw -echo 2>/dev/null
/bin/bash "$xch/cmd" </dev/null >/dev/tty1 2>/dev/tty2
echo "$?" > "$xch/status.tmp"
mv "$xch/status.tmp" "$xch/status"
sync
busybox poweroff -f
