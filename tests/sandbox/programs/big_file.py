# Writes a 2 GiB file: OLE.
block = bytes(1 << 20)
with open("big.bin", "wb") as f:
    for _ in range(2048):
        f.write(block)
