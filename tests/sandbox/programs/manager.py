# Interactive manager: sends 1..5 to the contestant (FIFO argv[2]), checks n + 1
# answers (FIFO argv[1]), then sends 0. Prints 1.0 or 0.0.
import sys

with open(sys.argv[2], "w") as to_user, open(sys.argv[1]) as from_user:
    ok = True
    for n in range(1, 6):
        to_user.write(f"{n}\n")
        to_user.flush()
        ok = ok and from_user.readline().strip() == str(n + 1)
    to_user.write("0\n")
    to_user.flush()
print("1.0" if ok else "0.0")
