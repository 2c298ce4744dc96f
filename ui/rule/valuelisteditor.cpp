// SPDX-License-Identifier: Apache-2.0
#include "rule/valuelisteditor.h"

#include "eql/printer.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace {
QString entryText(const wb::tuning::ValueListEntry& e) {
    return e.value.kind == wb::eql::Literal::Kind::String ? QString::fromStdString(e.value.string)
                                                          : QString::fromStdString(wb::eql::formatLiteral(e.value));
}
} // namespace

ValueListEditor::ValueListEditor(const wb::tuning::ValueList& list, QWidget* parent)
    : QWidget(parent)
    , m_list(list)
    , m_title(new QLabel)
    , m_view(new QListWidget)
    , m_add(new QLineEdit) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_title->setText(QStringLiteral("<b>%1</b>").arg(QString::fromStdString(m_list.label()).toHtmlEscaped()));
    layout->addWidget(m_title);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setToolTip(tr("Uncheck a value to leave it out of the rule; Delete removes it"));
    layout->addWidget(m_view);
    auto* row = new QHBoxLayout;
    m_add->setPlaceholderText(tr("Add a value…"));
    m_add->setToolTip(tr("A value to add to this list (Enter). Quotes are optional; \"…\" takes EQL escapes"));
    auto* remove = new QToolButton;
    remove->setText(tr("Remove"));
    remove->setToolTip(tr("Remove the selected values (Delete)"));
    row->addWidget(m_add, 1);
    row->addWidget(remove);
    layout->addLayout(row);
    connect(m_add, &QLineEdit::returnPressed, this, [this] {
        if (addEntry(m_add->text())) m_add->clear();
    });
    connect(remove, &QToolButton::clicked, this, &ValueListEditor::removeSelected);
    connect(m_view, &QListWidget::itemChanged, this, &ValueListEditor::onItemChanged);
    auto* del = new QAction(this);
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(del);
    connect(del, &QAction::triggered, this, &ValueListEditor::removeSelected);
    rebuild();
}

void ValueListEditor::rebuild() {
    m_rebuilding = true;
    m_view->clear();
    for (const auto& e : m_list.entries) {
        auto* item = new QListWidgetItem(entryText(e), m_view);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(e.enabled ? Qt::Checked : Qt::Unchecked);
    }
    const int rows = std::min<int>(int(m_list.entries.size()), 8);
    m_view->setFixedHeight(std::max(1, rows) * m_view->sizeHintForRow(0) + 2 * m_view->frameWidth() + 2);
    m_rebuilding = false;
}

void ValueListEditor::onItemChanged(QListWidgetItem* item) {
    if (m_rebuilding) return;
    const int row = m_view->row(item);
    if (row < 0 || row >= int(m_list.entries.size())) return;
    m_list.entries[std::size_t(row)].enabled = item->checkState() == Qt::Checked;
    emit changed();
}

bool ValueListEditor::setEntryEnabled(const QString& value, bool enabled) {
    for (int i = 0; i < int(m_list.entries.size()); ++i)
        if (entryText(m_list.entries[std::size_t(i)]) == value) {
            m_view->item(i)->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
            return true;
        }
    return false;
}

bool ValueListEditor::addEntry(const QString& text) {
    auto value = wb::tuning::parseListValue(text.toStdString());
    if (!value) return false;
    m_list.entries.push_back({*value, true});
    rebuild();
    emit changed();
    return true;
}

void ValueListEditor::removeSelected() {
    std::vector<int> rows;
    for (QListWidgetItem* item : m_view->selectedItems())
        rows.push_back(m_view->row(item));
    if (rows.empty()) return;
    std::sort(rows.rbegin(), rows.rend());
    for (int r : rows)
        m_list.entries.erase(m_list.entries.begin() + r);
    rebuild();
    emit changed();
}
