// SPDX-License-Identifier: Apache-2.0
// Explanations on the generated capture: one alert of the seed rule (target under 10 ms) and
// the near misses of one join key or of a 10-minute range (targets under 500 ms for 1M events).
// EQLWB_BENCH_EVENTS sets the capture size (default 200000; the README figures use 1000000).
#include "benchcapture.h"
#include "eql/parser.h"
#include "explain/explainer.h"
#include "rules/rulelibrary.h"

#include <benchmark/benchmark.h>

namespace {
const wb::eql::Query& seedQuery() {
    static const wb::eql::Query q = wb::eql::parseQuery(wb::rules::seedRule().find("v100")->query);
    return q;
}

wb::explain::Explainer& explainer() {
    static wb::explain::Explainer* x = [] {
        auto& l = wb::bench::loadedCapture(wb::bench::benchCapturePath());
        return new wb::explain::Explainer(*l.schema, *l.engine, seedQuery(), {});
    }();
    return *x;
}

void BM_ExplainOneAlert(benchmark::State& state) {
    auto& x = explainer();
    for (auto _ : state)
        benchmark::DoNotOptimize(x.explainAlert(x.result().total() / 2).stages.size());
    state.counters["alerts"] = double(x.result().total());
}

void BM_NearMissesOfOneKey(benchmark::State& state) {
    auto& x = explainer();
    auto& l = wb::bench::loadedCapture(wb::bench::benchCapturePath());
    // A key that has shells but no alert: the host and user of the last shell event.
    const wb::EventStore& s = l.store;
    std::vector<std::string> key;
    for (wb::EventIndex e = s.size(); e-- > 0 && key.empty();)
        if (s.firstText(e, s.fields().find("process.name")) == "bash")
            key = {s.firstText(e, s.fields().find("host.id")), s.firstText(e, s.fields().find("user.id"))};
    std::size_t found = 0;
    for (auto _ : state)
        found = x.nearMisses({key, std::nullopt, std::nullopt}).size();
    state.counters["near_misses"] = double(found);
}

void BM_NearMissesOfTenMinutes(benchmark::State& state) {
    auto& x = explainer();
    auto& l = wb::bench::loadedCapture(wb::bench::benchCapturePath());
    const auto& order = l.engine->order("");
    const std::int64_t middle = l.store.timestampNs(order[order.size() / 2]);
    std::size_t found = 0;
    for (auto _ : state)
        found = x.nearMisses({std::nullopt, std::pair(middle, middle + 600'000'000'000LL), std::nullopt}).size();
    state.counters["near_misses"] = double(found);
}

BENCHMARK(BM_ExplainOneAlert)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NearMissesOfOneKey)->Unit(benchmark::kMillisecond)->MinTime(1);
BENCHMARK(BM_NearMissesOfTenMinutes)->Unit(benchmark::kMillisecond)->MinTime(1);
} // namespace

BENCHMARK_MAIN();
