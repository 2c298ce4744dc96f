// SPDX-License-Identifier: Apache-2.0
#include "alerts/alertspanel.h"

#include "alerts/alertsmodel.h"
#include "exceptions/addexceptiondialog.h"
#include "rules/rulelibrary.h"
#include "util/timestamp.h"
#include "widgets/counted.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QTableView>
#include <QVBoxLayout>

AlertsPanel::AlertsPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_model(new AlertsModel(this))
    , m_view(new QTableView)
    , m_counts(new QLabel)
    , m_compare(new QComboBox) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto* header = new QHBoxLayout;
    m_counts->setWordWrap(true); // narrow docks wrap the counts instead of widening the window
    m_counts->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    header->addWidget(m_counts, 1);
    header->addWidget(new QLabel(tr("Compare with:")));
    m_compare->addItem(tr("nothing"));
    for (const auto& v : wb::rules::seedRule().versions)
        m_compare->addItem(QString::fromStdString(v.label), QString::fromStdString(v.label));
    m_compare->addItem(tr("Rule file…"), QStringLiteral("file"));
    m_compare->setToolTip(tr("Run another version of the lineage or a rule file over the capture: each alert "
                             "is marked new or the same, and the lanes show the alerts this rule no longer has"));
    m_compare->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_compare->setMinimumContentsLength(6);
    header->addWidget(m_compare);
    layout->addLayout(header);
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
    connect(m_workspace, &Workspace::scheduleChanged, this, &AlertsPanel::showTags);
    connect(m_workspace, &Workspace::comparisonChanged, this, &AlertsPanel::showTags);
    connect(m_compare, &QComboBox::activated, this, &AlertsPanel::compareChosen);
    showResult();
}

void AlertsPanel::compareChosen(int index) {
    const QString choice = m_compare->itemData(index).toString();
    if (choice.isEmpty()) {
        m_workspace->stopComparing();
    } else if (choice == QLatin1String("file")) {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Compare with Rule"), QString(), tr("Rules (*.toml *.ndjson *.json *.eql);;All files (*)"));
        QString error;
        if (path.isEmpty() || !m_workspace->compareWithRuleFile(path, &error)) {
            if (!error.isEmpty()) QMessageBox::warning(this, tr("Compare with Rule"), error);
            m_compare->setCurrentIndex(0);
            if (!m_workspace->comparison()) return;
            m_workspace->stopComparing();
        }
    } else {
        m_workspace->compareWithVersion(choice);
    }
}

// The schedule's and the comparison's word on each visible alert.
void AlertsPanel::showTags() {
    std::vector<AlertsModel::Tag> schedule, compare;
    const bool simulated = m_workspace->schedule() != nullptr, compared = m_workspace->comparison() != nullptr;
    for (int a = 0; a < m_workspace->alertCount() && (simulated || compared); ++a) {
        if (simulated) {
            const auto fate = m_workspace->alertFate(a);
            if (!fate)
                schedule.push_back({tr("?"), tr("Not found by the simulation (replay or a stale run)")});
            else if (fate->written)
                schedule.push_back({tr("run %1").arg(fate->run + 1),
                    tr("Written by the run at %1")
                        .arg(QString::fromStdString(wb::formatTimestampMillis(fate->runStartNs)))});
            else
                schedule.push_back({tr("missed: %1").arg(QString::fromStdString(fate->reason)),
                    tr("Kibana's schedule never writes this alert: %1 %2")
                        .arg(QString::fromStdString(fate->reason), QString::fromStdString(fate->detail)),
                    true});
        }
        if (compared) {
            const bool same = m_workspace->compareStatus(a) == Workspace::CompareStatus::Same;
            compare.push_back({same ? tr("same") : tr("new"),
                same ? tr("%1 has this alert too").arg(m_workspace->comparison()->label)
                     : tr("%1 does not have this alert").arg(m_workspace->comparison()->label),
                !same});
        }
    }
    m_model->setTags(AlertsModel::Schedule, std::move(schedule));
    m_model->setTags(AlertsModel::Compare, std::move(compare));
    m_view->setColumnHidden(AlertsModel::Schedule, !simulated);
    m_view->setColumnHidden(AlertsModel::Compare, !compared);
    if (simulated || compared) {
        m_view->resizeColumnToContents(AlertsModel::Schedule);
        m_view->resizeColumnToContents(AlertsModel::Compare);
    }
    // The chooser says what is compared, however the comparison was started (a session, a test).
    int chosen = 0;
    if (compared) {
        chosen = m_compare->findData(m_workspace->comparison()->label);
        if (chosen < 0) chosen = m_compare->count() - 1; // a rule file
    }
    m_compare->setCurrentIndex(chosen);
    showCounts();
}

void AlertsPanel::showCounts() {
    if (!m_workspace->store()) {
        m_counts->setText(tr("<i>Open a capture to run the rule over it</i>"));
        return;
    }
    if (!m_workspace->lastRun().ran) {
        m_counts->setText(tr("<i>The rule has not run yet</i>"));
        return;
    }
    QString text = QStringLiteral("<b>%1</b> · %2 · %3")
                       .arg(counted(qulonglong(m_workspace->alertCount()), tr("alert"), tr("alerts")),
                           counted(qulonglong(m_workspace->affectedHosts()), tr("host"), tr("hosts")),
                           counted(qulonglong(m_workspace->affectedUsers()), tr("user"), tr("users")));
    if (const auto& schedule = m_workspace->schedule())
        text += tr(" · schedule writes %1, misses %2")
                    .arg(schedule->result.shellAndEventAlerts())
                    .arg(schedule->result.missed.size());
    if (m_workspace->comparison())
        text += tr(" · <span style='color:#cc0000'>%1 gone</span> vs %2")
                    .arg(m_workspace->goneAlerts().size())
                    .arg(m_workspace->comparison()->label.toHtmlEscaped());
    m_counts->setText(text);
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
    showTags();
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
