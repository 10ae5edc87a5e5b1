// Writes a 2 GiB file in the box: OLE.
#include <cstdio>
int main() {
    static char buf[1 << 20];
    FILE *f = fopen("big.bin", "wb");
    if (!f) return 2;
    for (int i = 0; i < 2048; i++)
        if (fwrite(buf, 1, sizeof buf, f) != sizeof buf) return 3;
    return fclose(f) ? 4 : 0;
}
