# TCP to 127.0.0.1:6379 must fail (exit 0). (Unix sockets, allowed or not
# depending on the kernel, are test_sandbox_isolation's.)
import socket
import sys

try:
    s = socket.create_connection(("127.0.0.1", 6379), timeout=1)
except OSError as exc:
    print("refused:", exc)
    sys.exit(0)
print("CONNECTED")
sys.exit(1)
