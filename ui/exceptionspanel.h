// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptions/exceptionmodel.h"
#include "rulerunner.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

// The exception lists applied to the rule: lists and their items, each with how many events
// and alerts it suppresses. Items can be switched off, expired, commented and deleted; lists
// can be imported. Every change emits changed() and re-runs the rule.
class ExceptionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExceptionsPanel(QWidget* parent = nullptr);

    const wb::exceptions::ExceptionSet& exceptions() const { return m_set; }
    void setExceptions(const wb::exceptions::ExceptionSet& set);
    void addItem(const QString& listId, const wb::exceptions::ExceptionItem& item);
    void setEffects(
        const std::map<std::string, RuleRun::ItemEffect>& effects, const std::vector<std::string>& warnings);
    bool importFile(const QString& path, QString* error);
    QTreeWidget* tree() const { return m_tree; }
    // The selected item as (list index, item index), or (-1, -1).
    std::pair<int, int> selected() const;
    void setItemEnabled(int list, int item, bool enabled);
    void replaceItem(int list, int item, const wb::exceptions::ExceptionItem& edited);

signals:
    void changed();
    void addFromAlertRequested();
    void exportRequested(const QString& what);

private:
    void rebuild();
    void editSelected();
    void expireSelected();
    void commentSelected();
    void deleteSelected();

    wb::exceptions::ExceptionSet m_set;
    std::map<std::string, RuleRun::ItemEffect> m_effects;
    QTreeWidget* m_tree;
    QLabel* m_warnings;
    bool m_rebuilding = false;
};
