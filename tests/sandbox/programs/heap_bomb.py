# Grows a list of 1 MiB byte strings: MLE.
blocks = []
while True:
    blocks.append(bytearray(1 << 20))
