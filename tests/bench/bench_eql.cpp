// SPDX-License-Identifier: Apache-2.0
// Rule evaluation on a capture already in memory: what a maxspan or list change in the workbench
// costs. The target is the seed rule (v100) over 1M events in at most 100 ms on one core.
// EQLWB_BENCH_EVENTS sets the capture size (default 200000; the README figures use 1000000).
#include "benchcapture.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "load/captureloader.h"
#include "rules/rulelibrary.h"

#include <benchmark/benchmark.h>
#include <memory>

namespace {
const std::string V100 = wb::rules::seedRule().find("v100")->query;
// Version 108 on the 8.17.4 rule page: per-stage `by` on the process entity ids.
const std::string V108 = wb::rules::seedRule().find("v106")->query;

wb::bench::LoadedCapture& loaded() {
    return wb::bench::loadedCapture(wb::bench::benchCapturePath());
}

void runRule(benchmark::State& state, const std::string& text) {
    wb::bench::LoadedCapture& l = loaded();
    const wb::eql::Query query = wb::eql::parseQuery(text);
    std::size_t alerts = 0;
    for (auto _ : state) {
        alerts = l.engine->run(query, {}).matches.size();
        benchmark::DoNotOptimize(alerts);
    }
    state.counters["events"] = double(l.store.size());
    state.counters["alerts"] = double(alerts);
    state.counters["ns_per_event"] = benchmark::Counter(
        double(l.store.size()), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_SeedRuleV100(benchmark::State& state) {
    runRule(state, V100);
}
void BM_RuleV108(benchmark::State& state) {
    runRule(state, V108);
}
void BM_EventQuery(benchmark::State& state) {
    runRule(state, R"(network where process.name : ("curl", "wget") and destination.port == 443)");
}

void BM_FirstRunWithOrdering(benchmark::State& state) {
    wb::bench::LoadedCapture& l = loaded();
    const wb::eql::Query query = wb::eql::parseQuery(V100);
    for (auto _ : state) {
        wb::eql::Engine fresh(*l.schema); // sorts the events again
        benchmark::DoNotOptimize(fresh.run(query, {}).matches.size());
    }
}

BENCHMARK(BM_SeedRuleV100)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_RuleV108)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_EventQuery)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_FirstRunWithOrdering)->Unit(benchmark::kMillisecond)->Iterations(3);
} // namespace

BENCHMARK_MAIN();
