// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QStringList>
#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

// Every event of the capture in time order, or those a filter keeps, as a virtual table: rows
// are event indices and cells are read from the store when the view asks, so 1M rows cost 4 MB.
// The filter is an EQL condition (`process.name : "curl*"`) or, when the text is not one, plain
// text searched in the visible columns; it is applied off the GUI thread.
class EventsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { EventIndexRole = Qt::UserRole + 1 };
    explicit EventsModel(QObject* parent = nullptr);
    ~EventsModel() override;

    static QStringList defaultColumns();
    // timeOrder: the store's events by time (the rows, unfiltered); computed off the GUI thread.
    void setStore(
        std::shared_ptr<const wb::EventStore> store, std::shared_ptr<const std::vector<wb::EventIndex>> timeOrder);
    void setColumns(const QStringList& fieldPaths);
    const QStringList& columns() const { return m_columns; }

    // Returns false and sets error when the text looks like EQL but does not parse.
    enum class FilterKind { None, Eql, Text };
    FilterKind setFilter(const QString& text, QString* error = nullptr);
    void waitForFilter();
    void setHighlighted(const std::vector<wb::EventIndex>& events);
    // Replay: without a filter, only the events up to `ns` are rows.
    void setCutoff(std::optional<std::int64_t> ns);

    wb::EventIndex eventAt(int row) const { return m_rows[std::size_t(row)]; }
    int rowOf(wb::EventIndex e) const; // -1 when filtered out
    QString cellText(wb::EventIndex e, int column) const;
    // A cell's text from the store alone (field npos: empty), so a filter on a worker thread reads
    // no model state.
    static QString cellText(const wb::EventStore& store, wb::EventIndex e, const QString& column, wb::FieldId field);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    void filterApplied(int rows);

private:
    void applyRows(std::vector<wb::EventIndex> rows);
    // Stops the filter running on a worker, if any: its rows will not be applied. Never waits.
    void abandonFilter();
    std::shared_ptr<const wb::EventStore> m_store;
    QStringList m_columns;
    std::vector<wb::FieldId> m_fieldIds;
    std::vector<wb::EventIndex> m_all; // time order
    std::vector<wb::EventIndex> m_rows;
    std::unordered_set<wb::EventIndex> m_highlighted;
    std::optional<std::int64_t> m_cutoff;
    bool m_filtered = false;
    QFutureWatcher<std::vector<wb::EventIndex>> m_filterWatcher;
    std::shared_ptr<std::atomic<bool>> m_filterCancel;
};
