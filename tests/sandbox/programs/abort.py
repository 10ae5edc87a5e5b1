# abort(): SIG 6.
import os

os.abort()
