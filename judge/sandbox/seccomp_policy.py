"""The seccomp policy of sandboxed programs, built once with pyseccomp.

A denylist (default allow): compilers, interpreters and contestant programs
need a broad set of ordinary system calls, while everything that could reach
outside the box or the kernel's privileged surface is refused with EPERM. The
filter is exported as a classic BPF program; the C launcher loads those bytes
into every child with ``seccomp(SECCOMP_SET_MODE_FILTER)`` after
``PR_SET_NO_NEW_PRIVS``, so no policy is built per run. System calls of a
foreign architecture (32-bit ``int 0x80``, x32) kill the process.

Unix sockets are allowed where Landlock scopes abstract sockets to their own
run (Linux 6.12+, see ``landlock_scope`` in the launcher): runs share the
launcher's network namespace, so on older kernels ``socket(AF_UNIX)`` is
refused too (EPERM), or two concurrent runs could talk over an abstract socket.
``socketpair`` stays allowed everywhere: a pair reaches no other process.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import io
import os
import socket
import tempfile
from pathlib import Path

DENIED = (
    # debugging other processes
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    # file systems and namespaces
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "fsopen", "fsmount", "fsconfig", "fspick", "move_mount", "open_tree",
    "mount_setattr", "open_by_handle_at", "name_to_handle_at", "quotactl",
    # kernel modules, keyrings, bpf, perf, io_uring
    "init_module", "finit_module", "delete_module",
    "add_key", "request_key", "keyctl",
    "bpf", "perf_event_open", "fanotify_init",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    # machine-wide state
    "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff",
    "acct", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    "sethostname", "setdomainname", "syslog", "vhangup", "iopl", "ioperm",
    "userfaultfd", "lookup_dcookie", "nfsservctl", "personality",
    # System V IPC and POSIX message queues: the IPC namespace is private from
    # the host but shared by the launcher's runs; refusing these leaves no
    # channel between runs and nothing that outlives a run
    "shmget", "shmat", "shmctl", "semget", "semop", "semtimedop", "semctl",
    "msgget", "msgsnd", "msgrcv", "msgctl",
    "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr",
)  # fmt: skip

CLONE_NEW_FLAGS = (
    0x00020000  # CLONE_NEWNS
    | 0x02000000  # CLONE_NEWCGROUP
    | 0x04000000  # CLONE_NEWUTS
    | 0x08000000  # CLONE_NEWIPC
    | 0x10000000  # CLONE_NEWUSER
    | 0x20000000  # CLONE_NEWPID
    | 0x40000000  # CLONE_NEWNET
    | 0x00000080  # CLONE_NEWTIME
)


SYS_LANDLOCK_CREATE_RULESET = 444  # the same number on every architecture
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_ABI_SCOPE = 6  # the first ABI with LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 without Landlock."""
    libc = ctypes.CDLL(None, use_errno=True)
    abi = libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                       ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(int(abi), 0)


def unix_sockets_scoped() -> bool:
    """Whether the launcher's Landlock scope keeps abstract unix sockets per run."""
    return landlock_abi() >= LANDLOCK_ABI_SCOPE


def build_bpf(unix_sockets: bool = True) -> bytes:
    """The policy as BPF bytes (``struct sock_filter`` array); ``unix_sockets=False``
    refuses ``socket(AF_UNIX)`` as well (kernels without the Landlock scope)."""
    import pyseccomp as sc  # only the policy builder needs libseccomp

    f = sc.SyscallFilter(sc.ALLOW)
    # A binary tree of system-call numbers instead of a linear chain: the kernel
    # evaluates the filter for every syscall number when a child attaches it
    # (its constant-action cache), and this cuts the attach from ~130 to ~45 us.
    f.set_attr(sc.Attr.CTL_OPTIMIZE, 2)
    eperm = sc.ERRNO(errno.EPERM)
    for name in DENIED:
        try:
            f.add_rule(eperm, name)
        except (OSError, ValueError):  # unknown on this architecture
            continue
    # clone3 passes its flags in memory, which BPF cannot inspect: ENOSYS makes
    # libc fall back to clone, whose flags are checked below.
    f.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    for flag in _bits(CLONE_NEW_FLAGS):
        f.add_rule(eperm, "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    if unix_sockets:
        f.add_rule(eperm, "socket", sc.Arg(0, sc.NE, socket.AF_UNIX))
    else:
        f.add_rule(eperm, "socket")
    f.add_rule(eperm, "socketpair", sc.Arg(0, sc.NE, socket.AF_UNIX))
    with tempfile.TemporaryFile() as tmp:
        f.export_bpf(tmp)
        tmp.seek(0)
        return tmp.read()


def _bits(mask: int) -> list[int]:
    return [1 << i for i in range(mask.bit_length()) if mask >> i & 1]


def write_bpf(directory: Path) -> Path:
    """Write the policy for this kernel next to the launcher, named by its content."""
    data = build_bpf(unix_sockets=unix_sockets_scoped())
    path = directory / f"seccomp-{hashlib.sha256(data).hexdigest()[:16]}.bpf"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory)
        with io.FileIO(fd, "w") as out:
            out.write(data)
        os.replace(tmp, path)
    return path
