// Recurses through about 1 GiB of stack: runs (stack unlimited, as at IOI).
#include <cstdio>
#include <cstring>
long depth(long n) {
    volatile char pad[1000];
    memset((char *)pad, (int)n, sizeof pad);
    if (n == 0) return pad[7];
    return depth(n - 1) + pad[3];
}
int main() {
    printf("%ld\n", depth(1000000));  // ~1 GiB of frames
    return 0;
}
