// ptrace must be refused: exit 0 if both attempts fail.
#include <cstdio>
#include <sys/ptrace.h>
#include <unistd.h>
int main() {
    if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) == 0) { puts("TRACEME"); return 1; }
    if (ptrace(PTRACE_ATTACH, getppid(), nullptr, nullptr) == 0) { puts("ATTACH"); return 1; }
    return 0;
}
