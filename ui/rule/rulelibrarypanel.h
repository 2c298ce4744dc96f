// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class RuleLibraryModel;
class Workspace;

// The workspace's rule library: every rule of a folder (a detection-rules checkout) or of
// Kibana exports, searchable (name, tags, rule_id, file) and filterable (what can run here,
// what fired, a tactic, an OS). Sweep runs every rule that can run over the loaded capture in
// the background and shows the alerts per rule; opening a rule (double click, Enter) makes it
// the workspace's rule, with its settings and tuning controls.
class RuleLibraryPanel : public QWidget {
    Q_OBJECT
public:
    explicit RuleLibraryPanel(Workspace* workspace, QWidget* parent = nullptr);

    RuleLibraryModel* model() const { return m_model; }
    QSortFilterProxyModel* filtered() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* searchBar() const { return m_search; }
    QComboBox* showFilter() const { return m_show; }
    void openRow(int proxyRow);

private:
    void showLibrary();
    void updateCounts();

    Workspace* m_workspace;
    RuleLibraryModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QLineEdit* m_search;
    QComboBox* m_show;
    QPushButton* m_sweep;
    QProgressBar* m_progress;
    QLabel* m_counts;
};
