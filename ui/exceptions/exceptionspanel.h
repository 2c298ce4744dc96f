// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptions/exceptionmodel.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

class Workspace;

// The workspace's exception lists: lists and their items, each with how many events and alerts
// it suppresses on its own in the last run. Items can be switched off, edited, expired,
// commented and deleted; lists can be imported; everything can be exported. Every change goes
// to the workspace, which re-runs the rule.
class ExceptionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExceptionsPanel(Workspace* workspace, QWidget* parent = nullptr);

    const wb::exceptions::ExceptionSet& exceptions() const;
    QTreeWidget* tree() const { return m_tree; }
    // The selected item as (list index, item index), or (-1, -1).
    std::pair<int, int> selected() const;
    void setItemEnabled(int list, int item, bool enabled); // as a click on its check box

private:
    void rebuild();
    const wb::exceptions::ExceptionItem* selectedItem() const;
    void editSelected();
    void expireSelected();
    void commentSelected();

    Workspace* m_workspace;
    QTreeWidget* m_tree;
    QLabel* m_warnings;
    bool m_rebuilding = false;
};
