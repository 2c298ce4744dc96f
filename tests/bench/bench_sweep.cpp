// SPDX-License-Identifier: Apache-2.0
// A rule sweep as "which of my rules fire on this?" runs it: the real macOS rules (repeated to
// EQLWB_BENCH_RULES, default 1000) over the generated capture (EQLWB_BENCH_EVENTS events,
// default 200000), one store, every core. Also: reading and parsing the 97 rule files.
#include "benchcapture.h"
#include "load/captureloader.h"
#include "rules/rulereader.h"
#include "rules/rulesweep.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>

namespace {
const std::string MacRules = EQLWB_RULES_DIR "/detection-rules-macos";

std::size_t benchRules() {
    const char* v = std::getenv("EQLWB_BENCH_RULES");
    return v ? std::max<std::size_t>(1, std::strtoull(v, nullptr, 10)) : 1000;
}

void BM_ReadTheMacOsRules(benchmark::State& state) {
    std::size_t rules = 0;
    for (auto _ : state) {
        const auto library = wb::rules::readRuleLibrary({MacRules});
        rules = 0;
        for (const auto& f : library)
            rules += f.rules.size();
        benchmark::DoNotOptimize(rules);
    }
    state.counters["rules"] = double(rules);
}

void BM_SweepRulesOverTheCapture(benchmark::State& state) {
    static wb::EventStore store;
    static bool loaded = false;
    if (!loaded) {
        wb::CaptureLoader(store, {}).load({wb::bench::benchCapturePath()});
        loaded = true;
    }
    const auto library = wb::rules::readRuleLibrary({MacRules});
    std::vector<wb::rules::SweepTask> eql;
    for (const auto& f : library)
        for (const auto& r : f.rules)
            if (r.supported) eql.push_back({&r, &f.exceptions});
    if (eql.empty()) {
        state.SkipWithError("the real rules are not beside the repository");
        return;
    }
    std::vector<wb::rules::SweepTask> tasks;
    while (tasks.size() < benchRules())
        tasks.push_back(eql[tasks.size() % eql.size()]);
    const wb::eql::Schema schema(store);
    const unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    std::vector<wb::rules::SweepResult> results;
    for (auto _ : state)
        results = wb::rules::sweep(tasks, schema, {}, 0, jobs);
    // The slowest rules, for the README: mean time per rule over its repetitions.
    std::map<std::string, std::pair<double, int>> perRule;
    double total = 0;
    std::size_t fired = 0;
    for (const auto& r : results) {
        auto& [ms, n] = perRule[r.rule->name];
        ms += r.tookMs;
        ++n;
        total += r.tookMs;
        fired += r.alerts > 0;
    }
    std::vector<std::pair<double, std::string>> slowest;
    for (const auto& [name, t] : perRule)
        slowest.emplace_back(t.first / t.second, name);
    std::sort(slowest.rbegin(), slowest.rend());
    std::fprintf(stderr, "sweep: %zu rules over %zu events, %u threads; per rule %.1f ms on average; slowest:\n",
        tasks.size(), store.size(), jobs, total / double(results.size()));
    for (std::size_t i = 0; i < std::min<std::size_t>(5, slowest.size()); ++i)
        std::fprintf(stderr, "  %8.1f ms  %s\n", slowest[i].first, slowest[i].second.c_str());
    state.counters["rules"] = double(tasks.size());
    state.counters["events"] = double(store.size());
    state.counters["fired"] = double(fired);
    state.counters["ms_per_rule"] = total / double(results.size());
}
} // namespace

BENCHMARK(BM_ReadTheMacOsRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SweepRulesOverTheCapture)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK_MAIN();
