// Float tolerance checker: whitespace-separated tokens, numbers within an epsilon.
//
// Usage: float_tolerance INPUT CORRECT_OUTPUT CONTESTANT_OUTPUT [EPSILON]
// (CMS convention, plus the epsilon). Prints 1 or 0 on stdout; on stderr
// translate:success or translate:wrong, then (for people, the judge shows only
// the first line) what differs.
//
// Both outputs must hold the same number of tokens. A token of the correct
// output and the contestant's token at the same place are equal when they are
// the same text, or when both are decimal numbers ([+-]digits[.digits][e[+-]digits],
// no nan, inf or hex) whose difference is at most EPSILON, absolute or relative
// to the correct value. Without the EPSILON argument the one compiled in as
// FLOAT_TOLERANCE_EPSILON (a string, e.g. from epsilon.h beside this file) is used.
// checker_io.h must be beside this file.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checker_io.h"
#if __has_include("epsilon.h")
#include "epsilon.h"
#endif

using checker::verdict;

namespace {

// The next token; false at the end of the file.
bool read_token(FILE* f, std::string& token) {
    token.clear();
    int c;
    while ((c = std::fgetc(f)) != EOF && checker::is_white(c)) {
    }
    while (c != EOF && !checker::is_white(c)) {
        token.push_back(static_cast<char>(c));
        c = std::fgetc(f);
    }
    return !token.empty();
}

std::size_t digits(const std::string& s, std::size_t i) {
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i;
}

bool is_decimal(const std::string& s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t start = i;
    i = digits(s, i);
    bool whole = i > start;
    bool fraction = false;
    if (i < s.size() && s[i] == '.') {
        std::size_t after = digits(s, i + 1);
        fraction = after > i + 1;
        i = after;
    }
    if (!whole && !fraction) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        std::size_t exponent = i;
        i = digits(s, i);
        if (i == exponent) return false;
    }
    return i == s.size();
}

bool close_enough(const std::string& expected, const std::string& got, long double epsilon) {
    if (expected == got) return true;
    if (!is_decimal(expected) || !is_decimal(got)) return false;
    long double e = std::strtold(expected.c_str(), nullptr);
    long double g = std::strtold(got.c_str(), nullptr);
    long double diff = std::fabs(e - g);
    if (!std::isfinite(diff)) return false;
    return diff <= epsilon || diff <= epsilon * std::fabs(e);
}

bool parse_epsilon(const char* text, long double& epsilon) {
    std::string s = text;
    if (!is_decimal(s)) return false;
    epsilon = std::strtold(s.c_str(), nullptr);
    return std::isfinite(epsilon) && epsilon >= 0;
}

}  // namespace

int main(int argc, char** argv) {
    const char* epsilon_text = argc == 5 ? argv[4] : nullptr;
#ifdef FLOAT_TOLERANCE_EPSILON
    if (argc == 4) epsilon_text = FLOAT_TOLERANCE_EPSILON;
#endif
    long double epsilon = 0;
    if (epsilon_text == nullptr || !parse_epsilon(epsilon_text, epsilon)) {
        std::fprintf(stderr, "usage: %s INPUT CORRECT_OUTPUT CONTESTANT_OUTPUT EPSILON (>= 0)\n",
                     argv[0]);
        return 2;
    }
    FILE* correct = checker::open_or_die(argv[2]);
    FILE* output = checker::open_or_die(argv[3]);
    std::string expected, got;
    for (long index = 1;; ++index) {
        bool has_expected = read_token(correct, expected);
        bool has_output = read_token(output, got);
        if (!has_expected && !has_output) return verdict(true);
        if (!has_expected) return verdict(false, "Contestant output too long");
        if (!has_output) return verdict(false, "Contestant output too short");
        if (!close_enough(expected, got, epsilon)) {
            return verdict(false,
                           checker::mismatch(expected, got, "at token " + std::to_string(index)));
        }
    }
}
