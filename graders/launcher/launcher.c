/*
 * ioi-judge sandbox launcher.
 *
 * A small long-lived process started once per judge.sandbox.Sandbox. It sets
 * up, once, a private mount/network/ipc/uts/pid namespace and a read-only
 * sandbox root, then serves run requests over a SOCK_SEQPACKET socket (fd 3, or --fd):
 * each request forks a child that joins the slot's cgroups, opens its stdio
 * as root, chroots into the sandbox root, drops to the slot's uid/gid, sets
 * rlimits and no_new_privs, loads the seccomp BPF program exported by Python
 * (pyseccomp) and execs. The launcher supervises every run (wall time, CPU
 * time from the cgroup, kills the whole slot at the end) and answers with one
 * response per request. See judge/sandbox/protocol.py for the protocol.
 *
 * The launcher is pid 1 of its pid namespace: when it exits (EOF on its
 * channel, or its parent dies) the kernel kills every process it started.
 *
 * Usage: launcher --root DIR --boxes DIR --bpf FILE --cgroup none|v1|v2
 *                 [--cg-memory DIR --cg-pids DIR --cg-cpu DIR] [--cg-base DIR]
 *                 [--ro HOSTPATH=INSIDEPATH]... [--unprivileged] [--fd N]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHAN_FD 3
#define MAX_RUNS 1024 /* at least Settings.sandbox_slots: one run per box */
#define MAX_RO 32
#define MAX_MSG (1 << 20)
#define DRAIN_TIMEOUT 3.0
#define STALE_CHARGE (8LL << 20)

/* ------------------------------------------------------------------ wire */

struct __attribute__((packed)) req_head {
    char type; /* 'R' run, 'K' kill */
    char pad[3];
    uint32_t id;
};

struct __attribute__((packed)) req_run {
    uint32_t slot, uid, argc, envc;
    uint32_t pin; /* 0: unpinned; n: run on CPU n - 1 only */
    double cpu;   /* seconds, <= 0: none */
    double wall;  /* seconds */
    int64_t memory, processes, output, stack, nofile; /* < 0: unlimited */
};

struct __attribute__((packed)) response {
    uint32_t id;
    int32_t setup_failed, exited, exit_code, signal;
    int32_t wall_exceeded, cpu_exceeded, killed, oom_kills, pids_hit;
    int64_t mem_peak, mem_failcnt;
    double cpu, wall;
};

/* ---------------------------------------------------------------- config */

enum cg_mode { CG_NONE, CG_V1, CG_V2 };

static struct {
    const char *root, *boxes, *bpf_path;
    enum cg_mode cg;
    const char *cg_mem, *cg_pids, *cg_cpu, *cg_base;
    const char *ro_src[MAX_RO], *ro_dst[MAX_RO];
    int n_ro;
    int privileged;
    struct sock_fprog bpf;
    long ncpus, clk_tck;
} cfg;

struct run {
    int used;
    uint32_t id, slot, uid;
    pid_t pid, pgid;
    int errpipe;
    double start, wall_deadline, cpu_limit, next_check, drain_deadline;
    int64_t mem_limit;
    int state; /* 1 running, 2 draining */
    int wall_exceeded, cpu_exceeded, killed, exit_status;
    struct rusage ru;
    double end;
    int64_t oom_base, pids_base;
    uint64_t leaf; /* v2: this run's cgroup is <cg_base>/slot<slot>-run<leaf> */
};

static struct run runs[MAX_RUNS];
static int chan = CHAN_FD;

static void fatal(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "launcher: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, ": %s\n", strerror(errno));
    va_end(ap);
    _exit(111);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ file utils */

static int write_str(const char *path, const char *s) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, s, strlen(s));
    int saved = errno;
    close(fd);
    errno = saved;
    return n < 0 ? -1 : 0;
}

static int write_i64(const char *path, int64_t v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return write_str(path, buf);
}

static ssize_t read_file(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0) return -1;
    buf[n] = 0;
    return n;
}

static int64_t read_i64(const char *path) {
    char buf[64];
    if (read_file(path, buf, sizeof buf) < 0) return -1;
    return strtoll(buf, NULL, 10);
}

/* Value of "key N" in a flat-keyed file (memory.events, cpu.stat, ...). */
static int64_t read_key(const char *path, const char *key) {
    char buf[4096];
    if (read_file(path, buf, sizeof buf) < 0) return -1;
    size_t klen = strlen(key);
    for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (!strncmp(line, key, klen) && line[klen] == ' ') return strtoll(line + klen + 1, NULL, 10);
    return -1;
}

static void cg_path(char *out, size_t size, const char *base, uint32_t slot, const char *file) {
    snprintf(out, size, "%s/slot%u%s%s", base, slot, file ? "/" : "", file ? file : "");
}

/* v2: a run's own leaf. Never one an earlier run used: on UML 6.1 a child that
 * clone3(CLONE_INTO_CGROUP) puts into a cgroup emptied by cgroup.kill before is
 * killed at birth, and a fresh leaf's counters (memory.peak, events) start at 0. */
static void leaf_path(char *out, size_t size, const struct run *r, const char *file) {
    snprintf(out, size, "%s/slot%u-run%llu%s%s", cfg.cg_base, r->slot,
             (unsigned long long)r->leaf, file ? "/" : "", file ? file : "");
}

/* ------------------------------------------------------------ namespaces */

static void mkdir_p(const char *path) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        mkdir(tmp, 0755);
        *p = '/';
    }
    mkdir(tmp, 0755);
}

static void bind_ro(const char *src, const char *dst, int rdonly) {
    struct stat st;
    if (stat(src, &st) < 0) return;
    if (S_ISDIR(st.st_mode)) {
        mkdir_p(dst);
    } else {
        int fd = open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        if (fd >= 0) close(fd);
    }
    if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0) fatal("bind %s", src);
    unsigned long fl = MS_REMOUNT | MS_BIND | MS_NOSUID | (rdonly ? MS_RDONLY | MS_NODEV : 0);
    if (mount(NULL, dst, NULL, fl, NULL) < 0) fatal("remount %s", dst);
}

/* Mirror the host's /<rel> into the root: a symlink is copied (merged /usr,
 * /etc/alternatives), anything else is bound read-only. `strict` (top-level
 * entries): only directories are bound, and a symlink that cannot be made is fatal. */
static void mirror(const char *rel, int strict) {
    char host[4096], dst[4096], link[4096];
    snprintf(host, sizeof host, "/%s", rel);
    snprintf(dst, sizeof dst, "%s/%s", cfg.root, rel);
    struct stat st;
    if (lstat(host, &st) < 0) return;
    if (S_ISLNK(st.st_mode)) {
        ssize_t n = readlink(host, link, sizeof link - 1);
        if (n < 0) return;
        link[n] = 0;
        if (symlink(link, dst) < 0 && strict && errno != EEXIST) fatal("symlink %s", dst);
    } else if (!strict || S_ISDIR(st.st_mode)) {
        bind_ro(host, dst, 1);
    }
}

static void put_file(const char *rel, const char *content) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", cfg.root, rel);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, content, strlen(content)) < 0) fatal("write %s", path);
    close(fd);
}

static void setup_etc(void) {
    char path[4096];
    snprintf(path, sizeof path, "%s/etc", cfg.root);
    mkdir(path, 0755);
    put_file("etc/passwd", "root:x:0:0:root:/:/bin/false\n"
                           "box:x:60000:60000:box:/box:/bin/false\n");
    put_file("etc/group", "root:x:0:\nbox:x:60000:\n");
    put_file("etc/hostname", "box\n");
    mirror("etc/ld.so.cache", 0);
    mirror("etc/localtime", 0);
    mirror("etc/alternatives", 0);
}

static void setup_dev(void) {
    static const char *nodes[] = {"null", "zero", "random", "urandom"};
    char src[64], dst[4096];
    snprintf(dst, sizeof dst, "%s/dev", cfg.root);
    mkdir(dst, 0755);
    for (size_t i = 0; i < sizeof nodes / sizeof *nodes; i++) {
        snprintf(src, sizeof src, "/dev/%s", nodes[i]);
        snprintf(dst, sizeof dst, "%s/dev/%s", cfg.root, nodes[i]);
        bind_ro(src, dst, 0);
    }
    static const char *links[][2] = {{"fd", "/proc/self/fd"},
                                     {"stdin", "/proc/self/fd/0"},
                                     {"stdout", "/proc/self/fd/1"},
                                     {"stderr", "/proc/self/fd/2"}};
    for (size_t i = 0; i < 4; i++) {
        snprintf(dst, sizeof dst, "%s/dev/%s", cfg.root, links[i][0]);
        symlink(links[i][1], dst);
    }
}

/* Build the sandbox root (must run as pid 1 of the new pid namespace). */
static void setup_root(void) {
    char path[4096];
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fatal("make / private");
    if (mount("tmpfs", cfg.root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=4m") < 0)
        fatal("tmpfs %s", cfg.root);
    static const char *top[] = {"usr", "bin", "sbin", "lib", "lib64", "lib32", "libx32"};
    for (size_t i = 0; i < sizeof top / sizeof *top; i++) mirror(top[i], 1);
    setup_etc();
    setup_dev();
    snprintf(path, sizeof path, "%s/proc", cfg.root);
    mkdir(path, 0555);
    if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") < 0)
        fatal("mount proc");
    snprintf(path, sizeof path, "%s/box", cfg.root);
    mkdir(path, 0711);
    if (mount(cfg.boxes, path, NULL, MS_BIND, NULL) < 0) fatal("bind boxes");
    if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV, NULL) < 0)
        fatal("remount boxes");
    for (int i = 0; i < cfg.n_ro; i++) {
        snprintf(path, sizeof path, "%s%s", cfg.root, cfg.ro_dst[i]);
        bind_ro(cfg.ro_src[i], path, 1);
    }
    if (mount(NULL, cfg.root, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, "mode=755") < 0)
        fatal("remount root read-only");
    sethostname("box", 3);
}

/* -------------------------------------------------------------- cgroups */

/* Reset the slot's accounting and set its limits before a run. */
static int cg_prepare(struct run *r, const struct req_run *q) {
    char p[4096];
    if (cfg.cg == CG_V1) {
        /* Page cache that earlier runs of the slot first read stays charged to
         * it; above a few MiB it would distort this run's peak, so drop it. */
        cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.usage_in_bytes");
        if (read_i64(p) > STALE_CHARGE) {
            cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.force_empty");
            write_str(p, "0");
        }
        cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.limit_in_bytes");
        if (write_i64(p, q->memory < 0 ? -1 : q->memory) < 0) return -1;
        cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.max_usage_in_bytes");
        if (write_str(p, "0") < 0) return -1;
        cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.failcnt");
        write_str(p, "0");
        cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.oom_control");
        r->oom_base = read_key(p, "oom_kill");
        cg_path(p, sizeof p, cfg.cg_pids, r->slot, "pids.max");
        if (q->processes < 0 ? write_str(p, "max") : write_i64(p, q->processes)) return -1;
        cg_path(p, sizeof p, cfg.cg_pids, r->slot, "pids.events");
        r->pids_base = read_key(p, "max");
        cg_path(p, sizeof p, cfg.cg_cpu, r->slot, "cpuacct.usage");
        return write_str(p, "0");
    }
    if (cfg.cg == CG_V2) {
        static uint64_t next_leaf;
        for (;;) { /* a name no run has (another launcher may share the base) */
            r->leaf = next_leaf++;
            leaf_path(p, sizeof p, r, NULL);
            if (mkdir(p, 0755) == 0) break;
            if (errno != EEXIST) return -1;
        }
        leaf_path(p, sizeof p, r, "memory.max");
        if (q->memory < 0 ? write_str(p, "max") : write_i64(p, q->memory)) return -1;
        leaf_path(p, sizeof p, r, "memory.swap.max");
        write_str(p, "0");
        leaf_path(p, sizeof p, r, "pids.max");
        if (q->processes < 0 ? write_str(p, "max") : write_i64(p, q->processes)) return -1;
        r->oom_base = 0;
        r->pids_base = 0;
    }
    return 0;
}

/* In the child: move into the slot's cgroups. */
static int cg_join(const struct run *r) {
    char p[4096];
    if (cfg.cg == CG_V1) {
        const char *bases[] = {cfg.cg_mem, cfg.cg_pids, cfg.cg_cpu};
        for (int i = 0; i < 3; i++) {
            cg_path(p, sizeof p, bases[i], r->slot, "cgroup.procs");
            if (write_str(p, "0") < 0) return -1;
        }
    } else if (cfg.cg == CG_V2) {
        leaf_path(p, sizeof p, r, "cgroup.procs");
        if (write_str(p, "0") < 0) return -1;
    }
    return 0;
}

/* CPU seconds used by the run so far (cgroup), or -1 if unknown. */
static double cg_cpu(const struct run *r) {
    char p[4096];
    if (cfg.cg == CG_V1) {
        cg_path(p, sizeof p, cfg.cg_cpu, r->slot, "cpuacct.usage");
        int64_t ns = read_i64(p);
        return ns < 0 ? -1 : ns / 1e9;
    }
    if (cfg.cg == CG_V2) {
        leaf_path(p, sizeof p, r, "cpu.stat");
        int64_t us = read_key(p, "usage_usec");
        return us < 0 ? -1 : us / 1e6;
    }
    return -1;
}

static int64_t cg_pids_current(const struct run *r) {
    char p[4096];
    if (cfg.cg == CG_V1) cg_path(p, sizeof p, cfg.cg_pids, r->slot, "pids.current");
    else if (cfg.cg == CG_V2) leaf_path(p, sizeof p, r, "pids.current");
    else return 0;
    return read_i64(p);
}

static void cg_stats(const struct run *r, struct response *out) {
    char p[4096];
    if (cfg.cg == CG_V1) {
        cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.max_usage_in_bytes");
        out->mem_peak = read_i64(p);
        cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.failcnt");
        out->mem_failcnt = read_i64(p);
        cg_path(p, sizeof p, cfg.cg_mem, r->slot, "memory.oom_control");
        out->oom_kills = (int32_t)(read_key(p, "oom_kill") - r->oom_base);
        cg_path(p, sizeof p, cfg.cg_pids, r->slot, "pids.events");
        out->pids_hit = read_key(p, "max") > r->pids_base;
    } else if (cfg.cg == CG_V2) {
        leaf_path(p, sizeof p, r, "memory.peak");
        out->mem_peak = read_i64(p);
        leaf_path(p, sizeof p, r, "memory.events");
        out->mem_failcnt = read_key(p, "max");
        out->oom_kills = (int32_t)read_key(p, "oom_kill");
        leaf_path(p, sizeof p, r, "pids.events");
        out->pids_hit = read_key(p, "max") > 0;
    }
    double cpu = cg_cpu(r);
    if (cpu >= 0) out->cpu = cpu;
}

/* A fresh leaf per run on v2: its counters (memory.peak, events) start at zero. */
static void cg_release(const struct run *r) {
    char p[4096];
    if (cfg.cg != CG_V2) return;
    leaf_path(p, sizeof p, r, NULL);
    rmdir(p);
}

/* ----------------------------------------------------------------- kill */

/* Kill every process of the slot's uid (only this pid namespace is reachable).
 * Temporarily taking the slot uid as real+effective uid makes kill(-1) reach
 * exactly those processes; the saved uid 0 lets us return. */
static void kill_slot(const struct run *r) {
    char p[4096];
    if (r->pid > 0) kill(r->pid, SIGKILL);
    /* the run's process group (it called setsid): safe after the leader was
     * reaped, since a pid is not reused while its group lives */
    kill(-r->pgid, SIGKILL);
    if (cfg.cg == CG_V2) {
        leaf_path(p, sizeof p, r, "cgroup.kill");
        write_str(p, "1");
    }
    if (!cfg.privileged) return;
    if (syscall(SYS_setresuid, r->uid, r->uid, 0) < 0) return;
    kill(-1, SIGKILL);
    if (syscall(SYS_setresuid, 0, 0, 0) < 0) fatal("regain root");
}

/* ---------------------------------------------------------------- child */

static void child_fail(int fd, const char *what) {
    char msg[512];
    int n = snprintf(msg, sizeof msg, "%s: %s", what, strerror(errno));
    if (write(fd, msg, n) < 0) _exit(126);
    _exit(127);
}

/* A program may have replaced a file of its box by a symlink (to a file only
 * root can read) before a later run: never follow one there. */
static int in_boxes(const char *path) {
    size_t n = strlen(cfg.boxes);
    return !strncmp(path, cfg.boxes, n) && path[n] == '/';
}

static int open_stdio(const char *path, int target, int out) {
    int fd, nofollow = in_boxes(path) ? O_NOFOLLOW : 0;
    if (!*path) fd = open("/dev/null", out ? O_WRONLY : O_RDONLY);
    else if (out) fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
    else fd = open(path, O_RDONLY | nofollow);
    if (fd < 0) return -1;
    if (fd != target) {
        if (dup2(fd, target) < 0) return -1;
        close(fd);
    }
    return 0;
}

static void set_limit(int res, int64_t v) {
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = v < 0 ? RLIM_INFINITY : (rlim_t)v;
    setrlimit(res, &rl);
}

struct strings {
    const char *cwd, *exe, *in, *out, *err;
    char **argv, **envp;
};

static void set_limits(const struct req_run *q) {
    set_limit(RLIMIT_CORE, 0);
    set_limit(RLIMIT_STACK, q->stack);
    set_limit(RLIMIT_NOFILE, q->nofile);
    set_limit(RLIMIT_FSIZE, q->output);
    set_limit(RLIMIT_CPU, q->cpu > 0 ? (int64_t)q->cpu + 2 : -1);
    if (cfg.cg == CG_NONE) {
        set_limit(RLIMIT_AS, q->memory);
        if (cfg.privileged) set_limit(RLIMIT_NPROC, q->processes);
    }
}

/* Landlock scoping (Linux 6.12+): a run may connect only to abstract unix
 * sockets and signal only processes of its own run. Runs share the launcher's
 * network namespace, so without this two concurrent runs could talk over an
 * abstract socket. Older kernels refuse the attribute: then nothing is done. */
struct ll_attr {
    uint64_t handled_access_fs, handled_access_net, scoped;
};

static void landlock_scope(void) {
    struct ll_attr attr = {.scoped = 1 /* ABSTRACT_UNIX_SOCKET */ | 2 /* SIGNAL */};
    int fd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    if (fd < 0) return;
    syscall(SYS_landlock_restrict_self, fd, 0);
    close(fd);
}

/* Keep the run on one CPU (judge/sandbox/cpus.py says why). A CPU the host
 * took away since the judge chose it only costs the pinning: the run goes on. */
static void pin_cpu(uint32_t pin) {
    if (!pin || pin > CPU_SETSIZE) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(pin - 1, &set);
    sched_setaffinity(0, sizeof set, &set);
}

/* joined: the child was created inside its cgroup already (CLONE_INTO_CGROUP). */
static void child(const struct req_run *q, const struct strings *s, const struct run *r,
                  int joined, int errfd) {
    sigset_t all; /* dispositions were reset once at start-up; only the mask remains */
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    setsid();
    pin_cpu(q->pin);
    if (!joined && cg_join(r) < 0) child_fail(errfd, "join cgroup");
    int exe = -1;
    int exe_flags = O_PATH | O_CLOEXEC | (in_boxes(s->exe) ? O_NOFOLLOW : 0);
    if (*s->exe && (exe = open(s->exe, exe_flags)) < 0) child_fail(errfd, s->exe);
    if (open_stdio(s->in, 0, 0) < 0) child_fail(errfd, *s->in ? s->in : "stdin");
    if (open_stdio(s->out, 1, 1) < 0) child_fail(errfd, *s->out ? s->out : "stdout");
    if (open_stdio(s->err, 2, 1) < 0) child_fail(errfd, *s->err ? s->err : "stderr");
    if (cfg.privileged) {
        if (chroot(cfg.root) < 0) child_fail(errfd, "chroot");
        if (chdir(s->cwd) < 0) child_fail(errfd, s->cwd);
        gid_t gid = q->uid;
        if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0) child_fail(errfd, "setgid");
        if (setresuid(q->uid, q->uid, q->uid) < 0) child_fail(errfd, "setuid");
    } else if (chdir(s->cwd) < 0) {
        child_fail(errfd, s->cwd);
    }
    set_limits(q);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) child_fail(errfd, "no_new_privs");
    landlock_scope();
    close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    if (cfg.bpf.len && syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &cfg.bpf) < 0)
        child_fail(errfd, "seccomp");
    extern char **environ;
    environ = s->envp;
    if (exe >= 0) execveat(exe, "", s->argv, s->envp, AT_EMPTY_PATH);
    else execvpe(s->argv[0], s->argv, s->envp);
    child_fail(errfd, s->argv[0]);
}

/* Fork a run's process. On cgroup v2, clone3(CLONE_INTO_CGROUP) creates it
 * directly in the slot's leaf, saving the migration (*joined = 1); elsewhere,
 * or on kernels without it, a plain fork and the child joins by itself. */
static pid_t spawn(const struct run *r, int *joined) {
    *joined = 0;
    if (cfg.cg != CG_V2) return fork();
    char p[4096];
    leaf_path(p, sizeof p, r, NULL);
    int dir = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        struct clone_args args = {.flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD,
                                  .cgroup = (uint64_t)dir};
        pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof args);
        if (pid == 0) {
            *joined = 1;
            return 0;
        }
        close(dir);
        if (pid > 0) return pid;
    }
    return fork();
}

/* ------------------------------------------------------------- requests */

/* Responses the channel could not take yet. The launcher never blocks on its
 * channel: if the judge leaves many responses unread (the socket's send buffer
 * holds only ~200 of them), the rest wait here, in order, and are flushed when
 * epoll says the channel is writable again, while runs go on being supervised.
 * The queue is bounded by the requests the judge sent (one response each). */
struct outmsg {
    struct outmsg *next;
    size_t len;
    char data[];
};

static struct outmsg *out_head, *out_tail;

/* 1 sent, 0 the channel is full; exits if the judge went away. */
static int send_now(const char *buf, size_t len) {
    for (;;) {
        if (send(chan, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT) >= 0) return 1;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) return 0;
        _exit(0); /* EPIPE and the like: the judge is gone */
    }
}

/* Send queued responses in order until the channel is full again. */
static void flush_responses(void) {
    while (out_head && send_now(out_head->data, out_head->len)) {
        struct outmsg *m = out_head;
        out_head = m->next;
        if (!out_head) out_tail = NULL;
        free(m);
    }
}

static void respond(const struct response *r, const char *msg) {
    char buf[sizeof *r + 1024];
    size_t mlen = strnlen(msg, 1000), len = sizeof *r + mlen;
    memcpy(buf, r, sizeof *r);
    memcpy(buf + sizeof *r, msg, mlen);
    if (!out_head && send_now(buf, len)) return;
    struct outmsg *m = malloc(sizeof *m + len);
    if (!m) _exit(111);
    m->next = NULL, m->len = len;
    memcpy(m->data, buf, len);
    if (out_tail) out_tail->next = m;
    else out_head = m;
    out_tail = m;
}

static void respond_error(uint32_t id, const char *msg) {
    struct response r = {.id = id, .setup_failed = 1, .exit_code = -1};
    respond(&r, msg);
}

static struct run *find_run(uint32_t id) {
    for (int i = 0; i < MAX_RUNS; i++)
        if (runs[i].used && runs[i].id == id) return &runs[i];
    return NULL;
}

/* Split the NUL-separated strings after the fixed header; 0 on success. */
static int parse_strings(char *p, char *end, const struct req_run *q, struct strings *s) {
    const char **fixed[] = {&s->cwd, &s->exe, &s->in, &s->out, &s->err};
    size_t total = 5 + q->argc + q->envc;
    if (q->argc < 1 || q->argc > 100000 || q->envc > 100000) return -1;
    s->argv = calloc(q->argc + 1, sizeof(char *));
    s->envp = calloc(q->envc + 1, sizeof(char *));
    for (size_t i = 0; i < total; i++) {
        char *nul = memchr(p, 0, end - p);
        if (!nul) return -1;
        if (i < 5) *fixed[i] = p;
        else if (i < 5 + q->argc) s->argv[i - 5] = p;
        else s->envp[i - 5 - q->argc] = p;
        p = nul + 1;
    }
    return 0;
}

static void start_run(uint32_t id, char *body, size_t len) {
    struct req_run q;
    struct strings s = {0};
    struct run *r = NULL;
    if (len < sizeof q) return respond_error(id, "short request");
    memcpy(&q, body, sizeof q);
    if (parse_strings(body + sizeof q, body + len, &q, &s) < 0) {
        respond_error(id, "malformed request");
        goto out;
    }
    for (int i = 0; i < MAX_RUNS && !r; i++)
        if (!runs[i].used) r = &runs[i];
    if (!r) {
        respond_error(id, "too many concurrent runs");
        goto out;
    }
    memset(r, 0, sizeof *r);
    r->id = id, r->slot = q.slot, r->uid = q.uid, r->cpu_limit = q.cpu, r->mem_limit = q.memory;
    if (cg_prepare(r, &q) < 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "cgroup setup of slot %u: %s", q.slot, strerror(errno));
        cg_release(r);
        respond_error(id, msg);
        goto out;
    }
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC | O_NONBLOCK) < 0) {
        cg_release(r);
        respond_error(id, "pipe");
        goto out;
    }
    r->start = now();
    int joined = 0;
    pid_t pid = spawn(r, &joined);
    if (pid == 0) child(&q, &s, r, joined, pfd[1]);
    close(pfd[1]);
    if (pid < 0) {
        close(pfd[0]);
        cg_release(r);
        respond_error(id, "fork failed");
        goto out;
    }
    r->used = 1, r->pid = r->pgid = pid, r->errpipe = pfd[0], r->state = 1;
    r->wall_deadline = r->start + q.wall;
    r->next_check = q.cpu > 0 ? r->start + q.cpu / cfg.ncpus : 1e300;
out:
    free(s.argv);
    free(s.envp);
}

static void handle_request(void) {
    static char buf[MAX_MSG];
    ssize_t n = recv(chan, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) _exit(0); /* the judge went away: pid 1 exits, the kernel kills the rest */
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) return;
        _exit(0);
    }
    if ((size_t)n < sizeof(struct req_head)) return;
    struct req_head h;
    memcpy(&h, buf, sizeof h);
    if (h.type == 'R') {
        start_run(h.id, buf + sizeof h, n - sizeof h);
    } else if (h.type == 'K') {
        struct run *r = find_run(h.id);
        if (r && r->state == 1) {
            r->killed = 1;
            kill_slot(r);
        }
    }
}

/* ------------------------------------------------------------ supervise */

static double proc_cpu(pid_t pid) {
    char path[4096], buf[1024];
    /* pids are those of our namespace: read the procfs mounted for it */
    if (cfg.privileged) snprintf(path, sizeof path, "%s/proc/%d/stat", cfg.root, pid);
    else snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (read_file(path, buf, sizeof buf) < 0) return -1;
    char *p = strrchr(buf, ')');
    unsigned long long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / cfg.clk_tck;
}

static double run_cpu(const struct run *r) {
    return cfg.cg == CG_NONE ? proc_cpu(r->pid) : cg_cpu(r);
}

static void finish(struct run *r) {
    struct response out = {.id = r->id, .exit_code = -1};
    char msg[1024] = "";
    ssize_t n = read(r->errpipe, msg, sizeof msg - 1);
    close(r->errpipe);
    if (n > 0) {
        msg[n] = 0;
        out.setup_failed = 1;
    }
    out.wall = r->end - r->start;
    out.cpu = r->ru.ru_utime.tv_sec + r->ru.ru_utime.tv_usec / 1e6 + r->ru.ru_stime.tv_sec +
              r->ru.ru_stime.tv_usec / 1e6;
    out.mem_peak = (int64_t)r->ru.ru_maxrss * 1024;
    cg_stats(r, &out);
    if (WIFEXITED(r->exit_status)) {
        out.exited = 1;
        out.exit_code = WEXITSTATUS(r->exit_status);
    } else if (WIFSIGNALED(r->exit_status)) {
        out.signal = WTERMSIG(r->exit_status);
    }
    out.wall_exceeded = r->wall_exceeded, out.cpu_exceeded = r->cpu_exceeded;
    out.killed = r->killed;
    if (!*msg && r->state == 2 && now() >= r->drain_deadline)
        snprintf(msg, sizeof msg, "processes of the slot did not exit in time");
    cg_release(r);
    r->used = 0;
    respond(&out, msg);
}

/* Report once the slot is empty (so CPU time and memory include every process). */
static void try_finish(struct run *r) {
    if (cg_pids_current(r) <= 0 || now() >= r->drain_deadline) {
        finish(r);
        return;
    }
    kill_slot(r); /* again: a process may have been between fork and exec at the first kill */
}

static void reap(void) {
    int status;
    struct rusage ru;
    pid_t pid;
    while ((pid = wait4(-1, &status, WNOHANG | __WALL, &ru)) > 0) {
        for (int i = 0; i < MAX_RUNS; i++) {
            struct run *r = &runs[i];
            if (!r->used || r->pid != pid || r->state != 1) continue;
            r->end = now();
            r->exit_status = status;
            r->ru = ru;
            r->state = 2;
            r->drain_deadline = r->end + DRAIN_TIMEOUT;
            r->pid = 0; /* reaped: the pid may be reused, never signal it again */
            kill_slot(r);
        }
    }
    for (int i = 0; i < MAX_RUNS; i++)
        if (runs[i].used && runs[i].state == 2) try_finish(&runs[i]);
}

static void check_limits(struct run *r, double t) {
    if (t >= r->wall_deadline) {
        r->wall_exceeded = 1;
        kill_slot(r);
        r->wall_deadline = 1e300;
        return;
    }
    if (r->cpu_limit <= 0 || t < r->next_check) return;
    double used = run_cpu(r);
    if (used > r->cpu_limit) {
        r->cpu_exceeded = 1;
        kill_slot(r);
        r->next_check = 1e300;
        return;
    }
    double wait = (r->cpu_limit - (used < 0 ? 0 : used)) / cfg.ncpus;
    if (wait < 0.002) wait = 0.002;
    if (wait > 0.25) wait = 0.25;
    r->next_check = t + wait;
}

static int next_timeout_ms(void) {
    double t = now(), soonest = t + 10.0;
    for (int i = 0; i < MAX_RUNS; i++) {
        struct run *r = &runs[i];
        if (!r->used) continue;
        double d = r->state == 1 ? (r->wall_deadline < r->next_check ? r->wall_deadline
                                                                       : r->next_check)
                                 : t + 0.001;
        if (d < soonest) soonest = d;
    }
    double ms = (soonest - t) * 1000.0;
    return ms <= 0 ? 0 : (int)ms + 1;
}

static void serve(void) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = chan};
    epoll_ctl(ep, EPOLL_CTL_ADD, chan, &ev);
    ev.data.fd = sfd;
    epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
    int want_out = 0; /* EPOLLOUT registered while responses wait in the queue */
    for (;;) {
        if (want_out != !!out_head) {
            want_out = !!out_head;
            ev.events = EPOLLIN | (want_out ? EPOLLOUT : 0);
            ev.data.fd = chan;
            epoll_ctl(ep, EPOLL_CTL_MOD, chan, &ev);
        }
        struct epoll_event evs[4];
        int n = epoll_wait(ep, evs, 4, next_timeout_ms());
        for (int i = 0; i < n; i++) {
            if (evs[i].data.fd == chan) {
                if (evs[i].events & EPOLLOUT) flush_responses();
                if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) handle_request();
            } else {
                struct signalfd_siginfo si;
                while (read(sfd, &si, sizeof si) > 0) {}
            }
        }
        reap();
        double t = now();
        for (int i = 0; i < MAX_RUNS; i++)
            if (runs[i].used && runs[i].state == 1) check_limits(&runs[i], t);
    }
}

/* ------------------------------------------------------------- start-up */

static void load_bpf(void) {
    if (!cfg.bpf_path) return;
    int fd = open(cfg.bpf_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) fatal("open %s", cfg.bpf_path);
    struct stat st;
    fstat(fd, &st);
    if (st.st_size == 0 || st.st_size % sizeof(struct sock_filter)) fatal("bad bpf size");
    struct sock_filter *f = malloc(st.st_size);
    if (read(fd, f, st.st_size) != st.st_size) fatal("read bpf");
    close(fd);
    cfg.bpf.len = (unsigned short)(st.st_size / sizeof(struct sock_filter));
    cfg.bpf.filter = f;
}

static void parse_args(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--unprivileged")) { cfg.privileged = 0; continue; }
        if (!v) { errno = EINVAL; fatal("missing value for %s", a); }
        i++;
        if (!strcmp(a, "--root")) cfg.root = v;
        else if (!strcmp(a, "--boxes")) cfg.boxes = v;
        else if (!strcmp(a, "--bpf")) cfg.bpf_path = v;
        else if (!strcmp(a, "--fd")) chan = atoi(v);
        else if (!strcmp(a, "--cg-memory")) cfg.cg_mem = v;
        else if (!strcmp(a, "--cg-pids")) cfg.cg_pids = v;
        else if (!strcmp(a, "--cg-cpu")) cfg.cg_cpu = v;
        else if (!strcmp(a, "--cg-base")) cfg.cg_base = v;
        else if (!strcmp(a, "--cgroup"))
            cfg.cg = !strcmp(v, "v1") ? CG_V1 : !strcmp(v, "v2") ? CG_V2 : CG_NONE;
        else if (!strcmp(a, "--ro") && cfg.n_ro < MAX_RO && strchr(v, '=')) {
            char *copy = strdup(v), *eq = strchr(copy, '=');
            *eq = 0;
            cfg.ro_src[cfg.n_ro] = copy;
            cfg.ro_dst[cfg.n_ro++] = eq + 1;
        } else { errno = EINVAL; fatal("unknown argument %s", a); }
    }
    if (!cfg.root || !cfg.boxes) { errno = EINVAL; fatal("--root and --boxes are required"); }
}

int main(int argc, char **argv) {
    cfg.privileged = 1;
    parse_args(argc, argv);
    cfg.ncpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cfg.ncpus < 1) cfg.ncpus = 1;
    cfg.clk_tck = sysconf(_SC_CLK_TCK);
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL); /* inherited by every run */
    load_bpf();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct response ready = {.id = 0};
    if (!cfg.privileged) {
        prctl(PR_SET_CHILD_SUBREAPER, 1); /* orphans of runs come back to us to be reaped */
        respond(&ready, "ready");
        serve();
        return 0;
    }
    if (unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWPID) < 0)
        fatal("unshare");
    pid_t init = fork();
    if (init < 0) fatal("fork");
    if (init > 0) { /* outer: keep nothing open, follow the inner launcher */
        close(chan);
        int status;
        while (waitpid(init, &status, 0) < 0 && errno == EINTR) {}
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    setup_root();
    respond(&ready, "ready"); /* the client waits for this before its first request */
    serve();
    return 0;
}
