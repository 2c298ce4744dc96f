// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "process/processtree.h"

#include <QAbstractItemModel>
#include <memory>
#include <optional>
#include <unordered_set>

// The process tree as an item model: name, pid, executable and args, events per process.
// Inferred parents (known only from their children) are shown in italics; the chain of the
// selected event or alert is highlighted.
class ProcessTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Pid, Events, Executable, Args, ColumnCount };
    enum Role { NodeRole = Qt::UserRole + 1 };
    explicit ProcessTreeModel(QObject* parent = nullptr);

    void setTree(std::shared_ptr<const wb::process::ProcessTree> tree);
    const wb::process::ProcessTree* tree() const { return m_tree.get(); }
    void setHighlighted(const std::vector<int>& nodes);
    // Replay: only processes seen up to `ns` are in the tree.
    void setCutoff(std::optional<std::int64_t> ns);
    QModelIndex indexOfNode(int node) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const std::vector<int>& childrenOf(int node) const; // -1: the roots
    std::shared_ptr<const wb::process::ProcessTree> m_tree;
    std::vector<int> m_rowInParent; // per node
    std::unordered_set<int> m_highlighted;
    std::optional<std::int64_t> m_cutoff;
    std::vector<int> m_roots; // visible
    std::vector<std::vector<int>> m_children; // visible, per node
    void rebuildVisible();
};
