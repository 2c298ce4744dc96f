// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "workspace/capturedata.h"

#include <QWidget>

class QLabel;
class Workspace;
class QTreeWidget;

// The first view of a loaded capture: how many events, over what time, on which hosts and users,
// and which records were skipped and why (never buried).
class CaptureSummaryWidget : public QWidget {
    Q_OBJECT
public:
    // With a workspace, it shows each capture the workspace loads.
    explicit CaptureSummaryWidget(Workspace* workspace = nullptr, QWidget* parent = nullptr);

    void showCapture(const LoadedCapture& capture);
    void clear();

    QString headline() const;
    int skippedRowCount() const;

private:
    QLabel* m_headline;
    QLabel* m_timeRange;
    QTreeWidget* m_categories;
    QTreeWidget* m_hosts;
    QTreeWidget* m_users;
    QTreeWidget* m_skipped;
};
