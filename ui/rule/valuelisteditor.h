// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tuning/ruletuning.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;

// One value list of the rule (e.g. the network process names): entries can be switched off
// (unchecked), added and removed. Every change emits changed().
class ValueListEditor : public QWidget {
    Q_OBJECT
public:
    explicit ValueListEditor(const wb::tuning::ValueList& list, QWidget* parent = nullptr);

    const wb::tuning::ValueList& list() const { return m_list; }
    QListWidget* listWidget() const { return m_view; }
    // Switches an entry on or off by its text; false when there is no such entry.
    bool setEntryEnabled(const QString& value, bool enabled);
    bool addEntry(const QString& text);
    void removeSelected();

signals:
    void changed();

private:
    void rebuild();
    void onItemChanged(QListWidgetItem* item);

    wb::tuning::ValueList m_list;
    QLabel* m_title;
    QListWidget* m_view;
    QLineEdit* m_add;
    bool m_rebuilding = false;
};
