// Prints the CPUs it may run on ("0,1"), then sleeps argv[1] seconds if given
// (so that runs started together overlap).
#include <sched.h>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
int main(int argc, char** argv) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 2;
    const char* sep = "";
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        if (CPU_ISSET(cpu, &set)) std::printf("%s%d", sep, cpu), sep = ",";
    std::printf("\n");
    std::fflush(stdout);
    if (argc > 1) usleep((useconds_t)(std::atof(argv[1]) * 1e6));
}
