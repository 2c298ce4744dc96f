// SPDX-License-Identifier: Apache-2.0
// Loading throughput and memory per event on the generated capture.
// EQLWB_BENCH_EVENTS sets the capture size (default 200000; the README figures use 1000000).
#include "capturegenerator.h"
#include "load/captureloader.h"

#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace {
std::uint64_t benchEvents() {
    const char* env = std::getenv("EQLWB_BENCH_EVENTS");
    return env ? std::strtoull(env, nullptr, 10) : 200000;
}

const std::string& capturePath() {
    static const std::string path = [] {
        const std::string p = "/tmp/eqlwb-bench-" + std::to_string(benchEvents()) + ".ndjson";
        if (::access(p.c_str(), R_OK) != 0) {
            std::ofstream out(p + ".part", std::ios::binary);
            wb::bench::CaptureSpec spec;
            spec.events = benchEvents();
            wb::bench::generateCapture(spec, [&](const std::string& line) { out << line << '\n'; });
            out.close();
            std::rename((p + ".part").c_str(), p.c_str());
        }
        return p;
    }();
    return path;
}

std::size_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

void BM_LoadNdjson(benchmark::State& state) {
    const std::string& path = capturePath();
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const auto bytes = static_cast<std::int64_t>(in.tellg());
    double storeBytes = 0;
    double events = 0;
    double rssGrowth = 0;
    for (auto _ : state) {
        const std::size_t before = residentBytes();
        wb::EventStore store;
        wb::CaptureLoader loader(store, {});
        const auto report = loader.load({path});
        events = static_cast<double>(report.events);
        storeBytes = static_cast<double>(store.memoryUse().total);
        rssGrowth = static_cast<double>(residentBytes() - before);
        benchmark::DoNotOptimize(report.events);
    }
    state.SetBytesProcessed(bytes * state.iterations());
    state.counters["events"] = events;
    state.counters["store_bytes_per_event"] = storeBytes / events;
    state.counters["rss_bytes_per_event"] = rssGrowth / events;
    state.counters["input_bytes_per_event"] = static_cast<double>(bytes) / events;
}
BENCHMARK(BM_LoadNdjson)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);
} // namespace

BENCHMARK_MAIN();
