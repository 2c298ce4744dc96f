// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptions/exceptionmodel.h"
#include "store/eventstore.h"

#include <QDialog>
#include <memory>
#include <vector>

class QComboBox;
class Workspace;
class QLabel;
class QLineEdit;
class QTableWidget;

// "Add exception…" for an alert: proposes entries built from the alert's own events (parent
// name, process args as a wildcard, code-signing subject, destination, host, user), lets the user
// pick and edit them, and previews the effect live: whether the alert goes away and which other
// alerts the same item would also suppress — what a reviewer wants to know before it ships.
class AddExceptionDialog : public QDialog {
    Q_OBJECT
public:
    AddExceptionDialog(std::shared_ptr<const wb::EventStore> store, std::vector<std::vector<wb::EventIndex>> alerts,
        int alert, const QStringList& existingLists, QWidget* parent = nullptr);

    // The dialog for the workspace's selected alert; nullptr when no alert is selected.
    static std::unique_ptr<AddExceptionDialog> forSelectedAlert(const Workspace& workspace, QWidget* parent);
    // "Add Exception…": asks for the selected alert and adds the item to the workspace.
    static void addForSelectedAlert(Workspace& workspace, QWidget* parent);
    // Adds what the accepted dialog describes to the workspace's exception lists.
    void applyTo(Workspace& workspace) const;

    wb::exceptions::ExceptionItem item() const;
    QString listId() const;
    QString previewText() const;
    QTableWidget* entriesTable() const { return m_entries; }
    // Checks or unchecks the proposal for a field; false if there is none.
    bool setEntryChecked(const QString& field, bool checked);

private:
    void propose();
    void updatePreview();

    std::shared_ptr<const wb::EventStore> m_store;
    std::vector<std::vector<wb::EventIndex>> m_alerts;
    int m_alert;
    QTableWidget* m_entries;
    QLineEdit* m_name;
    QLineEdit* m_comment;
    QComboBox* m_list;
    QLineEdit* m_expires;
    QLabel* m_preview;
};
