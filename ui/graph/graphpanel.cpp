// SPDX-License-Identifier: Apache-2.0
#include "graph/graphpanel.h"

#include "graph/attackgraphview.h"
#include "replay/replaycallouts.h"
#include "workspace/workspace.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>
#include <QVBoxLayout>

GraphPanel::GraphPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_headline(new QLabel)
    , m_view(new AttackGraphView) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_headline->setWordWrap(true);
    m_headline->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // never widens the window
    bar->addWidget(m_headline, 1);
    // One small button, so the graph's tab never makes the window wider.
    auto* actions = new QToolButton;
    actions->setText(tr("Graph"));
    actions->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(actions);
    menu->addAction(tr("Fit"), m_view, &AttackGraphView::fit);
    menu->addAction(tr("Export PNG…"), this, [this] { exportAs(QStringLiteral("png")); });
    menu->addAction(tr("Export SVG…"), this, [this] { exportAs(QStringLiteral("svg")); });
    actions->setMenu(menu);
    actions->setToolTip(tr("Fit the graph, or export it as a PNG image or an SVG drawing"));
    bar->addWidget(actions);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    connect(m_view, &AttackGraphView::eventsActivated, this, [this](const std::vector<wb::EventIndex>& events) {
        if (!events.empty()) m_workspace->selectEvent(events.front());
    });
    connect(m_workspace, &Workspace::selectionChanged, this, &GraphPanel::rebuild);
    connect(m_workspace, &Workspace::viewsChanged, this, &GraphPanel::rebuild);
    connect(m_workspace, &Workspace::replayTimeChanged, this, &GraphPanel::rebuild);
    connect(m_workspace, &Workspace::replayModeChanged, this, &GraphPanel::rebuild);
    m_view->callouts()->follow(m_workspace);
    rebuild();
}

QString GraphPanel::headline() const {
    return m_headline->text();
}

void GraphPanel::rebuild() {
    const auto& tree = m_workspace->views().tree;
    const auto& selection = m_workspace->selection();
    if (!tree || !m_workspace->store()) {
        m_headline->setText(tr("<i>Open a capture</i>"));
        m_view->setGraph(nullptr, {});
        return;
    }
    std::vector<wb::EventIndex> focus, stages;
    QString what;
    if (selection.alert >= 0) {
        stages = m_workspace->alertEvents(selection.alert);
        focus = stages;
        what = tr("Alert %1").arg(selection.alert + 1);
    } else if (selection.event) {
        focus = {*selection.event};
        what = tr("The selected event's process");
    }
    wb::graph::GraphOptions options;
    options.cutoffNs = m_workspace->replayCutoff();
    wb::graph::AttackGraph graph = wb::graph::buildAttackGraph(*m_workspace->store(), *tree, focus, stages, options);
    if (graph.nodes.empty()) {
        m_headline->setText(focus.empty() ? tr("<i>Select an alert or an event to see its story</i>")
                                          : tr("<i>No process for the selection</i>"));
        m_view->setGraph(m_workspace->store(), std::move(graph));
        return;
    }
    std::size_t processes = 0;
    for (const auto& n : graph.nodes)
        processes += n.kind == wb::graph::GraphNode::Kind::Process;
    m_headline->setText(
        tr("<b>%1</b>: %2 processes, %3 boxes%4")
            .arg(what)
            .arg(processes)
            .arg(graph.nodes.size())
            .arg(graph.hiddenByTime ? tr(" (%1 not yet in replay)").arg(graph.hiddenByTime) : QString()));
    m_view->setGraph(m_workspace->store(), std::move(graph));
    m_view->fit();
}

bool GraphPanel::exportTo(const QString& path, QString* error) const {
    return path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive) ? m_view->saveSvg(path, error)
                                                                     : m_view->savePng(path, error);
}

void GraphPanel::exportAs(const QString& suffix) {
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export Attack Graph"), QStringLiteral("attack-graph.%1").arg(suffix),
            suffix == QLatin1String("svg") ? tr("SVG (*.svg)") : tr("PNG (*.png)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export Attack Graph"), error);
    else
        m_workspace->notify(tr("Attack graph saved to %1").arg(path));
}
