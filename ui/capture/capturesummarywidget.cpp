// SPDX-License-Identifier: Apache-2.0
#include "capture/capturesummarywidget.h"

#include "util/timestamp.h"
#include "workspace/workspace.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QTreeWidget* makeTable(const QStringList& headers) {
    auto* table = new QTreeWidget;
    table->setHeaderLabels(headers);
    table->setRootIsDecorated(false);
    table->setAlternatingRowColors(true);
    table->setUniformRowHeights(true);
    table->header()->setStretchLastSection(false);
    table->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    return table;
}

QWidget* titled(const QString& title, QWidget* content) {
    auto* box = new QGroupBox(title);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(content);
    return box;
}

void fillEntities(QTreeWidget* table, const std::vector<wb::CaptureSummary::Entity>& entities) {
    table->clear();
    QList<QTreeWidgetItem*> items;
    for (const auto& entity : entities) {
        auto* item = new QTreeWidgetItem;
        item->setText(0, QString::fromStdString(entity.name.value_or("-")));
        item->setText(1, QString::fromStdString(entity.id.value_or("-")));
        item->setText(2, QLocale().toString(static_cast<qulonglong>(entity.events)));
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        items.append(item);
    }
    table->addTopLevelItems(items);
}
} // namespace

CaptureSummaryWidget::CaptureSummaryWidget(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_headline(new QLabel)
    , m_timeRange(new QLabel)
    , m_categories(makeTable({tr("Category"), tr("Events")}))
    , m_hosts(makeTable({tr("Host"), tr("host.id"), tr("Events")}))
    , m_users(makeTable({tr("User"), tr("user.id"), tr("Events")}))
    , m_skipped(makeTable({tr("File"), tr("Line"), tr("Why it was skipped")})) {
    QFont big = m_headline->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_headline->setFont(big);
    m_headline->setObjectName("headline");
    m_timeRange->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_skipped->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_skipped->header()->setSectionResizeMode(2, QHeaderView::Stretch);

    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(titled(tr("Categories"), m_categories));
    top->addWidget(titled(tr("Hosts (most active first)"), m_hosts));
    top->addWidget(titled(tr("Users (most active first)"), m_users));
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(top);
    vertical->addWidget(titled(tr("Skipped records"), m_skipped));
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_timeRange);
    layout->addWidget(vertical, 1);
    clear();
    if (workspace)
        connect(workspace, &Workspace::captureChanged, this, [this, workspace] { showCapture(workspace->capture()); });
}

void CaptureSummaryWidget::clear() {
    m_headline->setText(tr("No capture loaded. Open one with File ▸ Open or drop files here."));
    m_timeRange->clear();
    m_categories->clear();
    m_hosts->clear();
    m_users->clear();
    m_skipped->clear();
}

void CaptureSummaryWidget::showCapture(const LoadedCapture& capture) {
    const auto& summary = capture.summary;
    const auto& report = capture.report;
    const QLocale locale;
    const QString files = report.files.size() == 1 ? tr("1 file") : tr("%1 files").arg(report.files.size());
    m_headline->setText(tr("%1 events from %2, %3 skipped")
                            .arg(locale.toString(static_cast<qulonglong>(summary.events)), files,
                                locale.toString(static_cast<qulonglong>(report.skipped))));
    if (summary.firstNs) {
        m_timeRange->setText(tr("From %1 to %2 (UTC)")
                                 .arg(QString::fromStdString(wb::formatTimestamp(*summary.firstNs)),
                                     QString::fromStdString(wb::formatTimestamp(*summary.lastNs))));
    }
    m_categories->clear();
    for (const auto& [name, count] : summary.categories) {
        auto* item = new QTreeWidgetItem(m_categories);
        item->setText(0, QString::fromStdString(name));
        item->setText(1, locale.toString(static_cast<qulonglong>(count)));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
    fillEntities(m_hosts, summary.hosts);
    fillEntities(m_users, summary.users);
    m_skipped->clear();
    for (const auto& file : report.files) {
        if (file.error.empty()) continue;
        auto* item = new QTreeWidgetItem(m_skipped);
        item->setText(0, QString::fromStdString(file.path));
        item->setText(2, QString::fromStdString(file.error));
        item->setForeground(2, QBrush(Qt::darkRed));
    }
    for (const auto& issue : report.issues) {
        auto* item = new QTreeWidgetItem(m_skipped);
        item->setText(0, QString::fromStdString(issue.file));
        item->setText(1, QString::number(issue.line));
        item->setText(2, QString::fromStdString(issue.reason));
    }
    if (report.skipped > report.issues.size()) {
        auto* item = new QTreeWidgetItem(m_skipped);
        item->setText(2, tr("… and %1 more").arg(report.skipped - report.issues.size()));
    }
}

QString CaptureSummaryWidget::headline() const {
    return m_headline->text();
}
int CaptureSummaryWidget::skippedRowCount() const {
    return m_skipped->topLevelItemCount();
}
