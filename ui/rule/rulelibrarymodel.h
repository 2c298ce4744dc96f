// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/detectionrule.h"
#include "rules/rulesweep.h"

#include <QAbstractTableModel>
#include <map>
#include <memory>
#include <vector>

// The rules of a library, one row each: name, whether the workbench can run it (or why not),
// alerts from the last sweep, type, operating systems, tactics, file. Files that yielded no rule
// are rows too, with their problem.
class RuleLibraryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Status, Alerts, Type, Os, Tactics, File, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, SearchRole, RunnableRole, FiredRole };
    using Library = std::vector<wb::rules::RuleFile>;

    explicit RuleLibraryModel(QObject* parent = nullptr);
    void setLibrary(std::shared_ptr<const Library> library);
    void setSweep(const std::map<const wb::rules::DetectionRule*, wb::rules::SweepResult>& results);
    // The rule of a row and the file it came from (nullptr for a file's problem row).
    const wb::rules::DetectionRule* ruleAt(int row) const;
    const wb::rules::RuleFile* fileAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        const wb::rules::RuleFile* file;
        const wb::rules::DetectionRule* rule; // nullptr: the file's problem
    };
    QString statusText(const Row& row) const;
    std::shared_ptr<const Library> m_library;
    std::vector<Row> m_rows;
    std::map<const wb::rules::DetectionRule*, wb::rules::SweepResult> m_sweep;
};
