// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/queryresult.h"
#include "store/eventstore.h"

#include <QAbstractTableModel>
#include <memory>

// The alerts of the last rule run: one row per sequence (or per event for an event query),
// with its join keys, when it started, the gap from first to last stage, and what each stage
// matched.
class AlertsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Number, JoinKeys, Start, Gap, Stages, ColumnCount };
    explicit AlertsModel(QObject* parent = nullptr);

    void setResult(std::shared_ptr<const wb::EventStore> store, const wb::eql::QueryResult& result);
    const wb::eql::QueryResult& result() const { return m_result; }
    // The events of an alert (missing-event placeholders left out).
    std::vector<wb::EventIndex> events(int row) const;
    int hostCount() const { return m_hosts; }
    int userCount() const { return m_users; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString stageText(const std::optional<wb::EventIndex>& e) const;
    std::shared_ptr<const wb::EventStore> m_store;
    wb::eql::QueryResult m_result;
    int m_hosts = 0, m_users = 0;
};
