// SPDX-License-Identifier: Apache-2.0
#include "jsontape.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace wb {

namespace {

// Index of the first byte in [p, end) that ends a plain run inside a string: a quote, a
// backslash, a control character or a non-ASCII byte. Eight bytes at a time.
inline const char* skipPlainStringBytes(const char* p, const char* end) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    while (end - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        const std::uint64_t quote = w ^ (ones * '"');
        const std::uint64_t slash = w ^ (ones * '\\');
        const std::uint64_t special = ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | (w - ones * 0x20) | w;
        const std::uint64_t hits = special & highs;
        if (hits) return p + (__builtin_ctzll(hits) >> 3);
        p += 8;
    }
    while (p < end) {
        const auto ch = static_cast<unsigned char>(*p);
        if (ch == '"' || ch == '\\' || ch < 0x20 || ch >= 0x80) return p;
        ++p;
    }
    return p;
}

struct Cursor {
    const char* begin;
    const char* pos;
    const char* end;
    std::size_t offset() const { return static_cast<std::size_t>(pos - begin); }
};

bool skipSpaceAndCommentsSlow(Cursor& c, std::string& message);

inline bool skipSpaceAndComments(Cursor& c, std::string& message) {
    // Compact JSON has no white space between tokens: make that case cost one comparison.
    if (c.pos<c.end&& static_cast<unsigned char>(*c.pos)> ' ' && *c.pos != '/') return true;
    return skipSpaceAndCommentsSlow(c, message);
}

bool skipSpaceAndCommentsSlow(Cursor& c, std::string& message) {
    for (;;) {
        while (c.pos < c.end && (*c.pos == ' ' || *c.pos == '\n' || *c.pos == '\r' || *c.pos == '\t'))
            ++c.pos;
        if (c.pos + 1 < c.end && c.pos[0] == '/') {
            if (c.pos[1] == '/') {
                const void* nl = std::memchr(c.pos, '\n', static_cast<std::size_t>(c.end - c.pos));
                c.pos = nl ? static_cast<const char*>(nl) : c.end;
                continue;
            }
            if (c.pos[1] == '*') {
                const char* p = c.pos + 2;
                while (p + 1 < c.end && !(p[0] == '*' && p[1] == '/'))
                    ++p;
                if (p + 1 >= c.end) {
                    message = "unterminated /* comment";
                    return false;
                }
                c.pos = p + 2;
                continue;
            }
        }
        return true;
    }
}

// Validates one UTF-8 sequence starting at p (a byte >= 0x80); returns its length or 0.
std::size_t utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
    const unsigned char b0 = p[0];
    std::size_t len;
    std::uint32_t cp;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
        len = 2;
        cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
        len = 3;
        cp = b0 & 0x0f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (static_cast<std::size_t>(end - p) < len) return 0;
    for (std::size_t i = 1; i < len; ++i) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
        out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
}

int hexValue(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

bool readHex4(const char* p, const char* end, std::uint32_t& value) {
    if (end - p < 4) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
        const int h = hexValue(p[i]);
        if (h < 0) return false;
        value = (value << 4) | static_cast<std::uint32_t>(h);
    }
    return true;
}

} // namespace

std::size_t JsonTape::member(std::size_t objectIndex, std::string_view key) const {
    const Node& object = m_nodes[objectIndex];
    if (object.type != Type::Object) return npos;
    std::size_t index = objectIndex + 1;
    for (std::uint32_t i = 0; i < object.count; ++i) {
        const std::size_t valueIndex = index + 1;
        if (string(m_nodes[index]) == key) return valueIndex;
        index = m_nodes[valueIndex].next;
    }
    return npos;
}

bool JsonTape::parse(std::string_view text, Error& error, std::size_t maxDepth) {
    m_text = text;
    m_nodes.clear();
    m_unescaped.clear();
    Cursor c{text.data(), text.data(), text.data() + text.size()};

    // Open containers, innermost last; objects alternate between expecting a key and a value.
    struct Frame {
        std::uint32_t node;
        bool expectKey;
    };
    std::vector<Frame> stack;

    auto fail = [&](std::string message) {
        error.offset = c.offset();
        error.message = std::move(message);
        return false;
    };

    auto parseString = [&]() -> bool {
        const char* start = ++c.pos; // after the opening quote
        const char* p = start;
        const auto* uend = reinterpret_cast<const unsigned char*>(c.end);
        bool escaped = false;
        std::size_t unescapedStart = 0;
        for (;;) {
            p = skipPlainStringBytes(p, c.end);
            if (p >= c.end) {
                c.pos = p;
                return fail("unterminated string");
            }
            const auto ch = static_cast<unsigned char>(*p);
            if (ch == '"') break;
            if (ch < 0x20) {
                c.pos = p;
                return fail(ch == '\n' ? "line break inside a string" : "control character inside a string");
            }
            if (ch >= 0x80) {
                const std::size_t len = utf8SequenceLength(reinterpret_cast<const unsigned char*>(p), uend);
                if (len == 0) {
                    c.pos = p;
                    return fail("invalid UTF-8 in a string");
                }
                if (escaped) m_unescaped.append(p, len);
                p += len;
                continue;
            }
            // Backslash escape: switch to building an unescaped copy.
            if (!escaped) {
                escaped = true;
                unescapedStart = m_unescaped.size();
                m_unescaped.append(start, static_cast<std::size_t>(p - start));
            }
            if (p + 1 >= c.end) {
                c.pos = p;
                return fail("unterminated string");
            }
            const char e = p[1];
            p += 2;
            switch (e) {
            case '"':
                m_unescaped.push_back('"');
                break;
            case '\\':
                m_unescaped.push_back('\\');
                break;
            case '/':
                m_unescaped.push_back('/');
                break;
            case 'b':
                m_unescaped.push_back('\b');
                break;
            case 'f':
                m_unescaped.push_back('\f');
                break;
            case 'n':
                m_unescaped.push_back('\n');
                break;
            case 'r':
                m_unescaped.push_back('\r');
                break;
            case 't':
                m_unescaped.push_back('\t');
                break;
            case 'u': {
                std::uint32_t cp;
                if (!readHex4(p, c.end, cp)) {
                    c.pos = p;
                    return fail("invalid \\u escape");
                }
                p += 4;
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    std::uint32_t low;
                    if (c.end - p >= 6 && p[0] == '\\' && p[1] == 'u' && readHex4(p + 2, c.end, low) && low >= 0xdc00
                        && low <= 0xdfff) {
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                        p += 6;
                    } else {
                        cp = 0xfffd; // lone surrogate: keep the record, as Jackson does
                    }
                } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                    cp = 0xfffd;
                }
                appendUtf8(m_unescaped, cp);
                break;
            }
            default:
                c.pos = p - 1;
                return fail(std::string("invalid escape \\") + e);
            }
            // Continue copying plain runs into the unescaped buffer.
            start = p;
            p = skipPlainStringBytes(p, c.end);
            m_unescaped.append(start, static_cast<std::size_t>(p - start));
        }
        Node node;
        node.type = Type::String;
        node.begin = static_cast<std::uint32_t>(c.pos - 1 - c.begin);
        node.end = static_cast<std::uint32_t>(p + 1 - c.begin);
        node.next = static_cast<std::uint32_t>(m_nodes.size() + 1);
        if (escaped) {
            node.escaped = true;
            node.string.offset = static_cast<std::uint32_t>(unescapedStart);
            node.string.length = static_cast<std::uint32_t>(m_unescaped.size() - unescapedStart);
        } else {
            node.string.offset = static_cast<std::uint32_t>(c.pos - c.begin);
            node.string.length = static_cast<std::uint32_t>(p - c.pos);
        }
        m_nodes.push_back(node);
        c.pos = p + 1;
        return true;
    };

    auto parseNumber = [&]() -> bool {
        const char* start = c.pos;
        const char* p = c.pos;
        if (p < c.end && *p == '-') ++p;
        const char* digits = p;
        while (p < c.end && *p >= '0' && *p <= '9')
            ++p;
        if (p == digits) return fail("invalid number");
        if (p - digits > 1 && *digits == '0') return fail("invalid number (leading zero)");
        bool isInteger = true;
        if (p < c.end && *p == '.') {
            isInteger = false;
            ++p;
            const char* frac = p;
            while (p < c.end && *p >= '0' && *p <= '9')
                ++p;
            if (p == frac) return fail("invalid number");
        }
        if (p < c.end && (*p == 'e' || *p == 'E')) {
            isInteger = false;
            ++p;
            if (p < c.end && (*p == '+' || *p == '-')) ++p;
            const char* exp = p;
            while (p < c.end && *p >= '0' && *p <= '9')
                ++p;
            if (p == exp) return fail("invalid number");
        }
        Node node;
        node.begin = static_cast<std::uint32_t>(start - c.begin);
        node.end = static_cast<std::uint32_t>(p - c.begin);
        node.next = static_cast<std::uint32_t>(m_nodes.size() + 1);
        if (isInteger) {
            std::int64_t value;
            const auto result = std::from_chars(start, p, value);
            if (result.ec == std::errc()) {
                node.type = Type::Int;
                node.integer = value;
            } else {
                isInteger = false; // out of int64 range: keep it as a double, as Elasticsearch does for unmapped
            }
        }
        if (!isInteger) {
            double value = 0;
            const auto result = std::from_chars(start, p, value);
            if (result.ec != std::errc() && result.ec != std::errc::result_out_of_range) return fail("invalid number");
            node.type = Type::Double;
            node.real = value;
        }
        m_nodes.push_back(node);
        c.pos = p;
        return true;
    };

    auto parseLiteral = [&](std::string_view word, Type type) -> bool {
        if (static_cast<std::size_t>(c.end - c.pos) < word.size() || std::memcmp(c.pos, word.data(), word.size()) != 0)
            return fail("invalid literal");
        Node node;
        node.type = type;
        node.begin = static_cast<std::uint32_t>(c.offset());
        node.end = static_cast<std::uint32_t>(c.offset() + word.size());
        node.next = static_cast<std::uint32_t>(m_nodes.size() + 1);
        m_nodes.push_back(node);
        c.pos += word.size();
        return true;
    };

    std::string message;
    for (;;) {
        if (!skipSpaceAndComments(c, message)) return fail(message);
        if (c.pos >= c.end)
            return fail(stack.empty() ? "empty record" : "unexpected end of record (missing '}' or ']')");

        Frame* top = stack.empty() ? nullptr : &stack.back();
        const char ch = *c.pos;

        // Close a container, or read the separator in front of the next member.
        if (top) {
            Node& container = m_nodes[top->node];
            const bool isObject = container.type == Type::Object;
            const char closer = isObject ? '}' : ']';
            const bool atValue = isObject && !top->expectKey;
            if (!atValue && ch == closer) {
                ++c.pos;
                container.end = static_cast<std::uint32_t>(c.offset());
                container.next = static_cast<std::uint32_t>(m_nodes.size());
                stack.pop_back();
                if (stack.empty()) break;
                continue;
            }
            if (!atValue && container.count > 0) {
                if (ch != ',') return fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'");
                ++c.pos;
                if (!skipSpaceAndComments(c, message)) return fail(message);
                if (c.pos >= c.end) return fail("unexpected end of record");
                if (*c.pos == closer) return fail("trailing comma");
            }
            if (isObject && top->expectKey) {
                if (*c.pos != '"') return fail("expected a quoted field name");
                if (!parseString()) return false;
                if (!skipSpaceAndComments(c, message)) return fail(message);
                if (c.pos >= c.end || *c.pos != ':') return fail("expected ':' after a field name");
                ++c.pos;
                top->expectKey = false;
                continue;
            }
            // A value follows: count it now so the separator logic above sees it.
            ++container.count;
            if (isObject) top->expectKey = true;
        }

        const char v = *c.pos;
        if (v == '{' || v == '[') {
            if (stack.size() >= maxDepth) return fail("nesting deeper than " + std::to_string(maxDepth) + " levels");
            Node node;
            node.type = v == '{' ? Type::Object : Type::Array;
            node.begin = static_cast<std::uint32_t>(c.offset());
            m_nodes.push_back(node);
            stack.push_back({static_cast<std::uint32_t>(m_nodes.size() - 1), v == '{'});
            ++c.pos;
            continue;
        }
        bool ok;
        switch (v) {
        case '"':
            ok = parseString();
            break;
        case 't':
            ok = parseLiteral("true", Type::True);
            break;
        case 'f':
            ok = parseLiteral("false", Type::False);
            break;
        case 'n':
            ok = parseLiteral("null", Type::Null);
            break;
        default:
            if (v == '-' || (v >= '0' && v <= '9'))
                ok = parseNumber();
            else if (static_cast<unsigned char>(v) >= 0x80
                && utf8SequenceLength(
                       reinterpret_cast<const unsigned char*>(c.pos), reinterpret_cast<const unsigned char*>(c.end))
                    == 0)
                return fail("invalid UTF-8");
            else
                return fail(std::string("unexpected character '") + v + "'");
        }
        if (!ok) return false;
        if (stack.empty()) break;
    }
    if (!skipSpaceAndComments(c, message)) return fail(message);
    if (c.pos != c.end) return fail("unexpected data after the end of the record");
    return true;
}

} // namespace wb
