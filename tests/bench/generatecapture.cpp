// SPDX-License-Identifier: Apache-2.0
// generate-capture: writes the deterministic benchmark capture as NDJSON.
#include "capturegenerator.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    wb::bench::CaptureSpec spec;
    const char* out = nullptr;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "generate-capture: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--events")
            spec.events = std::strtoull(next(), nullptr, 10);
        else if (arg == "--seed")
            spec.seed = std::strtoull(next(), nullptr, 10);
        else if (arg == "--hosts")
            spec.hosts = static_cast<std::uint32_t>(std::strtoul(next(), nullptr, 10));
        else if (arg == "--out")
            out = next();
        else {
            std::fprintf(stderr,
                "usage: generate-capture --out FILE [--events N] [--seed S] [--hosts H]\n"
                "Writes a deterministic Elastic Defend-like macOS capture (NDJSON).\n");
            return arg == "--help" ? 0 : 2;
        }
    }
    if (!out || spec.hosts == 0) {
        std::fprintf(stderr, "generate-capture: --out is required (see --help)\n");
        return 2;
    }
    FILE* file = std::fopen(out, "wb");
    if (!file) {
        std::fprintf(stderr, "generate-capture: cannot write %s: %s\n", out, std::strerror(errno));
        return 3;
    }
    wb::bench::generateCapture(spec, [&](const std::string& line) {
        std::fwrite(line.data(), 1, line.size(), file);
        std::fputc('\n', file);
    });
    return std::fclose(file) == 0 ? 0 : 3;
}
