// SPDX-License-Identifier: Apache-2.0
#include "captureloadjob.h"

#include "load/captureloader.h"

#include <QPromise>
#include <QtConcurrent>

CaptureLoadJob::CaptureLoadJob(QObject* parent)
    : QObject(parent) {
    qRegisterMetaType<LoadedCapture>();
    connect(&m_watcher, &QFutureWatcher<LoadedCapture>::progressValueChanged, this, &CaptureLoadJob::progressChanged);
    connect(&m_watcher, &QFutureWatcher<LoadedCapture>::finished, this, [this] {
        const QFuture<LoadedCapture> future = m_watcher.future();
        if (future.isCanceled() || future.resultCount() == 0) {
            emit cancelled();
            return;
        }
        emit finished(future.result());
    });
}

CaptureLoadJob::~CaptureLoadJob() {
    cancel();
    m_watcher.waitForFinished();
}

void CaptureLoadJob::start(const QStringList& paths) {
    cancel();
    m_watcher.waitForFinished();
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelFlag;
    std::vector<std::string> files;
    for (const QString& path : paths)
        files.push_back(path.toStdString());

    m_watcher.setFuture(QtConcurrent::run([files, cancelFlag](QPromise<LoadedCapture>& promise) {
        promise.setProgressRange(0, 1000);
        auto store = std::make_shared<wb::EventStore>();
        wb::LoadOptions options;
        options.cancel = cancelFlag.get();
        options.progress = [&promise](std::uint64_t done, std::uint64_t total) {
            promise.setProgressValue(total ? static_cast<int>(done * 1000 / total) : 0);
        };
        wb::CaptureLoader loader(*store, options);
        LoadedCapture capture;
        capture.report = loader.load(files);
        if (capture.report.cancelled || promise.isCanceled()) {
            promise.future().cancel();
            return;
        }
        capture.summary = wb::CaptureSummary::compute(*store);
        capture.store = std::move(store);
        promise.addResult(std::move(capture));
    }));
}

void CaptureLoadJob::cancel() {
    if (m_cancel) m_cancel->store(true);
    m_watcher.cancel();
}

bool CaptureLoadJob::isRunning() const {
    return m_watcher.isRunning();
}

void CaptureLoadJob::waitForFinished() {
    m_watcher.waitForFinished();
    // Deliver the finished signal now rather than on the next event loop turn.
    QCoreApplication::sendPostedEvents(&m_watcher);
    QCoreApplication::processEvents();
}
