// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class AlertsModel;
class QComboBox;
class QLabel;
class QTableView;
class Workspace;

// The alerts of the workspace's last run (in replay, those complete so far), with how many
// hosts and users they affect. Selecting one selects it in the workspace (every view follows);
// a double click or Z zooms the lanes to it; Ctrl+E builds an exception from it. With the
// schedule simulated, each alert says which run wrote it or why none did; compared with another
// version or rule file, each says whether it is new or the same, and the count names the gone.
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
    void showTags();
    void showCounts();
    void compareChosen(int index);

    Workspace* m_workspace;
    AlertsModel* m_model;
    QTableView* m_view;
    QLabel* m_counts;
    QComboBox* m_compare;
    bool m_selecting = false;
};
