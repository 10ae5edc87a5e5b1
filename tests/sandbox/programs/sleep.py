# Sleeps: TLE (wall).
import time

time.sleep(1000)
