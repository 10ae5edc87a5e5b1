# Deep recursion (300000 Python frames, with the recursion limit raised): runs.
import sys

sys.setrecursionlimit(1_000_000)


def depth(n: int) -> int:
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(300_000))
