// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wb {

// The values one after another with `separator` between them ("a, b, c").
inline std::string joinText(const std::vector<std::string>& values, std::string_view separator = ", ") {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += separator;
        out += values[i];
    }
    return out;
}

} // namespace wb
