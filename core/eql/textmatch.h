// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wb::eql {

// Unicode simple case folding (CaseFolding.txt statuses C and S), for every plane.
char32_t foldCase(char32_t c);
// Decodes UTF-8 into code points; invalid bytes become U+FFFD.
void decodeUtf8(std::string_view text, std::u32string& out);
void appendUtf8(char32_t codePoint, std::string& out);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toLowerUtf8(std::string_view text);

// `*` (any run) and `?` (one code point) over the whole string; every other character,
// backslash included, is literal, as in Elasticsearch's `:` and `like`. Matching is a greedy
// scan with one backtrack point: O(pattern × text), never exponential.
class WildcardPattern {
public:
    WildcardPattern(std::string_view pattern, bool caseInsensitive);
    bool matches(std::string_view text) const;
    bool hasWildcards() const { return m_hasWildcards; }

private:
    static constexpr char32_t Star = 0xFFFFFFFF;
    static constexpr char32_t Any = 0xFFFFFFFE;
    bool matchCodePoints(const std::u32string& text) const;
    std::u32string m_pattern;
    std::string m_literal; // the pattern's bytes when it has no wildcards
    bool m_caseInsensitive;
    bool m_hasWildcards = false;
    bool m_ascii = true;
};

} // namespace wb::eql
