// SPDX-License-Identifier: Apache-2.0
// eqlwb: the command-line face of the core, for CI pipelines.
#include "cli/cli.h"

#include <iostream>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    return wb::cli::run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
