// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb::eql {

// Elasticsearch `regex` patterns: Lucene regular expression syntax, always matched against the
// whole string. Supported: literals, `.`, `[...]`/`[^...]` with ranges, `( )`, `|`, `*`, `+`,
// `?`, `{n}`, `{n,}`, `{n,m}`, `\` escapes, `"quoted"` literals, `@` (any string) and `#`
// (nothing). Lucene has no `\s`/`\w` classes: there `\s` is just `s`, and so it is here.
// Matching simulates the automaton (Thompson/Pike), so time is O(pattern × text) for any
// pattern: there is no backtracking and no pattern that makes it exponential.
class LuceneRegex {
public:
    // Returns nullopt and sets error for an unsupported or malformed pattern.
    static std::optional<LuceneRegex> compile(std::string_view pattern, bool caseInsensitive, std::string* error);
    bool matches(std::string_view text) const;

    struct Range {
        char32_t lo, hi;
    };
    struct Inst {
        enum class Op { Set, Split, Jump, Match } op;
        int x = 0, y = 0; // jump targets
        std::vector<Range> ranges; // Set
        bool negated = false;
    };

private:
    std::vector<Inst> m_program;
    bool m_caseInsensitive = false;
};

} // namespace wb::eql
