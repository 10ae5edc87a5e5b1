# Tries to create each path given as an argument: exit 0 if none could be made.
import sys

escaped = 0
for path in sys.argv[1:]:
    try:
        with open(path, "w") as f:
            f.write("x")
        print("WROTE", path)
        escaped = 1
    except OSError:
        pass
sys.exit(escaped)
