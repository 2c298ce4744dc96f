// SPDX-License-Identifier: Apache-2.0
#include "rule/rulelibrarymodel.h"

#include <QBrush>
#include <QFileInfo>

namespace {
QString joined(const std::vector<std::string>& values) {
    QStringList out;
    for (const auto& v : values)
        out << QString::fromStdString(v);
    return out.join(QStringLiteral(", "));
}
} // namespace

RuleLibraryModel::RuleLibraryModel(QObject* parent)
    : QAbstractTableModel(parent) { }

void RuleLibraryModel::setLibrary(std::shared_ptr<const Library> library) {
    beginResetModel();
    m_library = std::move(library);
    m_rows.clear();
    m_sweep.clear();
    if (m_library)
        for (const auto& file : *m_library) {
            for (const auto& rule : file.rules)
                m_rows.push_back({&file, &rule});
            if (file.rules.empty() && !file.issues.empty()) m_rows.push_back({&file, nullptr});
        }
    endResetModel();
}

void RuleLibraryModel::setSweep(const std::map<const wb::rules::DetectionRule*, wb::rules::SweepResult>& results) {
    m_sweep = results;
    if (!m_rows.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const wb::rules::DetectionRule* RuleLibraryModel::ruleAt(int row) const {
    return row >= 0 && row < rowCount() ? m_rows[std::size_t(row)].rule : nullptr;
}

const wb::rules::RuleFile* RuleLibraryModel::fileAt(int row) const {
    return row >= 0 && row < rowCount() ? m_rows[std::size_t(row)].file : nullptr;
}

int RuleLibraryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RuleLibraryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString RuleLibraryModel::statusText(const Row& row) const {
    if (!row.rule) return tr("not read: %1").arg(QString::fromStdString(row.file->issues.front().text()));
    if (!row.rule->supported) return tr("cannot run: %1").arg(QString::fromStdString(row.rule->unsupportedReason));
    const auto it = m_sweep.find(row.rule);
    if (it == m_sweep.end()) return tr("ready");
    if (it->second.status == "error") return tr("error: %1").arg(QString::fromStdString(it->second.reason));
    return tr("ran in %1 ms").arg(it->second.tookMs, 0, 'f', 1);
}

QVariant RuleLibraryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = m_rows[std::size_t(index.row())];
    const auto* r = row.rule;
    const auto sweep = r ? m_sweep.find(r) : m_sweep.end();
    const bool swept = sweep != m_sweep.end() && sweep->second.status == "ok";
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Name:
            return r ? QString::fromStdString(r->name) : QFileInfo(QString::fromStdString(row.file->path)).fileName();
        case Status:
            return statusText(row);
        case Alerts:
            return swept ? QVariant(qulonglong(sweep->second.alerts)) : QVariant();
        case Type:
            return r ? QString::fromStdString(r->type) : QString();
        case Os:
            return r ? joined(r->operatingSystems()) : QString();
        case Tactics:
            return r ? joined(r->tactics()) : QString();
        case File:
            return role == Qt::ToolTipRole ? QString::fromStdString(row.file->path)
                                           : QFileInfo(QString::fromStdString(row.file->path)).fileName();
        }
        return {};
    case Qt::ForegroundRole:
        if (!r || !r->supported || (sweep != m_sweep.end() && sweep->second.status == "error"))
            return QBrush(QColor(150, 150, 150));
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Alerts ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case SortRole:
        if (index.column() == Alerts) return swept ? qlonglong(sweep->second.alerts) : -1;
        return data(index, Qt::DisplayRole).toString().toLower();
    case SearchRole: {
        if (!r) return QString::fromStdString(row.file->path);
        QStringList words{QString::fromStdString(r->name), QString::fromStdString(r->ruleId),
            QString::fromStdString(r->type), QString::fromStdString(row.file->path)};
        for (const auto& t : r->tags)
            words << QString::fromStdString(t);
        return words.join(QLatin1Char('\n'));
    }
    case RunnableRole:
        return r && r->supported;
    case FiredRole:
        return swept && sweep->second.alerts > 0;
    default:
        return {};
    }
}

QVariant RuleLibraryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const names[] = {QT_TR_NOOP("Rule"), QT_TR_NOOP("Status"), QT_TR_NOOP("Alerts"),
        QT_TR_NOOP("Type"), QT_TR_NOOP("OS"), QT_TR_NOOP("Tactics"), QT_TR_NOOP("File")};
    return section < ColumnCount ? tr(names[section]) : QVariant();
}
