// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "inspect/capturesummary.h"
#include "load/loadreport.h"
#include "store/eventstore.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <atomic>
#include <memory>

// What a finished load hands to the GUI thread: plain values and a store nobody else touches.
struct LoadedCapture {
    std::shared_ptr<const wb::EventStore> store;
    wb::LoadReport report;
    wb::CaptureSummary summary;
};
Q_DECLARE_METATYPE(LoadedCapture)

// Loads captures off the GUI thread with progress and cancel. Starting a new load cancels the
// one in flight; a stale result never reaches the window.
class CaptureLoadJob : public QObject {
    Q_OBJECT
public:
    explicit CaptureLoadJob(QObject* parent = nullptr);
    ~CaptureLoadJob() override;

    void start(const QStringList& paths);
    void cancel();
    bool isRunning() const;
    // Blocks until the current load finished (for the command line's --screenshot and tests).
    void waitForFinished();

signals:
    void progressChanged(int permille);
    void finished(const LoadedCapture& capture);
    void cancelled();

private:
    QFutureWatcher<LoadedCapture> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};
