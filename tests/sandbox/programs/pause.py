# Waits for a signal that never comes: TLE (wall).
import signal

signal.pause()
