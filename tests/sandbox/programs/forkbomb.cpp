// Forks without end (failed forks are retried): contained by the pids cgroup.
#include <unistd.h>
int main() { for (;;) fork(); }
