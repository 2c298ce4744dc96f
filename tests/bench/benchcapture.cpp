// SPDX-License-Identifier: Apache-2.0
#include "benchcapture.h"

#include "capturegenerator.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace wb::bench {

std::uint64_t benchEvents() {
    const char* env = std::getenv("EQLWB_BENCH_EVENTS");
    return env ? std::strtoull(env, nullptr, 10) : 200000;
}

const std::string& benchCapturePath() {
    static const std::string path = [] {
        const std::string p = "/tmp/eqlwb-bench-" + std::to_string(benchEvents()) + ".ndjson";
        if (::access(p.c_str(), R_OK) != 0) {
            std::ofstream out(p + ".part", std::ios::binary);
            CaptureSpec spec;
            spec.events = benchEvents();
            generateCapture(spec, [&](const std::string& line) { out << line << '\n'; });
            out.close();
            std::rename((p + ".part").c_str(), p.c_str());
        }
        return p;
    }();
    return path;
}

} // namespace wb::bench
