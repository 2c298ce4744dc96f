// SPDX-License-Identifier: Apache-2.0
#include "events/eventsmodel.h"

#include "eql/condition.h"
#include "eql/parser.h"
#include "util/timestamp.h"

#include <QBrush>
#include <QColor>
#include <QRegularExpression>
#include <QtConcurrent>
#include <algorithm>

EventsModel::EventsModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_columns(defaultColumns()) {
    connect(&m_filterWatcher, &QFutureWatcher<std::vector<wb::EventIndex>>::finished, this, [this] {
        if (m_filterWatcher.future().resultCount() == 0) return;
        applyRows(m_filterWatcher.result());
    });
}

EventsModel::~EventsModel() {
    abandonFilter();
}

void EventsModel::abandonFilter() {
    if (m_filterCancel) *m_filterCancel = true;
    m_filterCancel.reset();
    // Watching nothing: the abandoned filter's result is never applied. The worker holds only
    // copies and the store it shares, so it may finish after this model is gone.
    m_filterWatcher.setFuture(QFuture<std::vector<wb::EventIndex>>());
}

QStringList EventsModel::defaultColumns() {
    return {QStringLiteral("@timestamp"), QStringLiteral("event.category"), QStringLiteral("event.type"),
        QStringLiteral("event.action"), QStringLiteral("host.name"), QStringLiteral("user.name"),
        QStringLiteral("process.pid"), QStringLiteral("process.name"), QStringLiteral("process.parent.name"),
        QStringLiteral("process.args"), QStringLiteral("destination.ip"), QStringLiteral("destination.port")};
}

void EventsModel::setStore(
    std::shared_ptr<const wb::EventStore> store, std::shared_ptr<const std::vector<wb::EventIndex>> timeOrder) {
    abandonFilter();
    beginResetModel();
    m_store = std::move(store);
    m_all.clear();
    if (m_store && timeOrder) m_all = *timeOrder;
    m_rows = m_all;
    m_highlighted.clear();
    endResetModel();
    setColumns(m_columns);
}

void EventsModel::setColumns(const QStringList& fieldPaths) {
    beginResetModel();
    m_columns = fieldPaths;
    m_fieldIds.clear();
    for (const QString& c : m_columns)
        m_fieldIds.push_back(m_store ? m_store->fields().find(c.toStdString()) : wb::FieldTable::npos);
    endResetModel();
}

QString EventsModel::cellText(wb::EventIndex e, int column) const {
    if (!m_store || column < 0 || column >= m_columns.size()) return {};
    return cellText(*m_store, e, m_columns[column], m_fieldIds[std::size_t(column)]);
}

QString EventsModel::cellText(const wb::EventStore& store, wb::EventIndex e, const QString& column, wb::FieldId f) {
    if (column == QLatin1String("@timestamp")) {
        const std::int64_t ts = store.timestampNs(e);
        return ts == wb::NoTimestamp ? QString() : QString::fromStdString(wb::formatTimestamp(ts));
    }
    if (f == wb::FieldTable::npos) return {};
    QStringList parts;
    store.forEachValue(e, f, [&](const wb::Value& v) {
        switch (v.kind) {
        case wb::ValueKind::String: {
            const std::string_view s = store.strings().view(v.string);
            parts << QString::fromUtf8(s.data(), qsizetype(s.size()));
            break;
        }
        case wb::ValueKind::Int:
            parts << QString::number(v.integer);
            break;
        case wb::ValueKind::Double:
            parts << QString::number(v.real);
            break;
        case wb::ValueKind::True:
            parts << QStringLiteral("true");
            break;
        case wb::ValueKind::False:
            parts << QStringLiteral("false");
            break;
        case wb::ValueKind::Null:
            parts << QStringLiteral("null");
            break;
        }
    });
    return parts.join(QStringLiteral(", "));
}

EventsModel::FilterKind EventsModel::setFilter(const QString& text, QString* error) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || !m_store) {
        abandonFilter();
        m_filtered = false;
        setCutoff(m_cutoff);
        return FilterKind::None;
    }
    m_filtered = true;
    std::shared_ptr<wb::eql::Expr> condition;
    try {
        condition = wb::eql::parseCondition(trimmed.toStdString());
        // A bare word (`curl`) or `mbp-alice` parses too, as a field or arithmetic: that is text.
        using K = wb::eql::ExprKind;
        const K k = condition->kind;
        const bool predicate = k == K::Compare || k == K::In || k == K::Match || k == K::And || k == K::Or
            || k == K::Not
            || (k == K::Call
                && (condition->name == "startsWith" || condition->name == "endsWith"
                    || condition->name == "stringContains" || condition->name == "cidrMatch"));
        if (!predicate) condition.reset();
    } catch (const wb::eql::QueryError& e) {
        // Text with an operator or a quote was meant as EQL: say what is wrong with it.
        static const QRegularExpression eqlish(QStringLiteral(R"((==|!=|<|>|:|\bwhere\b|\bin\b|\band\b|\bor\b|"))"));
        if (eqlish.match(trimmed).hasMatch()) {
            if (error) *error = QString::fromStdString(e.what());
            return FilterKind::Eql;
        }
    }
    // A new filter replaces the running one without waiting for it (typing stays fluid on a
    // million events); the worker gets copies of everything it reads.
    abandonFilter();
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_filterCancel = cancel;
    auto store = m_store;
    auto all = std::make_shared<std::vector<wb::EventIndex>>(m_all);
    const auto abandoned = [cancel](std::size_t i) { return (i & 4095) == 0 && cancel->load(); };
    if (condition) {
        m_filterWatcher.setFuture(QtConcurrent::run([store, all, condition, abandoned] {
            wb::eql::Schema schema(*store);
            std::vector<wb::EventIndex> rows;
            std::vector<wb::eql::Condition> perIndex;
            for (std::size_t slot = 0; slot < schema.indexCount(); ++slot)
                perIndex.emplace_back(*condition, schema, slot);
            for (std::size_t i = 0; i < all->size(); ++i) {
                if (abandoned(i)) return std::vector<wb::EventIndex>();
                const wb::EventIndex e = (*all)[i];
                if (perIndex[schema.indexOf(e)].matches(e)) rows.push_back(e);
            }
            return rows;
        }));
        return FilterKind::Eql;
    }
    m_filterWatcher.setFuture(
        QtConcurrent::run([store, all, needle = trimmed, columns = m_columns, fields = m_fieldIds, abandoned] {
            std::vector<wb::EventIndex> rows;
            for (std::size_t i = 0; i < all->size(); ++i) {
                if (abandoned(i)) return std::vector<wb::EventIndex>();
                const wb::EventIndex e = (*all)[i];
                for (int c = 0; c < columns.size(); ++c)
                    if (cellText(*store, e, columns[c], fields[std::size_t(c)]).contains(needle, Qt::CaseInsensitive)) {
                        rows.push_back(e);
                        break;
                    }
            }
            return rows;
        }));
    return FilterKind::Text;
}

void EventsModel::setCutoff(std::optional<std::int64_t> ns) {
    m_cutoff = ns;
    if (m_filtered || !m_store) return;
    if (!ns) {
        if (m_rows.size() != m_all.size()) applyRows(m_all);
        return;
    }
    const auto end = std::upper_bound(m_all.begin(), m_all.end(), *ns,
        [this](std::int64_t t, wb::EventIndex e) { return t < m_store->timestampNs(e); });
    if (std::size_t(end - m_all.begin()) != m_rows.size()) applyRows(std::vector<wb::EventIndex>(m_all.begin(), end));
}

void EventsModel::waitForFilter() {
    // Keeps the event loop running meanwhile, as the window does for a user: a blocking wait here
    // would itself be the stall that bench_stall measures.
    while (m_filterWatcher.isRunning()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (m_filterWatcher.isRunning()) QThread::msleep(1);
    }
    QCoreApplication::processEvents();
}

void EventsModel::applyRows(std::vector<wb::EventIndex> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit filterApplied(int(m_rows.size()));
}

void EventsModel::setHighlighted(const std::vector<wb::EventIndex>& events) {
    m_highlighted = std::unordered_set<wb::EventIndex>(events.begin(), events.end());
    if (!m_rows.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::BackgroundRole});
}

int EventsModel::rowOf(wb::EventIndex e) const {
    if (!m_store) return -1;
    const std::int64_t ts = m_store->timestampNs(e);
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), ts,
        [this](wb::EventIndex x, std::int64_t t) { return m_store->timestampNs(x) < t; });
    for (; it != m_rows.end() && m_store->timestampNs(*it) == ts; ++it)
        if (*it == e) return int(it - m_rows.begin());
    return -1;
}

int EventsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}
int EventsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant EventsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const wb::EventIndex e = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return cellText(e, index.column());
    case EventIndexRole:
        return qulonglong(e);
    case Qt::BackgroundRole:
        if (m_highlighted.count(e)) return QBrush(QColor(240, 160, 48, 90)); // readable on light and dark
        return {};
    default:
        return {};
    }
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Horizontal) return section < m_columns.size() ? m_columns[section] : QVariant();
    return section + 1;
}
