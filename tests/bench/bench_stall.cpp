// SPDX-License-Identifier: Apache-2.0
// How long the workbench's event loop stops during a scripted session on a large capture: a 1 ms
// timer runs throughout and the longest gap between its ticks (minus the millisecond) is the
// longest time the window could not repaint or take input. The session opens the capture,
// changes maxspan, switches a list value off, adds an exception and filters the table. Target
// (issue 15): at most 50 ms on 1M events. EQLWB_BENCH_EVENTS sets the size (default 200000).
#include "benchcapture.h"
#include "events/eventspanel.h"
#include "exceptions/exceptionmodel.h"
#include "rule/rulepanel.h"
#include "rule/valuelisteditor.h"
#include "window/mainwindow.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSpinBox>
#include <QTimer>
#include <benchmark/benchmark.h>

namespace {
// The longest gap between the ticks of a 1 ms timer, since the last reset.
class StallMeter {
public:
    StallMeter() {
        m_timer.setInterval(1);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_longest = std::max(m_longest, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void reset() {
        m_last = m_clock.nsecsElapsed();
        m_longest = 0;
    }
    double longestMs() const { return std::max(0.0, double(m_longest) / 1e6 - 1.0); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0, m_longest = 0;
};

// Times every event the application delivers (outermost only): when the loop stalls, the slowest
// event says who held it (receiver class, event type; a queued call is a MetaCall).
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject* receiver, QEvent* event) override {
        if (m_depth++ > 0) {
            const bool handled = QApplication::notify(receiver, event);
            --m_depth;
            return handled;
        }
        QElapsedTimer clock;
        clock.start();
        const int type = event->type();
        const QString what = QString::fromLatin1(receiver->metaObject()->className());
        const bool handled = QApplication::notify(receiver, event);
        const qint64 ns = clock.nsecsElapsed();
        if (ns > m_slowestNs) {
            m_slowestNs = ns;
            m_slowest = what + QStringLiteral(" event ") + QString::number(type);
        }
        --m_depth;
        return handled;
    }
    void resetSlowest() {
        m_slowestNs = 0;
        m_slowest.clear();
    }
    QString slowest() const { return m_slowest + QStringLiteral(" (%1 ms)").arg(double(m_slowestNs) / 1e6, 0, 'f', 1); }

private:
    int m_depth = 0;
    qint64 m_slowestNs = 0;
    QString m_slowest;
};

void BM_LongestStallDuringASession(benchmark::State& state) {
    const QString capture = QString::fromStdString(wb::bench::benchCapturePath());
    for (auto _ : state) {
        StallMeter meter;
        MainWindow w;
        Workspace* ws = w.workspace();
        ws->setAutosaveEnabled(false);
        ws->setCaptureCacheEnabled(false); // the parse, not the cache, is what stalls if anything does
        w.resize(1600, 1000);
        w.show();
        double longest = 0;
        auto step = [&](const char* name, const std::function<void()>& action) {
            meter.reset();
            static_cast<TimedApplication*>(qApp)->resetSlowest();
            action();
            w.waitUntilIdle(); // runs the event loop: the timer keeps ticking
            state.counters[name] = meter.longestMs();
            longest = std::max(longest, meter.longestMs());
            std::fprintf(stderr, "%s: longest stall %.1f ms; slowest event: %s\n", name, meter.longestMs(),
                qPrintable(static_cast<TimedApplication*>(qApp)->slowest()));
        };
        step("open_ms", [&] { w.openCaptures({capture}); });
        step("maxspan_ms", [&] { w.rulePanel()->maxspanValue()->setValue(29); });
        step(
            "value_ms", [&] { w.rulePanel()->listEditors().back()->setEntryEnabled(QStringLiteral("python"), false); });
        step("exception_ms", [&] {
            wb::exceptions::ExceptionItem item;
            item.itemId = "bench";
            item.name = "bench";
            wb::exceptions::ExceptionEntry entry;
            entry.field = "host.name";
            entry.value = "mbp-alice";
            item.entries.push_back(entry);
            ws->addExceptionItem(QStringLiteral("bench-list"), item);
        });
        step("filter_ms", [&] { ws->setEventFilter(QStringLiteral("process.name : \"curl\"")); });
        state.counters["longest_stall_ms"] = longest;
        state.counters["events"] = double(ws->store() ? ws->store()->size() : 0);
    }
}
} // namespace

BENCHMARK(BM_LongestStallDuringASession)->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    TimedApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
