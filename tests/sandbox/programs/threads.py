# Four threads spinning: TLE (cpu), counted over all threads.
import threading


def spin() -> None:
    while True:
        pass


threads = [threading.Thread(target=spin) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
