// Blocks in select() on stdin that never becomes readable... or forever: TLE (wall).
#include <sys/select.h>
int main() { select(0, nullptr, nullptr, nullptr, nullptr); }
