# Tries to read each path given as an argument: exit 0 if none could be read.
import sys

leaked = 0
for path in sys.argv[1:]:
    try:
        with open(path, "rb") as f:
            if f.read(1):
                print("READ", path)
                leaked = 1
    except OSError:
        pass
sys.exit(leaked)
