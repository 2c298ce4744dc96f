// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptions/exceptionmodel.h"

#include <QDialog>
#include <optional>

class QLineEdit;
class QTableWidget;

// Edits an exception item: its name, description, expire time and entries (field, operator,
// type, value; match_any values comma-separated). Nested and value-list entries are kept as
// they are and shown read-only.
class ExceptionItemDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExceptionItemDialog(const wb::exceptions::ExceptionItem& item, QWidget* parent = nullptr);
    // The edited item; nullopt with a message when an entry is incomplete.
    std::optional<wb::exceptions::ExceptionItem> result(QString* error) const;
    QTableWidget* entriesTable() const { return m_entries; }
    QLineEdit* nameEdit() const { return m_name; }

private:
    void addRow(const wb::exceptions::ExceptionEntry& entry);

    wb::exceptions::ExceptionItem m_item;
    QLineEdit* m_name;
    QLineEdit* m_description;
    QLineEdit* m_expires;
    QTableWidget* m_entries;
};
