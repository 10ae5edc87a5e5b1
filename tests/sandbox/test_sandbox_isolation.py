"""What a sandboxed program can see and reach: only its box and the current input."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from sandbox_helpers import guest_limits, guest_seconds

from judge.sandbox import Limits, RunSpec, RunStatus, Sandbox
from judge.sandbox.seccomp_policy import unix_sockets_scoped

PROGRAMS = Path(__file__).parent / "programs"
PYTHON = "/usr/bin/python3"
pytestmark = pytest.mark.usefixtures("host_guard")
# Python's start-up takes ~0.5 s of CPU in the UML guest: these tests are about
# what a run can reach, so its time limits there are scaled.
PY_LIMITS = guest_limits(Limits())


def run_py(sandbox: Sandbox, source: str, stdin: Path | None = None) -> tuple[RunStatus, str]:
    with sandbox.box() as box:
        (box.path / "p.py").write_text(source)
        out = box.path / "out"
        result = box.run(RunSpec(argv=[PYTHON, "p.py"], stdout=out, stdin=stdin, limits=PY_LIMITS))
        return result.status, out.read_text()


@pytest.mark.parametrize("program", ["read_files.cpp", "read_files.py"])
def test_judge_data_unreadable(
    sandbox: Sandbox, binaries: dict[str, Path], tmp_path: Path, program: str
) -> None:
    expected = tmp_path / "tests" / "1.out"
    expected.parent.mkdir()
    expected.write_text("secret answer\n")
    os.chmod(tmp_path, 0o755)
    with sandbox.box() as other, sandbox.box() as box:
        (other.path / "solution.cpp").write_text("int main(){}")
        targets = [
            "/etc/shadow", "/proc/1/environ", "/proc/1/cmdline", str(expected),
            f"../{other.path.name}/solution.cpp", str(other.path / "solution.cpp"),
            "/root/.bashrc", "/work/main/pyproject.toml", "/sys/kernel/notes",
        ]  # fmt: skip
        name = program.rsplit(".", 1)[0]
        if program.endswith(".py"):
            (box.path / program).write_text((PROGRAMS / program).read_text())
            spec = RunSpec(argv=[PYTHON, program, *targets], limits=PY_LIMITS)
        else:
            spec = RunSpec(argv=[name, *targets], executable=binaries[name])
        spec.stdout = box.path / "out"
        result = box.run(spec)
        assert result.status is RunStatus.OK, (box.path / "out").read_text()


def test_input_given_on_stdin_though_unreadable_inside(sandbox: Sandbox, tmp_path: Path) -> None:
    data = tmp_path / "private" / "1.in"
    data.parent.mkdir()
    data.write_text("42\n")
    os.chmod(data.parent, 0o700)
    source = f"import sys\nprint(sys.stdin.read().strip())\nprint(open({str(data)!r}).read())\n"
    status, out = run_py(sandbox, source, stdin=data)
    assert out.startswith("42\n")
    assert status is RunStatus.RE  # the direct open failed


@pytest.mark.parametrize("program", ["write_outside.cpp", "write_outside.py"])
def test_writes_outside_the_box_fail(
    sandbox: Sandbox, binaries: dict[str, Path], program: str
) -> None:
    targets = ["/tmp/x", "/x", "/etc/x", "/usr/x", "/dev/x", "/dev/shm/x", "/proc/x", "/box/x"]
    name = program.rsplit(".", 1)[0]
    with sandbox.box() as other, sandbox.box() as box:
        targets += [f"../{other.path.name}/x", f"{box.inside.rsplit('/', 1)[0]}/x"]
        if program.endswith(".py"):
            (box.path / program).write_text((PROGRAMS / program).read_text())
            spec = RunSpec(argv=[PYTHON, program, *targets], stdout=box.path / "out",
                           limits=PY_LIMITS)
        else:
            spec = RunSpec(argv=[name, *targets], executable=binaries[name], stdout=box.path / "o")
        assert box.run(spec).status is RunStatus.OK
        assert list(other.path.iterdir()) == []


def test_environment_is_minimal(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUDGE_SECRET_TOKEN", "hunter2")
    status, out = run_py(sandbox, "import os\nprint(sorted(os.environ))\nprint(os.getcwd())\n")
    assert status is RunStatus.OK
    assert "hunter2" not in out and "JUDGE" not in out
    names, cwd = out.splitlines()
    assert eval(names) == ["HOME", "LANG", "PATH", "TMPDIR"]
    assert cwd.startswith("/box/")


def test_no_network_and_no_host_processes(sandbox: Sandbox) -> None:
    source = (
        "import os\n"
        "print(sorted(p for p in os.listdir('/proc') if p.isdigit()) == [str(os.getpid())])\n"
        "print([l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]])\n"
        "print(os.getuid() >= 60000, os.getgid() >= 60000)\n"
    )
    status, out = run_py(sandbox, source)
    assert status is RunStatus.OK
    assert out.splitlines()[0] == "True"
    assert out.splitlines()[1] == "['lo']"
    assert out.splitlines()[2] == "True True"


def test_kill_all_spares_bystanders(sandbox: Sandbox, binaries: dict[str, Path]) -> None:
    """kill(-1) and killing the parent in one box leave another box's run alone."""
    with sandbox.box() as bystander, sandbox.box() as box:
        sleeper = bystander.start(
            RunSpec(argv=["sleep"], executable=binaries["sleep"], limits=Limits(wall_time=2.0))
        )
        for program in ("kill_all.cpp", "kill_all.py"):
            if program.endswith(".py"):
                (box.path / program).write_text((PROGRAMS / program).read_text())
                spec = RunSpec(argv=[PYTHON, program], limits=PY_LIMITS)
            else:
                spec = RunSpec(argv=["kill_all"], executable=binaries["kill_all"])
            assert box.run(spec).status is RunStatus.OK
        assert not sleeper.done
        result = sleeper.result()
        assert (result.status, result.limit_hit) == (RunStatus.TLE, "wall")
    assert threading.main_thread().is_alive()
    assert sandbox.launcher_pid is not None


def test_symlink_planted_in_the_box_is_not_followed(sandbox: Sandbox) -> None:
    """A run may leave a symlink where the judge later passes a box file as stdin."""
    with sandbox.box() as box:
        (box.path / "p.py").write_text("import os\nos.symlink('/etc/shadow', 'input')\n")
        assert box.run(RunSpec(argv=[PYTHON, "p.py"], limits=PY_LIMITS)).status is RunStatus.OK
        assert (box.path / "input").is_symlink()
        result = box.run(RunSpec(argv=["/bin/cat"], stdin=box.path / "input"))
        assert result.status is RunStatus.SE
        assert "input" in result.message


ABSTRACT_SERVER = """
import socket, time
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
except PermissionError:
    print("socket refused")
    raise SystemExit(0)
s.bind("\\0ioi-judge-test-channel")
s.listen()
open("listening", "w").close()
time.sleep(60)
"""

ABSTRACT_CLIENT = """
import socket, sys
try:
    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).connect("\\0ioi-judge-test-channel")
except OSError as exc:
    print("refused", exc)
    sys.exit(0)
print("CONNECTED")
sys.exit(1)
"""


def test_no_channel_between_concurrent_runs(sandbox: Sandbox) -> None:
    """Abstract unix sockets (Landlock scope on 6.12+; before, seccomp refuses
    socket(AF_UNIX)) and System V IPC (seccomp) are closed."""
    with sandbox.box() as a, sandbox.box() as b:
        (a.path / "server.py").write_text(ABSTRACT_SERVER)
        (b.path / "client.py").write_text(ABSTRACT_CLIENT)
        server = a.start(RunSpec(argv=[PYTHON, "server.py"], stdout=a.path / "out",
                                 limits=guest_limits(Limits(wall_time=10))))
        # the client tries once the server listens, or once it could not
        deadline = time.monotonic() + guest_seconds(10)
        while not (a.path / "listening").exists() and server.wait(timeout=0.05) is None:
            assert time.monotonic() < deadline
        client = b.run(RunSpec(argv=[PYTHON, "client.py"], stdout=b.path / "out",
                               limits=PY_LIMITS))
        assert client.status is RunStatus.OK, (b.path / "out").read_text()
        server.kill()
        if unix_sockets_scoped():
            assert (a.path / "listening").exists()
        else:
            assert (a.path / "out").read_text() == "socket refused\n", server.result()
            assert server.result().status is RunStatus.OK
    shm = "import ctypes\nprint(ctypes.CDLL(None).shmget(0, 4096, 0o1666))\n"
    status, out = run_py(sandbox, shm)
    assert (status, out.strip()) == (RunStatus.OK, "-1")


UNIX_SOCKETS = """
import errno, socket
a, b = socket.socketpair()
a.send(b"pair ok")
print(b.recv(16).decode())
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind("\\0ioi-judge-own-socket")
    print("socket ok")
except PermissionError as exc:
    print("socket refused", errno.errorcode[exc.errno])
"""


def test_unix_sockets_refused_cleanly_without_landlock_scope(sandbox: Sandbox) -> None:
    """Where Landlock cannot scope abstract sockets (Linux < 6.12, as in the UML
    guest) socket(AF_UNIX) fails with EPERM and the program goes on; a socket
    pair, which reaches no other process, works on every kernel."""
    status, out = run_py(sandbox, UNIX_SOCKETS)
    expected = "socket ok" if unix_sockets_scoped() else "socket refused EPERM"
    assert (status, out.split("\n")[:2]) == (RunStatus.OK, ["pair ok", expected])
