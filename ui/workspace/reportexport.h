// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "process/processtree.h"
#include "report/reportbuilder.h"
#include "store/eventstore.h"
#include "workspace/rulerun.h"

#include <QMetaType>
#include <QString>
#include <atomic>
#include <memory>

// An alert report to write in the background: what eqlwb report would write for the workbench's
// rule as tuned, over its capture, with its exception lists. Value type: handed to a worker.
struct ReportExportJob {
    enum class Format { Html, Pdf };
    QString path;
    Format format = Format::Pdf;
    std::shared_ptr<const wb::EventStore> store;
    std::shared_ptr<RuleEngine> engine; // the workspace's, used on its thread; null: one of its own
    std::shared_ptr<const wb::process::ProcessTree> tree; // null: built by the job
    wb::report::ReportRequest request; // its options' excluded and cancel are set by the job
};

// What became of it: the file written, or why not (naming the file).
struct ReportExportResult {
    QString path;
    QString error;
};
Q_DECLARE_METATYPE(ReportExportResult)

// Builds the report, renders it (PDF needs a QGuiApplication; it may run on any thread) and writes
// it atomically: a file that was there stays whole until the new one is complete.
ReportExportResult writeReport(ReportExportJob job, const std::atomic<bool>& cancel);
