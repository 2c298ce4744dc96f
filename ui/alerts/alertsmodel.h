// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/queryresult.h"
#include "store/eventstore.h"

#include <QAbstractTableModel>
#include <memory>

// The alerts of the last rule run: one row per sequence (or per event for an event query):
// what each stage matched ("bash → curl (93.184.216.34:443)"), its join keys with host and user
// names, when it started, the span from first to last stage, and the reason sentence Kibana
// would write for it.
class AlertsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Schedule and Compare come first when shown: they are what the user switched on to see.
    enum Column { Number, Schedule, Compare, Stages, JoinKeys, Start, Gap, Reason, ColumnCount };
    // A short word about a row from elsewhere (the schedule's fate, the comparison), with its
    // explanation; `warn` draws it in the alert colour.
    struct Tag {
        QString text, toolTip;
        bool warn = false;
    };
    explicit AlertsModel(QObject* parent = nullptr);

    // keyFields: the query's join keys, to name them; severity and rule name: for the reason.
    void setResult(std::shared_ptr<const wb::EventStore> store, const wb::eql::QueryResult& result,
        std::vector<std::string> keyFields = {}, std::string severity = "medium", std::string ruleName = {});
    const wb::eql::QueryResult& result() const { return m_result; }
    // The events of an alert (missing-event placeholders left out).
    std::vector<wb::EventIndex> events(int row) const;
    // Per row; empty when there is nothing to say (the panel hides the column then).
    void setTags(Column column, std::vector<Tag> tags);
    bool hasTags(Column column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString stageText(const std::optional<wb::EventIndex>& e) const;
    QString joinKeysText(int row) const;
    std::vector<std::string> m_keyFields;
    std::string m_severity, m_ruleName;
    std::shared_ptr<const wb::EventStore> m_store;
    wb::eql::QueryResult m_result;
    mutable std::vector<QString> m_reasons; // per row, made when first shown
    std::vector<Tag> m_scheduleTags, m_compareTags;
};
