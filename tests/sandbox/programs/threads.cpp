// Four threads spinning: TLE (cpu) with CPU time summed over the threads.
#include <thread>
#include <vector>
int main() {
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; i++)
        ts.emplace_back([] { volatile unsigned long x = 0; for (;;) x++; });
    for (auto &t : ts) t.join();
}
