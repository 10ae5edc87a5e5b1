// CMS checker convention: checker <input> <correct output> <contestant output>.
// Prints the score (0 or 1) on stdout and a message on stderr.
#include <cstdio>

static int verdict(bool ok, const char* message) {
    std::printf("%d\n", ok ? 1 : 0);
    std::fprintf(stderr, "%s\n", message);
    return 0;
}

int main(int argc, char* argv[]) {
    if (argc != 4) return 1;
    FILE* in = std::fopen(argv[1], "r");
    FILE* correct = std::fopen(argv[2], "r");
    FILE* out = std::fopen(argv[3], "r");
    if (!in || !correct || !out) return 1;
    long long n = 0, expected = 0, got = 0;
    if (std::fscanf(in, "%lld", &n) != 1 || std::fscanf(correct, "%lld", &expected) != 1) return 1;
    if (std::fscanf(out, "%lld", &got) != 1) return verdict(false, "translate:wrong");
    char extra;
    if (std::fscanf(out, " %c", &extra) == 1) return verdict(false, "translate:wrong");
    if (expected == -1) return verdict(got == -1, got == -1 ? "translate:success" : "translate:wrong");
    bool ok = got > 1 && got < n && n % got == 0;
    return verdict(ok, ok ? "translate:success" : "translate:wrong");
}
