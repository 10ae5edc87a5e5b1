// A 1 GiB static array, touched: MLE.
#include <cstring>
static char big[1u << 30];
int main() {
    memset(big, 1, sizeof big);
    return big[12345] == 1 ? 0 : 1;
}
