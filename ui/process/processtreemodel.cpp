// SPDX-License-Identifier: Apache-2.0
#include "process/processtreemodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

ProcessTreeModel::ProcessTreeModel(QObject* parent)
    : QAbstractItemModel(parent) { }

void ProcessTreeModel::setTree(std::shared_ptr<const wb::process::ProcessTree> tree) {
    beginResetModel();
    m_tree = std::move(tree);
    m_rowInParent.clear();
    m_highlighted.clear();
    rebuildVisible();
    endResetModel();
}

void ProcessTreeModel::rebuildVisible() {
    m_roots.clear();
    m_children.clear();
    m_rowInParent.clear();
    if (!m_tree) return;
    const auto& nodes = m_tree->nodes();
    auto visible = [&](int n) { return !m_cutoff || nodes[std::size_t(n)].startNs <= *m_cutoff; };
    m_rowInParent.assign(nodes.size(), 0);
    m_children.assign(nodes.size(), {});
    for (int r : m_tree->roots())
        if (visible(r)) {
            m_rowInParent[std::size_t(r)] = int(m_roots.size());
            m_roots.push_back(r);
        }
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (int c : nodes[i].children)
            if (visible(c) && visible(int(i))) {
                m_rowInParent[std::size_t(c)] = int(m_children[i].size());
                m_children[i].push_back(c);
            }
}

void ProcessTreeModel::setCutoff(std::optional<std::int64_t> ns) {
    if (ns == m_cutoff) return;
    // Reset (and collapse the view) only when a process appears or disappears.
    if (m_tree && ns && m_cutoff) {
        const std::int64_t lo = std::min(*ns, *m_cutoff), hi = std::max(*ns, *m_cutoff);
        bool changes = false;
        for (const auto& n : m_tree->nodes())
            if (n.startNs > lo && n.startNs <= hi) {
                changes = true;
                break;
            }
        if (!changes) {
            m_cutoff = ns;
            return;
        }
    }
    beginResetModel();
    m_cutoff = ns;
    rebuildVisible();
    endResetModel();
}

const std::vector<int>& ProcessTreeModel::childrenOf(int node) const {
    static const std::vector<int> none;
    if (!m_tree) return none;
    return node < 0 ? m_roots : m_children[std::size_t(node)];
}

void ProcessTreeModel::setHighlighted(const std::vector<int>& nodes) {
    std::unordered_set<int> changed = m_highlighted;
    m_highlighted = std::unordered_set<int>(nodes.begin(), nodes.end());
    changed.insert(nodes.begin(), nodes.end());
    for (int node : changed) {
        const QModelIndex first = indexOfNode(node);
        if (first.isValid()) emit dataChanged(first, first.siblingAtColumn(ColumnCount - 1), {Qt::BackgroundRole});
    }
}

QModelIndex ProcessTreeModel::indexOfNode(int node) const {
    if (!m_tree || node < 0 || node >= int(m_tree->nodes().size())) return {};
    if (m_cutoff && m_tree->nodes()[std::size_t(node)].startNs > *m_cutoff) return {};
    return createIndex(m_rowInParent[std::size_t(node)], 0, quintptr(node));
}

QModelIndex ProcessTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (!m_tree || column < 0 || column >= ColumnCount) return {};
    const std::vector<int>& kids = childrenOf(parent.isValid() ? int(parent.internalId()) : -1);
    if (row < 0 || row >= int(kids.size())) return {};
    return createIndex(row, column, quintptr(kids[std::size_t(row)]));
}

QModelIndex ProcessTreeModel::parent(const QModelIndex& child) const {
    if (!m_tree || !child.isValid()) return {};
    const int p = m_tree->nodes()[std::size_t(child.internalId())].parent;
    if (p < 0) return {};
    return createIndex(m_rowInParent[std::size_t(p)], 0, quintptr(p));
}

int ProcessTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    return int(childrenOf(parent.isValid() ? int(parent.internalId()) : -1).size());
}

int ProcessTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant ProcessTreeModel::data(const QModelIndex& index, int role) const {
    if (!m_tree || !index.isValid()) return {};
    const int node = int(index.internalId());
    const wb::process::ProcessNode& n = m_tree->nodes()[std::size_t(node)];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            // Never an entity id: a process nobody named is shown as such, with its pid.
            if (!n.name.empty()) return QString::fromStdString(n.name);
            if (n.inferred)
                return n.pid >= 0 ? tr("(parent %1, not in the capture)").arg(n.pid)
                                  : tr("(parent not in the capture)");
            return n.pid >= 0 ? tr("(unnamed process %1)").arg(n.pid) : tr("(unnamed process)");
        case Pid:
            return n.pid >= 0 ? QVariant(qlonglong(n.pid)) : QVariant();
        case Events:
            return int(n.events.size());
        case Executable:
            return QString::fromStdString(n.executable);
        case Args:
            return QString::fromStdString(n.args);
        }
        return {};
    case Qt::ToolTipRole:
        return n.inferred
            ? tr("%1 — known only from its children's process.parent fields (its start is not in the capture)")
                  .arg(QString::fromStdString(n.key))
            : QString::fromStdString(n.key);
    case Qt::FontRole:
        if (n.inferred) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::BackgroundRole:
        if (m_highlighted.count(node)) return QBrush(QColor(240, 160, 48, 90)); // readable on light and dark
        return {};
    case NodeRole:
        return node;
    default:
        return {};
    }
}

QVariant ProcessTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Process", "PID", "Events", "Executable", "Arguments"};
    return section < ColumnCount ? tr(names[section]) : QVariant();
}
