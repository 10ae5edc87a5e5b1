// Tries to read each path given as an argument: exit 0 if none could be read.
#include <cstdio>
int main(int argc, char **argv) {
    int leaked = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        char c;
        if (f && fread(&c, 1, 1, f) == 1) { printf("READ %s\n", argv[i]); leaked = 1; }
        if (f) fclose(f);
    }
    return leaked;
}
