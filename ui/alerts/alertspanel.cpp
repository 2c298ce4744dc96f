// SPDX-License-Identifier: Apache-2.0
#include "alerts/alertspanel.h"

#include "alerts/alertsmodel.h"
#include "exceptions/addexceptiondialog.h"
#include "widgets/counted.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

AlertsPanel::AlertsPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_model(new AlertsModel(this))
    , m_view(new QTableView)
    , m_counts(new QLabel) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_counts);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->setVisible(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->setToolTip(tr("Select an alert to see it on the lanes, in the process tree and in the table; "
                          "double-click (or Z) zooms to it; Ctrl+E builds an exception from it"));
    layout->addWidget(m_view);

    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* addException = new QAction(tr("Add Exception…"), m_view);
    // Ctrl+E belongs to Rule → Add Exception for Alert…, which does the same.
    addException->setToolTip(tr("Exclude what this alert matched, with a preview of what else it suppresses"));
    connect(addException, &QAction::triggered, this,
        [this] { AddExceptionDialog::addForSelectedAlert(*m_workspace, this); });
    m_view->addAction(addException);
    auto* zoom = new QAction(tr("Zoom to Alert"), m_view);
    connect(zoom, &QAction::triggered, this, [this] { m_workspace->zoomToAlert(m_workspace->selection().alert); });
    m_view->addAction(zoom);

    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (!m_selecting && current.isValid()) m_workspace->selectAlert(current.row());
        });
    connect(m_view, &QTableView::doubleClicked, this,
        [this](const QModelIndex& index) { m_workspace->zoomToAlert(index.row()); });
    connect(m_workspace, &Workspace::resultChanged, this, &AlertsPanel::showResult);
    connect(m_workspace, &Workspace::selectionChanged, this, &AlertsPanel::showSelection);
    showResult();
}

QString AlertsPanel::countsText() const {
    return m_counts->text();
}

void AlertsPanel::showResult() {
    m_selecting = true;
    m_model->setResult(m_workspace->store(), m_workspace->visibleResult(), m_workspace->joinKeyFields(),
        m_workspace->ruleSeverity().toStdString(), m_workspace->ruleName().toStdString());
    m_selecting = false;
    if (m_model->rowCount() > 0) {
        m_view->resizeColumnsToContents();
        // The reason is long: it gets what is left, and its tooltip shows it whole.
        for (int c = 0; c < AlertsModel::Reason; ++c)
            m_view->setColumnWidth(c, std::min(m_view->columnWidth(c), 360));
    }
    if (!m_workspace->store())
        m_counts->setText(tr("<i>Open a capture to run the rule over it</i>"));
    else if (!m_workspace->lastRun().ran)
        m_counts->setText(tr("<i>The rule has not run yet</i>"));
    else
        m_counts->setText(QStringLiteral("<b>%1</b> · %2 · %3")
                              .arg(counted(qulonglong(m_workspace->alertCount()), tr("alert"), tr("alerts")),
                                  counted(qulonglong(m_workspace->affectedHosts()), tr("host"), tr("hosts")),
                                  counted(qulonglong(m_workspace->affectedUsers()), tr("user"), tr("users"))));
    showSelection();
}

void AlertsPanel::showSelection() {
    const int alert = m_workspace->selection().alert;
    if (alert == m_view->currentIndex().row() || alert >= m_model->rowCount()) return;
    m_selecting = true;
    if (alert < 0)
        m_view->clearSelection();
    else
        m_view->selectRow(alert);
    m_selecting = false;
}
