// What the standard checkers share: CMS's whitespace, opening the files, and the
// CMS checker convention for the verdict (score on stdout; on stderr the message
// the judge shows, then, for people, what differs).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace checker {

// CMS's whitespace: the ASCII characters of Unicode's White_Space.
inline bool is_white(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// A file to compare; a file that cannot be opened is the checker's failure.
inline FILE* open_or_die(const char* path) {
    FILE* f = std::fopen(path, "rb");
    if (f == nullptr) {
        std::fprintf(stderr, "cannot open %s\n", path);
        std::exit(1);
    }
    return f;
}

inline std::string shorten(const std::string& s) {
    const std::size_t limit = 100;
    return s.size() > limit ? s.substr(0, limit) + "..." : s;
}

// "Expected `a`, found `b` <where>".
inline std::string mismatch(const std::string& expected, const std::string& got,
                            const std::string& where) {
    return "Expected `" + shorten(expected) + "`, found `" + shorten(got) + "` " + where;
}

// Prints the verdict; main returns what this returns.
inline int verdict(bool correct, const std::string& detail = "") {
    std::printf("%d\n", correct ? 1 : 0);
    std::fprintf(stderr, "%s\n", correct ? "translate:success" : "translate:wrong");
    if (!detail.empty()) std::fprintf(stderr, "%s\n", detail.c_str());
    return 0;
}

}  // namespace checker
