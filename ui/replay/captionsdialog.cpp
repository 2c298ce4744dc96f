// SPDX-License-Identifier: Apache-2.0
#include "replay/captionsdialog.h"

#include "util/timestamp.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <set>

CaptionsDialog::CaptionsDialog(
    const std::vector<ReplayController::Caption>& captions, std::int64_t nowNs, const QString& path, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 2))
    , m_now(nowNs) {
    setWindowTitle(tr("Story Captions"));
    auto* layout = new QVBoxLayout(this);
    auto* where = new QLabel(tr("Shown under the replay bar from their time on. Saved to %1").arg(path));
    where->setWordWrap(true);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(where);
    m_table->setHorizontalHeaderLabels({tr("Time (UTC)"), tr("Caption")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table, 1);
    for (const auto& c : captions)
        addRow(c.timeNs, c.text);

    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add at Replay Time"));
    add->setToolTip(tr("A new caption at %1").arg(QString::fromStdString(wb::formatTimestampMillis(nowNs))));
    connect(add, &QPushButton::clicked, this, [this] {
        addRow(m_now);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 1));
    });
    auto* remove = new QPushButton(tr("Remove"));
    connect(remove, &QPushButton::clicked, this, &CaptionsDialog::removeSelectedRows);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    connect(box, &QDialogButtonBox::accepted, this, &CaptionsDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &CaptionsDialog::reject);
    buttons->addWidget(box);
    layout->addLayout(buttons);
    resize(720, 380);
}

void CaptionsDialog::addRow(std::int64_t ns, const QString& text) {
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(wb::formatTimestamp(ns))));
    m_table->setItem(row, 1, new QTableWidgetItem(text));
}

void CaptionsDialog::removeSelectedRows() {
    std::set<int, std::greater<>> rows; // from the bottom, so the indexes stay right
    for (const QModelIndex& index : m_table->selectionModel()->selectedIndexes())
        rows.insert(index.row());
    for (int row : rows)
        m_table->removeRow(row);
}

std::optional<std::vector<ReplayController::Caption>> CaptionsDialog::captions(QString* error) const {
    std::vector<ReplayController::Caption> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString time = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        const QString text = m_table->item(row, 1) ? m_table->item(row, 1)->text().trimmed() : QString();
        std::string why;
        const auto ns = wb::parseTimestamp(time.toStdString(), &why);
        if (!ns) {
            if (error)
                *error = tr("Row %1: the time \"%2\" is not an ISO-8601 time (%3)")
                             .arg(row + 1)
                             .arg(time, QString::fromStdString(why));
            return std::nullopt;
        }
        if (text.isEmpty()) {
            if (error) *error = tr("Row %1: the caption has no text").arg(row + 1);
            return std::nullopt;
        }
        out.push_back({*ns, text});
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.timeNs < b.timeNs; });
    return out;
}

void CaptionsDialog::accept() {
    QString error;
    if (!captions(&error)) {
        QMessageBox::warning(this, windowTitle(), error);
        return;
    }
    QDialog::accept();
}
