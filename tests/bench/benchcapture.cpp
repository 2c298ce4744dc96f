// SPDX-License-Identifier: Apache-2.0
#include "benchcapture.h"

#include "capturegenerator.h"
#include "load/captureloader.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace wb::bench {

std::uint64_t benchEvents() {
    const char* env = std::getenv("EQLWB_BENCH_EVENTS");
    return env ? std::strtoull(env, nullptr, 10) : 200000;
}

std::string benchCapturePath(const CaptureSpec& spec, const std::string& tag) {
    const std::string p
        = "/tmp/eqlwb-bench-" + (tag.empty() ? "" : tag + "-") + std::to_string(spec.events) + ".ndjson";
    if (::access(p.c_str(), R_OK) != 0) {
        std::ofstream out(p + ".part", std::ios::binary);
        generateCapture(spec, [&](const std::string& line) { out << line << '\n'; });
        out.close();
        std::rename((p + ".part").c_str(), p.c_str());
    }
    return p;
}

const std::string& benchCapturePath() {
    static const std::string path = [] {
        CaptureSpec spec;
        spec.events = benchEvents();
        return benchCapturePath(spec, "");
    }();
    return path;
}

LoadedCapture& loadedCapture(const std::string& path) {
    static LoadedCapture* l = [&] {
        auto* l = new LoadedCapture;
        CaptureLoader(l->store, {}).load({path});
        l->schema = std::make_unique<eql::Schema>(l->store);
        l->engine = std::make_unique<eql::Engine>(*l->schema);
        l->engine->order(""); // computed once per capture, as in the workbench
        return l;
    }();
    return *l;
}

} // namespace wb::bench
