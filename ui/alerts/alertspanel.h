// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class AlertsModel;
class QLabel;
class QTableView;
class Workspace;

// The alerts of the workspace's last run (in replay, those complete so far), with how many
// hosts and users they affect. Selecting one selects it in the workspace (every view follows);
// a double click or Z zooms the lanes to it; Ctrl+E builds an exception from it.
class AlertsPanel : public QWidget {
    Q_OBJECT
public:
    explicit AlertsPanel(Workspace* workspace, QWidget* parent = nullptr);

    AlertsModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QString countsText() const;

private:
    void showResult();
    void showSelection();

    Workspace* m_workspace;
    AlertsModel* m_model;
    QTableView* m_view;
    QLabel* m_counts;
    bool m_selecting = false;
};
