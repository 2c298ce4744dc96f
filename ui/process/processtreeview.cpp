// SPDX-License-Identifier: Apache-2.0
#include "process/processtreeview.h"

#include "process/processtree.h"
#include "process/processtreemodel.h"
#include "workspace/workspace.h"

#include <QHeaderView>

ProcessTreeView::ProcessTreeView(Workspace* workspace, QWidget* parent)
    : QTreeView(parent)
    , m_workspace(workspace)
    , m_model(new ProcessTreeModel(this)) {
    setModel(m_model);
    setUniformRowHeights(true);
    header()->setStretchLastSection(true);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        const auto& tree = m_workspace->views().tree;
        if (m_selecting || !current.isValid() || !tree) return;
        const auto& node = tree->nodes()[std::size_t(current.data(ProcessTreeModel::NodeRole).toInt())];
        if (!node.events.empty()) m_workspace->selectEvent(node.events.front());
    });
    connect(m_workspace, &Workspace::viewsChanged, this, [this] {
        if (m_model->tree() == m_workspace->views().tree.get()) return; // only the lanes changed
        m_model->setTree(m_workspace->views().tree);
        fitColumns();
    });
    connect(m_workspace, &Workspace::captureChanged, this, [this] { m_model->setTree(nullptr); });
    connect(m_workspace, &Workspace::selectionChanged, this, &ProcessTreeView::showSelection);
    auto cutoff = [this] { m_model->setCutoff(m_workspace->replayCutoff()); };
    connect(m_workspace, &Workspace::replayTimeChanged, this, cutoff);
    connect(m_workspace, &Workspace::replayModeChanged, this, cutoff);
}

void ProcessTreeView::fitColumns() {
    for (int c = 0; c < ProcessTreeModel::Args; ++c) {
        resizeColumnToContents(c);
        setColumnWidth(c, std::min(columnWidth(c), 420));
    }
}

void ProcessTreeView::showSelection() {
    const Workspace::Selection& selection = m_workspace->selection();
    const auto& tree = m_workspace->views().tree;
    m_model->setHighlighted(selection.chainNodes);
    if (!tree || selection.chainNodes.empty()) return;
    // The whole chain is open: every highlighted process and the path to it.
    for (int node : selection.chainNodes) {
        const QModelIndex index = m_model->indexOfNode(node);
        for (QModelIndex p = index; p.isValid(); p = p.parent())
            expand(p);
    }
    const int focus = selection.events.empty() ? -1 : tree->nodeOf(selection.events.front());
    const QModelIndex index = m_model->indexOfNode(focus >= 0 ? focus : selection.chainNodes.front());
    if (!index.isValid()) return;
    m_selecting = true;
    if (currentIndex().internalId() != index.internalId())
        selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_selecting = false;
    scrollTo(index);
    resizeColumnToContents(ProcessTreeModel::Name);
}
