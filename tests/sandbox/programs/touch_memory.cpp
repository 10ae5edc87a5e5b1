// Touches argv[1] MiB of memory, then exits.
#include <cstdlib>
#include <cstring>
int main(int argc, char **argv) {
    size_t mib = argc > 1 ? atol(argv[1]) : 256;
    char *p = static_cast<char *>(malloc(mib << 20));
    if (!p) return 2;
    memset(p, 1, mib << 20);
    return p[mib] == 1 ? 0 : 1;
}
