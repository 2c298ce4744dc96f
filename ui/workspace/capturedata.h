// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace wb {
class CaptureCache;
}

#include "inspect/capturesummary.h"
#include "load/loadreport.h"
#include "store/eventstore.h"

#include <QMetaType>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace wb::process {
class ProcessTree;
}
namespace wb::timeline {
class LaneSet;
}

// What a finished load hands to the GUI thread: plain values and a store nobody else changes.
struct LoadedCapture {
    std::shared_ptr<const wb::EventStore> store;
    wb::LoadReport report;
    wb::CaptureSummary summary;
    // Every event by time (wb::eventsInTimeOrder), sorted here rather than by the views on the GUI
    // thread: on a million events out of order that is a visible stall.
    std::shared_ptr<const std::vector<wb::EventIndex>> timeOrder;
};
Q_DECLARE_METATYPE(LoadedCapture)

// Views derived from a capture, built off the GUI thread: the process tree, and the lanes for
// the rule's join keys (rebuilt when the keys change).
struct CaptureViews {
    std::shared_ptr<const wb::process::ProcessTree> tree;
    std::shared_ptr<const wb::timeline::LaneSet> lanes;
};

// Loads the files into a new store (through the capture cache when one is given); nullopt when
// cancelled.
std::optional<LoadedCapture> loadCapture(const QStringList& paths, const std::atomic<bool>& cancel,
    const std::function<void(int)>& progressPermille, const wb::CaptureCache* cache = nullptr);

// Builds the lanes for `keyFields` (host.id when empty) and, unless `tree` is given, the tree.
CaptureViews buildCaptureViews(const std::shared_ptr<const wb::EventStore>& store, std::vector<std::string> keyFields,
    std::shared_ptr<const wb::process::ProcessTree> tree);
