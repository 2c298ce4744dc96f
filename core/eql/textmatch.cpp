// SPDX-License-Identifier: Apache-2.0
#include "textmatch.h"

namespace wb::eql {

void decodeUtf8(std::string_view s, std::u32string& out) {
    out.clear();
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + std::size_t(len) > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            const unsigned char cc = static_cast<unsigned char>(s[i + std::size_t(k)]);
            if ((cc & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += std::size_t(len);
    }
}

void appendUtf8(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}
namespace {
bool isAscii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}
} // namespace

std::string toLowerUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    if (isAscii(text)) {
        for (char c : text)
            out += (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
        return out;
    }
    std::u32string cps;
    decodeUtf8(text, cps);
    for (char32_t c : cps)
        appendUtf8(foldCase(c), out);
    return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (isAscii(a) && isAscii(b)) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (foldCase(char32_t(a[i])) != foldCase(char32_t(b[i]))) return false;
        return true;
    }
    return toLowerUtf8(a) == toLowerUtf8(b);
}

WildcardPattern::WildcardPattern(std::string_view pattern, bool caseInsensitive)
    : m_caseInsensitive(caseInsensitive) {
    decodeUtf8(pattern, m_pattern);
    for (char32_t& c : m_pattern) {
        if (c == '*') {
            c = Star;
            m_hasWildcards = true;
        } else if (c == '?') {
            c = Any;
            m_hasWildcards = true;
        } else {
            if (c >= 0x80) m_ascii = false;
            if (m_caseInsensitive) c = foldCase(c);
        }
    }
    m_literal = std::string(pattern);
}

bool WildcardPattern::matches(std::string_view text) const {
    if (!m_hasWildcards) return m_caseInsensitive ? equalsIgnoreCase(text, m_literal) : text == m_literal;
    thread_local std::u32string buffer;
    if (m_ascii && isAscii(text)) {
        buffer.resize(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char32_t c = static_cast<unsigned char>(text[i]);
            buffer[i] = m_caseInsensitive ? foldCase(c) : c;
        }
        return matchCodePoints(buffer);
    }
    decodeUtf8(text, buffer);
    if (m_caseInsensitive)
        for (char32_t& c : buffer)
            c = foldCase(c);
    return matchCodePoints(buffer);
}

bool WildcardPattern::matchCodePoints(const std::u32string& t) const {
    const std::u32string& p = m_pattern;
    std::size_t pi = 0, ti = 0;
    std::size_t starP = std::u32string::npos, starT = 0;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] == Star) {
            starP = pi++;
            starT = ti;
        } else if (pi < p.size() && (p[pi] == Any || p[pi] == t[ti])) {
            ++pi;
            ++ti;
        } else if (starP != std::u32string::npos) {
            pi = starP + 1;
            ti = ++starT;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == Star)
        ++pi;
    return pi == p.size();
}

} // namespace wb::eql
