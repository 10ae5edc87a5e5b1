# Writes to stdout without end: OLE.
import sys

chunk = "x" * 65536
while True:
    sys.stdout.write(chunk)
