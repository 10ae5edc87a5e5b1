// Writes to stdout without end: OLE, and the file stays at the limit.
#include <cstdio>
int main() {
    static char buf[1 << 16];
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = 'x';
    for (;;) fwrite(buf, 1, sizeof buf, stdout);
}
