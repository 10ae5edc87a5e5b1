// Allocates and touches 1 MiB blocks without end: MLE.
#include <cstdlib>
#include <cstring>
int main() {
    for (;;) {
        char *p = static_cast<char *>(malloc(1 << 20));
        if (p) memset(p, 1, 1 << 20);
    }
}
