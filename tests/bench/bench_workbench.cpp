// SPDX-License-Identifier: Apache-2.0
// The workbench window on a large capture: how long a tuning change takes to show updated alerts
// and lanes, how long a lane repaint takes. Runs offscreen. EQLWB_BENCH_EVENTS sets the capture
// size (default 200000; the README figures use 1000000).
#include "benchcapture.h"
#include "rule/rulepanel.h"
#include "timeline/timelinepane.h"
#include "timeline/timelinewidget.h"
#include "window/mainwindow.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSpinBox>
#include <benchmark/benchmark.h>
#include <memory>

namespace {
MainWindow& window() {
    static MainWindow* w = [] {
        auto* w = new MainWindow;
        w->workspace()->setAutosaveEnabled(false);
        w->resize(1600, 1000);
        w->show();
        w->openCaptures({QString::fromStdString(wb::bench::benchCapturePath())});
        w->waitUntilIdle();
        return w;
    }();
    return *w;
}

// A maxspan edit until the alerts model, the lanes and the histogram show the new run.
void BM_MaxspanChangeToUpdatedAlerts(benchmark::State& state) {
    MainWindow& w = window();
    int span = 30;
    for (auto _ : state) {
        span = span == 30 ? 29 : 30;
        w.rulePanel()->maxspanValue()->setValue(span);
        w.waitUntilIdle();
        benchmark::DoNotOptimize(w.workspace()->alertCount());
    }
    state.counters["alerts"] = w.workspace()->alertCount();
}

void BM_LaneRepaint(benchmark::State& state) {
    MainWindow& w = window();
    TimelineWidget* t = w.timelinePane()->lanes();
    for (auto _ : state)
        t->repaint();
    state.counters["lanes"] = t->laneCount();
}

void BM_LaneRepaintZoomedToAnAlert(benchmark::State& state) {
    MainWindow& w = window();
    TimelineWidget* t = w.timelinePane()->lanes();
    w.workspace()->zoomToAlert(0);
    for (auto _ : state)
        t->repaint();
    t->resetView();
}
} // namespace

BENCHMARK(BM_MaxspanChangeToUpdatedAlerts)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_LaneRepaint)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_LaneRepaintZoomedToAnAlert)->Unit(benchmark::kMillisecond)->Iterations(20);

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
