// SPDX-License-Identifier: Apache-2.0
#include "workspace/capturedata.h"

#include "load/captureloader.h"
#include "process/processtree.h"
#include "store/timeorder.h"
#include "timeline/laneset.h"

std::optional<LoadedCapture> loadCapture(const QStringList& paths, const std::atomic<bool>& cancel,
    const std::function<void(int)>& progressPermille, const wb::CaptureCache* cache) {
    std::vector<std::string> files;
    for (const QString& path : paths)
        files.push_back(path.toStdString());
    auto store = std::make_shared<wb::EventStore>();
    wb::LoadOptions options;
    options.cancel = &cancel;
    options.cache = cache;
    options.writeCacheLater = true; // the workspace writes it once the user has the capture
    options.progress = [&progressPermille](std::uint64_t done, std::uint64_t total) {
        progressPermille(total ? static_cast<int>(done * 1000 / total) : 0);
    };
    wb::CaptureLoader loader(*store, options);
    LoadedCapture capture;
    capture.report = loader.load(files);
    if (capture.report.cancelled || cancel.load()) return std::nullopt;
    capture.summary = wb::CaptureSummary::compute(*store);
    capture.timeOrder = std::make_shared<const std::vector<wb::EventIndex>>(wb::eventsInTimeOrder(*store));
    capture.store = std::move(store);
    return capture;
}

CaptureViews buildCaptureViews(const std::shared_ptr<const wb::EventStore>& store, std::vector<std::string> keyFields,
    std::shared_ptr<const wb::process::ProcessTree> tree) {
    CaptureViews views;
    if (keyFields.empty()) keyFields = {"host.id"};
    views.tree
        = tree ? std::move(tree) : std::make_shared<wb::process::ProcessTree>(wb::process::ProcessTree::build(*store));
    views.lanes = std::make_shared<wb::timeline::LaneSet>(wb::timeline::LaneSet::build(*store, keyFields));
    return views;
}
