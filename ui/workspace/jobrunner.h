// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

// The workspace's background work. Every job has a kind ("load", "views", "rule"): starting a
// job cancels the running one of its kind (the old job sees its flag and stops early) and only
// the newest job's result is delivered, on the GUI thread. Results are values, never shared
// mutable state. Serial kinds run one at a time on a thread of their own (the rule engine keeps
// caches between runs and is used by one run at a time).
class JobRunner : public QObject {
    Q_OBJECT
public:
    using Progress = std::function<void(int permille)>;
    template <class T>
    using Work = std::function<std::optional<T>(const std::atomic<bool>& cancel, const Progress& progress)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override; // cancels everything and waits for it

    void setSerial(const QString& kind);
    // `kind` runs on `serialKind`'s thread, after the jobs queued there (they share what that
    // thread owns, e.g. the rule engine), and still cancels and delivers as a kind of its own.
    void shareThread(const QString& kind, const QString& serialKind);
    // Runs `work` off the GUI thread; `done` gets its result on the GUI thread unless a newer job
    // of the same kind was started or the job was cancelled (then nothing is delivered).
    template <class T> void start(const QString& kind, Work<T> work, std::function<void(T)> done);
    // Stops the job of this kind; its result is dropped and cancelled(kind) is emitted.
    void cancel(const QString& kind);
    bool isRunning(const QString& kind) const;
    bool isBusy() const { return m_running > 0; }
    // Blocks until no job runs, delivering their results (the command line's --screenshot, tests).
    void waitForIdle();

signals:
    void progress(const QString& kind, int permille);
    void cancelled(const QString& kind);
    void busyChanged(bool busy);

private:
    struct Slot {
        quint64 generation = 0;
        std::shared_ptr<std::atomic<bool>> cancel;
        int running = 0;
        QThreadPool* pool = nullptr; // serial kinds
        bool ownsPool = false;
    };
    QThreadPool* poolFor(const QString& kind);
    void jobStarted(const QString& kind);
    void jobEnded(const QString& kind);

    QHash<QString, Slot> m_slots;
    QThreadPool m_pool;
    int m_running = 0;
};

template <class T> void JobRunner::start(const QString& kind, Work<T> work, std::function<void(T)> done) {
    Slot& slot = m_slots[kind];
    if (slot.cancel) slot.cancel->store(true);
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    slot.cancel = cancelFlag;
    const quint64 generation = ++slot.generation;
    jobStarted(kind);
    auto* watcher = new QFutureWatcher<std::optional<T>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, kind, generation, cancelFlag, done] {
        watcher->deleteLater();
        const bool current = m_slots.value(kind).generation == generation && !cancelFlag->load();
        std::optional<T> result = current && watcher->future().resultCount() ? watcher->result() : std::nullopt;
        jobEnded(kind);
        if (result) done(std::move(*result));
    });
    QPointer<JobRunner> self(this);
    Progress report = [self, kind, generation](int permille) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, kind, generation, permille] {
                if (self && self->m_slots.value(kind).generation == generation) emit self->progress(kind, permille);
            },
            Qt::QueuedConnection);
    };
    watcher->setFuture(QtConcurrent::run(
        poolFor(kind), [work = std::move(work), cancelFlag, report] { return work(*cancelFlag, report); }));
}
