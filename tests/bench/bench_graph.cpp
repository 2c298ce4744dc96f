// SPDX-License-Identifier: Apache-2.0
// The attack graph of one alert of the seed rule in the generated capture (target: under 100 ms
// on 1M events), the process tree built once as the workbench does.
// EQLWB_BENCH_EVENTS sets the capture size (default 200000; the README figure uses 1000000).
#include "benchcapture.h"
#include "eql/parser.h"
#include "graph/attackgraph.h"
#include "process/processtree.h"
#include "rules/rulelibrary.h"

#include <benchmark/benchmark.h>

namespace {
void BM_AttackGraphOfAnAlert(benchmark::State& state) {
    auto& l = wb::bench::loadedCapture(wb::bench::benchCapturePath());
    static const wb::process::ProcessTree tree = wb::process::ProcessTree::build(l.store);
    const wb::eql::QueryResult r = l.engine->run(wb::eql::parseQuery(wb::rules::seedRule().find("v100")->query), {});
    const std::vector<wb::EventIndex> alert = r.eventsOf(r.total() / 2);
    std::size_t boxes = 0;
    for (auto _ : state)
        boxes = wb::graph::buildAttackGraph(l.store, tree, alert, alert).nodes.size();
    state.counters["boxes"] = double(boxes);
}
BENCHMARK(BM_AttackGraphOfAnAlert)->Unit(benchmark::kMillisecond);
} // namespace

BENCHMARK_MAIN();
