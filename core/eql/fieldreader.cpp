// SPDX-License-Identifier: Apache-2.0
#include "fieldreader.h"

#include <cstdlib>

namespace wb::eql {

std::optional<double> parseNumberText(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    const std::string copy(s);
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || std::isnan(v)) return std::nullopt;
    return v;
}

} // namespace wb::eql
