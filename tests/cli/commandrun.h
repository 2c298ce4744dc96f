// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "testfiles.h"

#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace wb::test {

// What a program run by the tests did: its exit code (-1 when it did not exit), its output.
struct CommandResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// An argument as the shell sees one word, whatever it holds.
inline std::string shellQuote(const std::string& arg) {
    std::string q = "'";
    for (char c : arg)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs `command` (a shell command line) with no input, as a script would, and keeps its output.
inline CommandResult runCommand(const std::string& command) {
    TempDir dir;
    const int status = std::system(
        (command + " >" + shellQuote(dir.path() + "/out") + " 2>" + shellQuote(dir.path() + "/err") + " </dev/null")
            .c_str());
    CommandResult result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readFile(dir.path() + "/out");
    result.err = readFile(dir.path() + "/err");
    return result;
}

// `program` with its arguments quoted.
inline std::string commandLine(const std::string& program, const std::vector<std::string>& args) {
    std::string line = shellQuote(program);
    for (const auto& arg : args)
        line += " " + shellQuote(arg);
    return line;
}

} // namespace wb::test
