// SPDX-License-Identifier: Apache-2.0
#include "linediff.h"

#include <cstdint>

namespace wb {

namespace {
std::vector<std::string> splitLines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.emplace_back(line);
        start = end + 1;
    }
    return lines;
}
constexpr std::size_t MaxTableCells = 16'000'000; // 64 MB of lengths at most
} // namespace

std::vector<DiffLine> diffLines(std::string_view before, std::string_view after) {
    const std::vector<std::string> a = splitLines(before), b = splitLines(after);
    std::vector<DiffLine> out;
    const std::size_t n = a.size(), m = b.size();
    if ((n + 1) * (m + 1) > MaxTableCells) {
        for (const auto& line : a)
            out.push_back({DiffLine::Kind::Removed, line});
        for (const auto& line : b)
            out.push_back({DiffLine::Kind::Added, line});
        return out;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out.push_back({DiffLine::Kind::Same, a[i]});
            ++i, ++j;
        } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
            out.push_back({DiffLine::Kind::Removed, a[i++]});
        } else {
            out.push_back({DiffLine::Kind::Added, b[j++]});
        }
    }
    return out;
}

} // namespace wb
