// SPDX-License-Identifier: Apache-2.0
#include "workspace/jobrunner.h"

#include <QThread>

JobRunner::JobRunner(QObject* parent)
    : QObject(parent) { }

JobRunner::~JobRunner() {
    for (Slot& slot : m_slots)
        if (slot.cancel) slot.cancel->store(true);
    m_pool.waitForDone();
    for (Slot& slot : m_slots)
        if (slot.pool) slot.pool->waitForDone();
    for (Slot& slot : m_slots)
        if (slot.ownsPool) delete slot.pool;
}

void JobRunner::setSerial(const QString& kind) {
    Slot& slot = m_slots[kind];
    if (slot.pool) return;
    slot.pool = new QThreadPool;
    slot.pool->setMaxThreadCount(1);
    slot.ownsPool = true;
}

void JobRunner::shareThread(const QString& kind, const QString& serialKind) {
    setSerial(serialKind);
    QThreadPool* pool = m_slots[serialKind].pool;
    m_slots[kind].pool = pool;
}

QThreadPool* JobRunner::poolFor(const QString& kind) {
    QThreadPool* serial = m_slots.value(kind).pool;
    return serial ? serial : &m_pool;
}

void JobRunner::cancel(const QString& kind) {
    auto it = m_slots.find(kind);
    if (it == m_slots.end() || it->running == 0) return;
    if (it->cancel) it->cancel->store(true);
    ++it->generation; // whatever it still delivers is dropped
    emit cancelled(kind);
}

bool JobRunner::isRunning(const QString& kind) const {
    return m_slots.value(kind).running > 0;
}

void JobRunner::jobStarted(const QString& kind) {
    ++m_slots[kind].running;
    if (m_running++ == 0) emit busyChanged(true);
}

void JobRunner::jobEnded(const QString& kind) {
    --m_slots[kind].running;
    if (--m_running == 0) emit busyChanged(false);
}

void JobRunner::waitForIdle() {
    // Results arrive as queued signals; a job's result may start the next job (a load starts the
    // views and the rule run), so keep delivering until nothing runs. Queued requests go first:
    // they may start a job.
    QCoreApplication::processEvents();
    while (m_running > 0) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (m_running > 0) QThread::msleep(1);
    }
    QCoreApplication::processEvents();
}
