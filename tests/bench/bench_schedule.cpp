// SPDX-License-Identifier: Apache-2.0
// The schedule simulation: one day of runs (288 at 5m, lookback now-9m, max_signals 100) of the
// seed rule over a generated capture spanning that day. Target: under 2 s for 1M events.
// EQLWB_BENCH_EVENTS sets the capture size (default 200000; the README figure uses 1000000).
#include "benchcapture.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "load/captureloader.h"
#include "rules/detectionrule.h"
#include "rules/rulelibrary.h"
#include "schedule/simulation.h"

#include <benchmark/benchmark.h>
#include <memory>

namespace {
wb::bench::LoadedCapture& loaded() {
    wb::bench::CaptureSpec spec;
    spec.events = wb::bench::benchEvents();
    spec.durationMs = 24LL * 3600 * 1000;
    return wb::bench::loadedCapture(wb::bench::benchCapturePath(spec, "day"));
}

void BM_SimulateOneDay(benchmark::State& state) {
    wb::bench::LoadedCapture& l = loaded();
    const wb::rules::Rule& seed = wb::rules::seedRule();
    const wb::rules::DetectionRule rule = wb::rules::toDetectionRule(seed, *seed.find("v100"));
    const wb::eql::Query query = wb::eql::parseQuery(rule.query);
    const std::vector<std::uint8_t> base(l.store.size(), 0);
    wb::schedule::SimulationOptions options; // 5m, now-9m, 100
    wb::schedule::SimulationResult result;
    for (auto _ : state) {
        result = wb::schedule::simulate(query, rule, l.store, *l.engine, base, options);
        benchmark::DoNotOptimize(result.alerts.size());
    }
    state.counters["events"] = double(l.store.size());
    state.counters["runs"] = double(result.runs.size());
    state.counters["alerts"] = double(result.shellAndEventAlerts());
    state.counters["missed"] = double(result.missed.size());
}

BENCHMARK(BM_SimulateOneDay)->Unit(benchmark::kMillisecond)->MinTime(2);
} // namespace

BENCHMARK_MAIN();
