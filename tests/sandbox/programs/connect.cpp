// Tries TCP to 127.0.0.1:6379: exit 0 if it fails. (Unix sockets, allowed or
// not depending on the kernel, are test_sandbox_isolation's.)
#include <arpa/inet.h>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>
int main() {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) { puts("socket refused"); return 0; }
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(6379);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (sockaddr *)&a, sizeof a) < 0) { puts("connect failed"); return 0; }
    puts("CONNECTED");
    return 1;
}
