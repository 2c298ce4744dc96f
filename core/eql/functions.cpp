// SPDX-License-Identifier: Apache-2.0
#include "functions.h"

namespace wb::eql {

namespace {
constexpr FunctionInfo Functions[] = {
    {"add", 2, 2, false},
    {"between", 3, 4, true},
    {"cidrMatch", 2, -1, false},
    {"concat", 1, -1, false},
    {"divide", 2, 2, false},
    {"endsWith", 2, 2, true},
    {"indexOf", 2, 3, true},
    {"length", 1, 1, false},
    {"modulo", 2, 2, false},
    {"multiply", 2, 2, false},
    {"number", 1, 2, false},
    {"startsWith", 2, 2, true},
    {"string", 1, 1, false},
    {"stringContains", 2, 2, true},
    {"substring", 2, 3, false},
    {"subtract", 2, 2, false},
};

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}
} // namespace

const FunctionInfo* findFunction(std::string_view name) {
    for (const FunctionInfo& f : Functions)
        if (equalsIgnoreCase(f.name, name)) return &f;
    return nullptr;
}

} // namespace wb::eql
