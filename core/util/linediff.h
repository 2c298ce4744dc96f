// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wb {

// One line of a line-by-line comparison of two texts.
struct DiffLine {
    enum class Kind { Same, Removed, Added } kind = Kind::Same;
    std::string text;
};

// The lines of `before` and `after` as a unified diff orders them (a longest common subsequence;
// removed lines before the added ones that replace them). Texts beyond a few thousand lines each
// are compared as one block removed and one added, not slowly.
std::vector<DiffLine> diffLines(std::string_view before, std::string_view after);

} // namespace wb
