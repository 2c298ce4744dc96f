// SPDX-License-Identifier: Apache-2.0
#include "alerts/alertsmodel.h"

#include "export/alertreason.h"
#include "util/timestamp.h"

#include <QColor>

namespace {
QString firstText(const wb::EventStore& store, wb::EventIndex e, const char* path) {
    return QString::fromStdString(store.firstText(e, store.fields().find(path)));
}
} // namespace

AlertsModel::AlertsModel(QObject* parent)
    : QAbstractTableModel(parent) { }

void AlertsModel::setResult(std::shared_ptr<const wb::EventStore> store, const wb::eql::QueryResult& result,
    std::vector<std::string> keyFields, std::string severity, std::string ruleName) {
    beginResetModel();
    m_store = std::move(store);
    m_result = result;
    m_keyFields = std::move(keyFields);
    m_severity = std::move(severity);
    m_ruleName = std::move(ruleName);
    m_reasons.assign(std::size_t(rowCount()), QString());
    endResetModel();
}

std::vector<wb::EventIndex> AlertsModel::events(int row) const {
    if (row < 0 || row >= rowCount()) return {};
    return m_result.eventsOf(std::size_t(row));
}

int AlertsModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return int(m_result.kind == wb::eql::Query::Kind::Event ? m_result.events.size() : m_result.matches.size());
}

int AlertsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

// What a stage matched, in a few words: the process, and where a network event went.
QString AlertsModel::stageText(const std::optional<wb::EventIndex>& e) const {
    if (!e) return tr("(missing)");
    const QString name = firstText(*m_store, *e, "process.name");
    const QString category = firstText(*m_store, *e, "event.category");
    QString detail;
    if (category == QLatin1String("network")) {
        detail = firstText(*m_store, *e, "destination.domain");
        if (detail.isEmpty()) detail = firstText(*m_store, *e, "destination.ip");
        const QString port = firstText(*m_store, *e, "destination.port");
        if (!detail.isEmpty() && !port.isEmpty()) detail += QLatin1Char(':') + port;
        if (detail.isEmpty()) detail = firstText(*m_store, *e, "dns.question.name");
    } else if (category == QLatin1String("file")) {
        detail = firstText(*m_store, *e, "file.name");
    }
    QString text = name.isEmpty() ? category : name;
    if (!detail.isEmpty()) text += QStringLiteral(" (%1)").arg(detail);
    return text;
}

// Join key values with the names people know them by: a host.id shows its host.name, a user.id
// its user.name.
QString AlertsModel::joinKeysText(int row) const {
    if (m_result.kind == wb::eql::Query::Kind::Event) return QString();
    const auto& match = m_result.matches[std::size_t(row)];
    const std::vector<wb::EventIndex> evs = events(row);
    QStringList keys;
    for (std::size_t i = 0; i < match.joinKeys.size(); ++i) {
        QString value = QString::fromStdString(match.joinKeys[i].text(m_result.kind == wb::eql::Query::Kind::Sample));
        const std::string field = i < m_keyFields.size() ? m_keyFields[i] : std::string();
        if (field.size() > 3 && field.ends_with(".id") && !evs.empty()) {
            const std::string sibling = field.substr(0, field.size() - 3) + ".name";
            const QString name = firstText(*m_store, evs.front(), sibling.c_str());
            if (!name.isEmpty() && name != value) {
                if (value.size() > 12) value = value.left(8) + QStringLiteral("…");
                value = QStringLiteral("%1 (%2)").arg(name, value);
            }
        }
        keys << value;
    }
    return keys.join(QStringLiteral(" · "));
}

QVariant AlertsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !m_store || index.row() >= rowCount()) return {};
    const std::vector<wb::EventIndex> evs = events(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Number:
            return index.row() + 1;
        case JoinKeys:
            return joinKeysText(index.row());
        case Start:
            if (evs.empty() || m_store->timestampNs(evs.front()) == wb::NoTimestamp) return QString();
            return QString::fromStdString(wb::formatTimestampMillis(m_store->timestampNs(evs.front())));
        case Gap: {
            if (evs.size() < 2) return QString();
            const double ms = double(m_store->timestampNs(evs.back()) - m_store->timestampNs(evs.front())) / 1e6;
            return ms < 1000 ? tr("%1 ms").arg(ms, 0, 'f', 0) : tr("%1 s").arg(ms / 1000, 0, 'f', 3);
        }
        case Stages: {
            QStringList parts;
            if (m_result.kind == wb::eql::Query::Kind::Event)
                parts << stageText(evs.front());
            else
                for (const auto& e : m_result.matches[std::size_t(index.row())].events)
                    parts << stageText(e);
            return parts.join(QStringLiteral(" → "));
        }
        case Schedule:
        case Compare: {
            const auto& tags = index.column() == Schedule ? m_scheduleTags : m_compareTags;
            if (std::size_t(index.row()) >= tags.size()) return QString();
            const Tag& t = tags[std::size_t(index.row())];
            return role == Qt::ToolTipRole && !t.toolTip.isEmpty() ? t.toolTip : t.text;
        }
        case Reason:
            return QString::fromStdString(wb::alerts::kibanaReason(
                *m_store, evs, m_severity, m_ruleName.empty() ? tr("(custom query)").toStdString() : m_ruleName));
        }
    }
    if (role == Qt::ForegroundRole && (index.column() == Schedule || index.column() == Compare)) {
        const auto& tags = index.column() == Schedule ? m_scheduleTags : m_compareTags;
        if (std::size_t(index.row()) < tags.size() && tags[std::size_t(index.row())].warn) return QColor(204, 0, 0);
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Number || index.column() == Gap))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

void AlertsModel::setTags(Column column, std::vector<Tag> tags) {
    (column == Schedule ? m_scheduleTags : m_compareTags) = std::move(tags);
    if (rowCount() > 0) emit dataChanged(index(0, column), index(rowCount() - 1, column));
}

bool AlertsModel::hasTags(Column column) const {
    return !(column == Schedule ? m_scheduleTags : m_compareTags).empty();
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Number:
        return tr("#");
    case JoinKeys:
        return tr("Join keys");
    case Start:
        return tr("First event (UTC)");
    case Gap:
        return tr("Span");
    case Stages:
        return tr("Stages");
    case Schedule:
        return tr("Schedule");
    case Compare:
        return tr("Compare");
    case Reason:
        return tr("Reason (as Kibana writes it)");
    }
    return {};
}
