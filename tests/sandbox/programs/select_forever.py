# Blocks in select() forever: TLE (wall).
import select

select.select([], [], [])
