// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace wb::cli {

// Exit codes shared by every command, part of the CLI contract used by CI pipelines.
enum ExitCode : int { Success = 0, UsageError = 2, InputError = 3 };

// Runs `eqlwb` with its arguments (without the program name).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

int inspect(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runQuery(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace wb::cli
