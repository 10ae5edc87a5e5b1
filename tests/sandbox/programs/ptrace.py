# ptrace must be refused: exit 0 if PTRACE_TRACEME fails.
import ctypes
import sys

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
sys.exit(1 if libc.ptrace(0, 0, None, None) == 0 else 0)
