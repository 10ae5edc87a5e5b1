// Burns argv[1] seconds of CPU (its own clock), then exits.
#include <cstdlib>
#include <ctime>
int main(int argc, char **argv) {
    double target = argc > 1 ? atof(argv[1]) : 0.5;
    timespec ts;
    volatile unsigned long x = 0;
    for (;;) {
        for (int i = 0; i < 10000; i++) x++;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        if (ts.tv_sec + ts.tv_nsec / 1e9 >= target) return 0;
    }
}
