# TCP to 127.0.0.1:6379 must fail (exit 0); a unix socket is allowed.
import socket
import sys

socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close()
try:
    s = socket.create_connection(("127.0.0.1", 6379), timeout=1)
except OSError as exc:
    print("refused:", exc)
    sys.exit(0)
print("CONNECTED")
sys.exit(1)
