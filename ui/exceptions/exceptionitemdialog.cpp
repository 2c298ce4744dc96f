// SPDX-License-Identifier: Apache-2.0
#include "exceptions/exceptionitemdialog.h"

#include "util/timestamp.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
enum Column { Field, Operator, Type, Value };
const QStringList Types
    = {QStringLiteral("match"), QStringLiteral("match_any"), QStringLiteral("wildcard"), QStringLiteral("exists")};
} // namespace

ExceptionItemDialog::ExceptionItemDialog(const wb::exceptions::ExceptionItem& item, QWidget* parent)
    : QDialog(parent)
    , m_item(item)
    , m_name(new QLineEdit(QString::fromStdString(item.name)))
    , m_description(new QLineEdit(QString::fromStdString(item.description)))
    , m_expires(new QLineEdit(QString::fromStdString(item.expireTime.value_or(""))))
    , m_entries(new QTableWidget(0, 4)) {
    setWindowTitle(tr("Edit Exception"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Description"), m_description);
    m_expires->setPlaceholderText(tr("never (or an ISO date such as 2027-01-01T00:00:00Z)"));
    form->addRow(tr("Expires"), m_expires);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Entries (all must match; match_any values separated by commas):")));
    m_entries->setHorizontalHeaderLabels({tr("Field"), tr("Operator"), tr("Type"), tr("Value")});
    m_entries->horizontalHeader()->setStretchLastSection(true);
    m_entries->verticalHeader()->setVisible(false);
    layout->addWidget(m_entries, 1);
    for (const auto& e : item.entries)
        addRow(e);
    auto* rowButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add Entry"));
    auto* remove = new QPushButton(tr("Remove Entry"));
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch();
    layout->addLayout(rowButtons);
    connect(add, &QPushButton::clicked, this, [this] { addRow({}); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_entries->currentRow() >= 0) m_entries->removeRow(m_entries->currentRow());
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QString error;
        if (result(&error))
            accept();
        else
            QMessageBox::warning(this, tr("Edit Exception"), error);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(720, 420);
}

void ExceptionItemDialog::addRow(const wb::exceptions::ExceptionEntry& entry) {
    using T = wb::exceptions::ExceptionEntry::Type;
    const int row = m_entries->rowCount();
    m_entries->insertRow(row);
    m_entries->setItem(row, Field, new QTableWidgetItem(QString::fromStdString(entry.field)));
    auto* op = new QComboBox;
    op->addItems({QStringLiteral("included"), QStringLiteral("excluded")});
    op->setCurrentIndex(entry.excluded ? 1 : 0);
    m_entries->setCellWidget(row, Operator, op);
    const bool editable = entry.type != T::Nested && entry.type != T::List;
    auto* type = new QComboBox;
    type->addItems(editable ? Types : QStringList{QString::fromLatin1(wb::exceptions::entryTypeName(entry.type))});
    if (editable) type->setCurrentText(QString::fromLatin1(wb::exceptions::entryTypeName(entry.type)));
    m_entries->setCellWidget(row, Type, type);
    QString value = QString::fromStdString(entry.value);
    if (entry.type == T::MatchAny) {
        QStringList values;
        for (const auto& v : entry.values)
            values << QString::fromStdString(v);
        value = values.join(QStringLiteral(", "));
    }
    auto* valueItem = new QTableWidgetItem(value);
    m_entries->setItem(row, Value, valueItem);
    if (!editable) {
        for (int c : {Field, Value})
            m_entries->item(row, c)->setFlags(Qt::ItemIsEnabled);
        op->setEnabled(false);
        m_entries->item(row, Field)->setData(Qt::UserRole, row < int(m_item.entries.size()) ? row : -1);
    }
}

std::optional<wb::exceptions::ExceptionItem> ExceptionItemDialog::result(QString* error) const {
    using T = wb::exceptions::ExceptionEntry::Type;
    wb::exceptions::ExceptionItem item = m_item;
    item.name = m_name->text().trimmed().toStdString();
    item.description = m_description->text().toStdString();
    const QString expires = m_expires->text().trimmed();
    if (expires.isEmpty())
        item.expireTime.reset();
    else if (!wb::parseTimestamp(expires.toStdString())) {
        if (error) *error = tr("Expires: \"%1\" is not an ISO-8601 date-time").arg(expires);
        return std::nullopt;
    } else
        item.expireTime = expires.toStdString();
    if (item.name.empty()) {
        if (error) *error = tr("The exception needs a name");
        return std::nullopt;
    }
    item.entries.clear();
    for (int r = 0; r < m_entries->rowCount(); ++r) {
        const QString typeText = static_cast<QComboBox*>(m_entries->cellWidget(r, Type))->currentText();
        const QVariant original = m_entries->item(r, Field)->data(Qt::UserRole);
        if (original.isValid() && original.toInt() >= 0) { // nested / list entries, unchanged
            item.entries.push_back(m_item.entries[std::size_t(original.toInt())]);
            continue;
        }
        wb::exceptions::ExceptionEntry e;
        e.field = m_entries->item(r, Field)->text().trimmed().toStdString();
        e.excluded = static_cast<QComboBox*>(m_entries->cellWidget(r, Operator))->currentIndex() == 1;
        const QString value = m_entries->item(r, Value) ? m_entries->item(r, Value)->text() : QString();
        e.type = typeText == QLatin1String("match_any") ? T::MatchAny
            : typeText == QLatin1String("wildcard")     ? T::Wildcard
            : typeText == QLatin1String("exists")       ? T::Exists
                                                        : T::Match;
        if (e.type == T::MatchAny) {
            for (const QString& v : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
                e.values.push_back(v.trimmed().toStdString());
        } else if (e.type != T::Exists) {
            e.value = value.toStdString();
        }
        const bool missingValue = (e.type == T::MatchAny && e.values.empty())
            || ((e.type == T::Match || e.type == T::Wildcard) && e.value.empty());
        if (e.field.empty() || missingValue) {
            if (error) *error = tr("Entry %1 needs a field and a value").arg(r + 1);
            return std::nullopt;
        }
        item.entries.push_back(e);
    }
    if (item.entries.empty()) {
        if (error) *error = tr("An exception needs at least one entry");
        return std::nullopt;
    }
    return item;
}
