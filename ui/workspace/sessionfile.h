// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tuning/ruletuning.h"

#include <QString>
#include <QStringList>
#include <optional>

// Everything the user made in a workbench session: which captures, which rule and how it is
// tuned, what the lanes and the table show. Saved as JSON, atomically (write, then rename).
struct SessionState {
    QStringList captures; // absolute paths
    QString ruleVersion; // "v100", or empty for a custom query
    QString ruleText; // before tuning
    QString ruleFile; // a rule opened from a file (absolute path), and which of its rules
    QString ruleId;
    wb::tuning::RuleTuning tuning;
    qint64 viewFrom = 0, viewTo = 0; // ns; 0/0: everything
    QString filter;
    QStringList columns;
    QString exceptions; // Kibana NDJSON
    QStringList disabledExceptionItems; // "list_id/item_id"
    // The schedule simulation (0: the rule's own value) and what the alerts are compared with.
    bool scheduleEnabled = false;
    qint64 scheduleIntervalMs = 0, scheduleLookbackMs = 0, scheduleMaxSignals = 0;
    QString compareVersion; // "v106", or
    QString compareFile; // a rule file (absolute path)
};

namespace SessionFile {
// Returns false with a message naming the file and the problem.
bool save(const QString& path, const SessionState& state, QString* error);
std::optional<SessionState> load(const QString& path, QString* error);
} // namespace SessionFile
