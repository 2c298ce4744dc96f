// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QTreeView>

class ProcessTreeModel;
class Workspace;

// The capture's process tree. The selected alert's or event's whole chain is highlighted and
// expanded down to its last descendant (so its network events' processes are in view); choosing
// a process selects its first event in the workspace.
class ProcessTreeView : public QTreeView {
    Q_OBJECT
public:
    explicit ProcessTreeView(Workspace* workspace, QWidget* parent = nullptr);
    ProcessTreeModel* treeModel() const { return m_model; }

private:
    void showSelection();
    void fitColumns();

    Workspace* m_workspace;
    ProcessTreeModel* m_model;
    bool m_selecting = false;
};
