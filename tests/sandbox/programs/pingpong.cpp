// One side of a FIFO exchange (a Communication test's shape):
// `pingpong <rounds> lead <there> <back>` sends a number on <there> and reads
// the answer on <back>; `pingpong <rounds> echo <there> <back>` answers n + 1.
// Each side opens the FIFOs in the order that lets the other side open them.
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
static int in_fd, out_fd;
static void put(long n) { if (write(out_fd, &n, sizeof n) != sizeof n) std::exit(3); }
static long get() {
    long n;
    if (read(in_fd, &n, sizeof n) != sizeof n) std::exit(4);
    return n;
}
int main(int argc, char** argv) {
    if (argc < 5) return 2;
    long rounds = std::atol(argv[1]);
    bool lead = std::strcmp(argv[2], "lead") == 0;
    if (lead) out_fd = open(argv[3], O_WRONLY), in_fd = open(argv[4], O_RDONLY);
    else in_fd = open(argv[3], O_RDONLY), out_fd = open(argv[4], O_WRONLY);
    if (in_fd < 0 || out_fd < 0) return 6;
    for (long i = 0; i < rounds; i++) {
        if (lead) { put(i); if (get() != i + 1) return 5; }
        else put(get() + 1);
    }
}
