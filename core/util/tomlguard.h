// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wb {

// toml++ 3.3.0 (Debian 12) has inputs that reach debug assertions or an "unreachable" branch
// (upstream issues 190 and 295, fixed after 3.3.0): malformed UTF-8, control characters, and a
// non-ASCII character where a key must start. All of these are invalid TOML anyway, so text is
// checked here first and never handed to the library in that state.
struct TomlInputProblem {
    int line = 1;
    std::string message;
};
std::optional<TomlInputProblem> checkTomlInput(std::string_view text);

// The line (from 1) of the first byte that is not well-formed UTF-8 (overlong forms and
// surrogates included), or nullopt: for readers of text files of any format.
std::optional<int> invalidUtf8Line(std::string_view text);

} // namespace wb
