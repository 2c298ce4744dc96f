// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class EventsModel;
class QLabel;
class QLineEdit;
class QTableView;
class Workspace;

// Every event of the capture as a virtual table (1M rows), with the workspace's filter (an EQL
// condition, green when valid and red with the line:column error when not, or plain text) and
// columns. The selected alert's or event's whole process chain is highlighted; choosing a row
// selects its event in the workspace.
class EventsPanel : public QWidget {
    Q_OBJECT
public:
    explicit EventsPanel(Workspace* workspace, QWidget* parent = nullptr);

    EventsModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterBar() const { return m_filter; }
    // View → Table Columns…: choose and order the columns.
    void chooseColumns();
    void waitForFilter();

private:
    void applyFilter();
    void showSelection();
    void fitColumns();
    void updateShown();

    Workspace* m_workspace;
    EventsModel* m_model;
    QTableView* m_view;
    QLineEdit* m_filter;
    QLabel* m_shown;
    QStringList m_sizedColumns;
    bool m_selecting = false;
};
