// Stops itself: TLE (wall), and the stopped process is still killed.
#include <signal.h>
int main() { raise(SIGSTOP); return 0; }
