// SPDX-License-Identifier: Apache-2.0
// Loading throughput and memory per event on the generated capture.
// EQLWB_BENCH_EVENTS sets the capture size (default 200000; the README figures use 1000000).
#include "benchcapture.h"
#include "load/captureloader.h"

#include <benchmark/benchmark.h>
#include <fstream>
#include <unistd.h>

namespace {
std::size_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

void BM_LoadNdjson(benchmark::State& state) {
    const std::string& path = wb::bench::benchCapturePath();
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
