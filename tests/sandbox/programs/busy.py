# Spins forever: TLE (cpu).
while True:
    pass
