// Interactive contestant: reads numbers from stdin until 0, answers n + 1 each.
#include <cstdio>
int main() {
    long n;
    while (scanf("%ld", &n) == 1 && n != 0) { printf("%ld\n", n + 1); fflush(stdout); }
    return 0;
}
