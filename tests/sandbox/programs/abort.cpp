// abort(): SIG 6 (the program is never pid 1 of its namespace).
#include <cstdlib>
int main() { abort(); }
