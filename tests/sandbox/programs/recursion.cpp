// Recurses through about 1 GiB of stack (argv[1] frames of ~1 KiB, default
// 1000000): runs (stack unlimited, as at IOI).
#include <cstdio>
#include <cstdlib>
#include <cstring>
long depth(long n) {
    volatile char pad[1000];
    memset((char *)pad, (int)n, sizeof pad);
    if (n == 0) return pad[7];
    return depth(n - 1) + pad[3];
}
int main(int argc, char **argv) {
    printf("%ld\n", depth(argc > 1 ? atol(argv[1]) : 1000000));
    return 0;
}
