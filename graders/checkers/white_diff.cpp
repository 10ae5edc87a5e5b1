// CMS white-diff, as a checker: the rule of cms/grading/steps/whitediff.py.
//
// Usage: white_diff INPUT CORRECT_OUTPUT CONTESTANT_OUTPUT (CMS convention).
// Prints 1 or 0 on stdout; on stderr translate:success or translate:wrong, then
// (for people, the judge shows only the first line) what differs.
//
// The files are compared line by line (a line ends at '\n'). Two lines are equal
// when they hold the same words: runs of whitespace (space, \t, \n, \v, \f, \r)
// count as one separator, and leading or trailing whitespace does not count.
// Lines made only of whitespace at the end of either file do not count either;
// a blank line anywhere else does.
#include <cstdio>
#include <string>

#include "checker_io.h"

using checker::verdict;

namespace {

// The next line with its '\n'; false at the end of the file.
bool read_line(FILE* f, std::string& line) {
    line.clear();
    int c;
    while ((c = std::fgetc(f)) != EOF) {
        line.push_back(static_cast<char>(c));
        if (c == '\n') break;
    }
    return !line.empty();
}

// The words of a line joined by single spaces.
std::string canonical(const std::string& line) {
    std::string out;
    bool gap = false;
    for (char c : line) {
        if (checker::is_white(c)) {
            gap = true;
            continue;
        }
        if (gap && !out.empty()) out.push_back(' ');
        gap = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s INPUT CORRECT_OUTPUT CONTESTANT_OUTPUT\n", argv[0]);
        return 2;
    }
    FILE* correct = checker::open_or_die(argv[2]);
    FILE* output = checker::open_or_die(argv[3]);
    std::string expected_line, output_line;
    for (long line = 1;; ++line) {
        bool has_expected = read_line(correct, expected_line);
        bool has_output = read_line(output, output_line);
        if (!has_expected && !has_output) return verdict(true);
        std::string expected = canonical(expected_line), got = canonical(output_line);
        if (!has_expected || !has_output) {
            if (!got.empty()) return verdict(false, "Contestant output too long");
            if (!expected.empty()) return verdict(false, "Contestant output too short");
            continue;
        }
        if (expected != got) {
            return verdict(false, checker::mismatch(expected, got, "on line " + std::to_string(line)));
        }
    }
}
