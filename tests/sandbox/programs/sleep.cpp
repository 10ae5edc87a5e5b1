// Sleeps without using CPU: TLE (wall).
#include <unistd.h>
int main() { sleep(1000); }
