# Forks without end: contained by the pids cgroup.
import contextlib
import os

while True:
    with contextlib.suppress(OSError):
        os.fork()
