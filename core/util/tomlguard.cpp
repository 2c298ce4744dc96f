// SPDX-License-Identifier: Apache-2.0
#include "util/tomlguard.h"

namespace wb {

namespace {
// The well-formed UTF-8 sequence at `i` (no overlong forms, surrogates or values past U+10FFFF):
// its length, with the code point in `cp`; 0 when the bytes there are not one.
int decodeAt(std::string_view text, std::size_t i, char32_t& cp) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int length = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + std::size_t(length) > text.size()) return 0;
    cp = length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < length; ++k) {
        const auto cc = static_cast<unsigned char>(text[i + std::size_t(k)]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return length;
}
} // namespace

std::optional<TomlInputProblem> checkTomlInput(std::string_view text) {
    // Where we are, so that text inside strings and comments (an investigation guide line that
    // starts with a quotation mark) is not taken for a key.
    enum class In { Code, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Code;
    auto at = [&](std::size_t i, const char* s) { return text.substr(i, 3) == s; };
    int line = 1;
    bool lineStart = true;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            lineStart = true;
            if (in == In::Comment || in == In::Basic || in == In::Literal) in = In::Code;
            ++i;
            continue;
        }
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F)
                return TomlInputProblem{line, "control character " + std::to_string(int(c)) + " (not allowed in TOML)"};
            std::size_t step = 1;
            switch (in) {
            case In::Code:
                if (c == '#')
                    in = In::Comment;
                else if (at(i, "\"\"\""))
                    in = In::MultiBasic, step = 3;
                else if (at(i, "'''"))
                    in = In::MultiLiteral, step = 3;
                else if (c == '"')
                    in = In::Basic;
                else if (c == '\'')
                    in = In::Literal;
                break;
            case In::Basic:
            case In::MultiBasic:
                if (c == '\\')
                    step = 2; // an escape: the next character is not a delimiter
                else if (in == In::Basic && c == '"')
                    in = In::Code;
                else if (in == In::MultiBasic && at(i, "\"\"\""))
                    in = In::Code, step = 3;
                break;
            case In::Literal:
                if (c == '\'') in = In::Code;
                break;
            case In::MultiLiteral:
                if (at(i, "'''")) in = In::Code, step = 3;
                break;
            case In::Comment:
                break;
            }
            if (c != ' ' && c != '\t' && c != '\r') lineStart = false;
            i += step;
            continue;
        }
        char32_t cp = 0;
        const int length = decodeAt(text, i, cp);
        if (length == 0) return TomlInputProblem{line, "invalid UTF-8"};
        if (in == In::Code && lineStart && !(i == 0 && cp == 0xFEFF)) // a key starts here: bare keys are ASCII
            return TomlInputProblem{line, "a key must start with a letter, digit, '_', '-' or a quote"};
        lineStart = false;
        i += std::size_t(length);
    }
    return std::nullopt;
}

std::optional<int> invalidUtf8Line(std::string_view text) {
    int line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            line += c == '\n';
            ++i;
            continue;
        }
        char32_t cp = 0;
        const int length = decodeAt(text, i, cp);
        if (length == 0) return line;
        i += std::size_t(length);
    }
    return std::nullopt;
}

} // namespace wb
