// Waits for a signal that never comes: TLE (wall).
#include <unistd.h>
int main() { pause(); }
