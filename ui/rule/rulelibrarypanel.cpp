// SPDX-License-Identifier: Apache-2.0
#include "rule/rulelibrarypanel.h"

#include "rule/rulelibrarymodel.h"
#include "workspace/jobrunner.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace {
// Text search over name, tags, rule_id and file, and the "Show" choice.
class RuleFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    int show = 0; // 0 all, 1 can run here, 2 fired, 3 cannot run
    QString text;
    void refresh() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QModelIndex i = sourceModel()->index(row, 0, parent);
        if (show == 1 && !i.data(RuleLibraryModel::RunnableRole).toBool()) return false;
        if (show == 2 && !i.data(RuleLibraryModel::FiredRole).toBool()) return false;
        if (show == 3 && i.data(RuleLibraryModel::RunnableRole).toBool()) return false;
        const QString haystack = i.data(RuleLibraryModel::SearchRole).toString();
        for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts))
            if (!haystack.contains(word, Qt::CaseInsensitive)) return false;
        return true;
    }
};
} // namespace

RuleLibraryPanel::RuleLibraryPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_model(new RuleLibraryModel(this))
    , m_proxy(new RuleFilter(this))
    , m_view(new QTableView)
    , m_search(new QLineEdit)
    , m_show(new QComboBox)
    , m_sweep(new QPushButton(tr("S&weep")))
    , m_progress(new QProgressBar)
    , m_counts(new QLabel) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto* bar = new QHBoxLayout;
    m_search->setPlaceholderText(tr("Search rules: name, tag (OS: macOS, Tactic: Execution), rule_id, file"));
    m_search->setClearButtonEnabled(true);
    bar->addWidget(m_search, 1);
    m_show->addItems({tr("All rules"), tr("Can run here"), tr("Fired"), tr("Cannot run here")});
    m_show->setToolTip(tr("Which rules to list"));
    bar->addWidget(m_show);
    m_sweep->setToolTip(tr("Run every rule that can run here over the loaded capture; press again to cancel"));
    bar->addWidget(m_sweep);
    layout->addLayout(bar);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RuleLibraryModel::SortRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RuleLibraryModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->setToolTip(tr("Double-click or Enter opens a rule in the workbench"));
    layout->addWidget(m_view, 1);
    m_counts->setText(tr("<i>Open a folder of rules (Rule → Open Rule Library…) or a rule file</i>"));
    layout->addWidget(m_counts);

    auto* filter = static_cast<RuleFilter*>(m_proxy);
    connect(m_search, &QLineEdit::textChanged, this, [this, filter](const QString& text) {
        filter->text = text;
        filter->refresh();
        updateCounts();
    });
    connect(m_show, &QComboBox::currentIndexChanged, this, [this, filter](int show) {
        filter->show = show;
        filter->refresh();
        updateCounts();
    });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex& index) { openRow(index.row()); });
    connect(m_sweep, &QPushButton::clicked, this, [this] {
        if (m_workspace->isSweeping())
            m_workspace->cancelSweep();
        else
            m_workspace->sweepLibrary();
    });
    connect(m_workspace, &Workspace::ruleLibraryChanged, this, &RuleLibraryPanel::showLibrary);
    connect(m_workspace, &Workspace::captureChanged, this, &RuleLibraryPanel::updateCounts);
    connect(m_workspace, &Workspace::sweepProgress, this, [this](int done, int total) {
        m_progress->setVisible(true);
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(done);
        m_sweep->setText(tr("Cancel S&weep"));
    });
    connect(m_workspace->jobs(), &JobRunner::busyChanged, this, [this] {
        if (m_workspace->isSweeping()) return;
        m_progress->setVisible(false);
        m_sweep->setText(tr("S&weep"));
    });
    connect(m_workspace, &Workspace::sweepFinished, this, [this] {
        m_model->setSweep(m_workspace->sweepResults());
        m_view->sortByColumn(RuleLibraryModel::Alerts, Qt::DescendingOrder);
        updateCounts();
    });
    showLibrary();
}

void RuleLibraryPanel::showLibrary() {
    m_model->setLibrary(m_workspace->ruleLibrary());
    m_view->resizeColumnsToContents();
    m_view->setColumnWidth(RuleLibraryModel::Name, std::min(m_view->columnWidth(RuleLibraryModel::Name), 380));
    m_view->setColumnWidth(RuleLibraryModel::Status, std::min(m_view->columnWidth(RuleLibraryModel::Status), 260));
    updateCounts();
}

void RuleLibraryPanel::updateCounts() {
    const auto library = m_workspace->ruleLibrary();
    m_sweep->setEnabled(library && m_workspace->store());
    if (!library) return;
    int rules = 0, runnable = 0;
    for (const auto& f : *library)
        for (const auto& r : f.rules) {
            ++rules;
            runnable += r.supported;
        }
    const auto& sweep = m_workspace->sweepResults();
    int fired = 0;
    for (const auto& [rule, result] : sweep)
        fired += result.alerts > 0;
    QString text = tr("%1 of %2 rules shown · %3 can run here").arg(m_proxy->rowCount()).arg(rules).arg(runnable);
    if (!sweep.empty()) text += tr(" · swept: %1 fired").arg(fired);
    if (!m_workspace->store()) text += tr(" · open a capture to sweep");
    m_counts->setText(text);
}

void RuleLibraryPanel::openRow(int proxyRow) {
    const int row = m_proxy->mapToSource(m_proxy->index(proxyRow, 0)).row();
    const auto* rule = m_model->ruleAt(row);
    const auto* file = m_model->fileAt(row);
    if (rule && file) m_workspace->openRule(*rule, file->exceptions);
}
