#include <cstdio>

int main() {
    long long n;
    if (std::scanf("%lld", &n) != 1) return 1;
    for (long long d = 2; d * d <= n; ++d) {
        if (n % d == 0) {
            std::printf("%lld\n", n / d);  // the largest, to differ from the reference
            return 0;
        }
    }
    std::printf("-1\n");
    return 0;
}
