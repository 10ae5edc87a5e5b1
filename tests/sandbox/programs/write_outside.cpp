// Tries to create each path given as an argument: exit 0 if none could be made.
#include <cstdio>
int main(int argc, char **argv) {
    int escaped = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "w");
        if (f) { printf("WROTE %s\n", argv[i]); escaped = 1; fclose(f); }
    }
    return escaped;
}
