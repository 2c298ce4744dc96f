// SPDX-License-Identifier: Apache-2.0
#include "workspace/sessionfile.h"

#include "eql/parser.h"
#include "eql/printer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace {
QJsonObject tuningJson(const wb::tuning::RuleTuning& t) {
    QJsonObject o;
    if (t.maxspan)
        o[QStringLiteral("maxspan")] = QString::fromStdString(std::to_string(t.maxspan->value) + t.maxspan->unit);
    QJsonArray keys;
    for (const auto& k : t.sharedKeys)
        keys.append(QString::fromStdString(wb::eql::toEql(k)));
    o[QStringLiteral("by")] = keys;
    QJsonArray lists;
    for (const auto& l : t.lists) {
        QJsonObject list;
        list[QStringLiteral("label")] = QString::fromStdString(l.label());
        QJsonArray entries;
        for (const auto& e : l.entries)
            entries.append(
                QJsonObject{{QStringLiteral("value"), QString::fromStdString(wb::eql::formatLiteral(e.value))},
                    {QStringLiteral("enabled"), e.enabled}});
        list[QStringLiteral("entries")] = entries;
        lists.append(list);
    }
    o[QStringLiteral("lists")] = lists;
    return o;
}

// Restores the tuning onto the lists the rule text has (matched by position and label).
wb::tuning::RuleTuning tuningFrom(const QJsonObject& o, const QString& ruleText) {
    wb::tuning::RuleTuning t;
    try {
        t = wb::tuning::extractTuning(wb::eql::parseQuery(ruleText.toStdString()));
    } catch (const wb::eql::QueryError&) {
        return t;
    }
    if (o.contains(QStringLiteral("maxspan")))
        if (auto d = wb::tuning::parseDuration(o[QStringLiteral("maxspan")].toString().toStdString())) t.maxspan = d;
    if (o.contains(QStringLiteral("by"))) {
        t.sharedKeys.clear();
        for (const auto& k : o[QStringLiteral("by")].toArray()) {
            wb::eql::FieldRef ref;
            QString name = k.toString();
            ref.optional = name.startsWith(QLatin1Char('?'));
            ref.name = (ref.optional ? name.mid(1) : name).remove(QLatin1Char('`')).toStdString();
            t.sharedKeys.push_back(ref);
        }
    }
    const QJsonArray lists = o[QStringLiteral("lists")].toArray();
    for (int i = 0; i < lists.size() && i < int(t.lists.size()); ++i) {
        const QJsonObject list = lists[i].toObject();
        if (list[QStringLiteral("label")].toString().toStdString() != t.lists[std::size_t(i)].label()) continue;
        std::vector<wb::tuning::ValueListEntry> entries;
        for (const auto& e : list[QStringLiteral("entries")].toArray()) {
            const QJsonObject entry = e.toObject();
            try {
                const auto expr
                    = wb::eql::parseCondition("x == " + entry[QStringLiteral("value")].toString().toStdString());
                entries.push_back({expr->children[1]->literal, entry[QStringLiteral("enabled")].toBool(true)});
            } catch (const wb::eql::QueryError&) { }
        }
        t.lists[std::size_t(i)].entries = entries;
    }
    return t;
}
} // namespace

bool SessionFile::save(const QString& path, const SessionState& state, QString* error) {
    QJsonObject root;
    root[QStringLiteral("format")] = QStringLiteral("eql-workbench-session");
    root[QStringLiteral("version")] = 1;
    root[QStringLiteral("captures")] = QJsonArray::fromStringList(state.captures);
    root[QStringLiteral("ruleVersion")] = state.ruleVersion;
    root[QStringLiteral("rule")] = state.ruleText;
    if (!state.ruleFile.isEmpty()) {
        root[QStringLiteral("ruleFile")] = state.ruleFile;
        root[QStringLiteral("ruleId")] = state.ruleId;
    }
    root[QStringLiteral("tuning")] = tuningJson(state.tuning);
    root[QStringLiteral("view")] = QJsonObject{{QStringLiteral("from"), QString::number(state.viewFrom)},
        {QStringLiteral("to"), QString::number(state.viewTo)}};
    root[QStringLiteral("filter")] = state.filter;
    root[QStringLiteral("columns")] = QJsonArray::fromStringList(state.columns);
    root[QStringLiteral("exceptions")] = state.exceptions;
    root[QStringLiteral("disabledExceptionItems")] = QJsonArray::fromStringList(state.disabledExceptionItems);
    root[QStringLiteral("schedule")] = QJsonObject{{QStringLiteral("enabled"), state.scheduleEnabled},
        {QStringLiteral("intervalMs"), state.scheduleIntervalMs},
        {QStringLiteral("lookbackMs"), state.scheduleLookbackMs},
        {QStringLiteral("maxSignals"), state.scheduleMaxSignals}};
    if (!state.compareVersion.isEmpty()) root[QStringLiteral("compareVersion")] = state.compareVersion;
    if (!state.compareFile.isEmpty()) root[QStringLiteral("compareFile")] = state.compareFile;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(root).toJson());
    if (!file.commit()) { // the old file stays as it was if anything failed
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

std::optional<SessionState> SessionFile::load(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull() || !doc.isObject()
        || doc.object()[QStringLiteral("format")].toString() != QLatin1String("eql-workbench-session")) {
        if (error)
            *error = QStringLiteral("%1: not an EQL Workbench session (%2)")
                         .arg(path, parseError.error ? parseError.errorString() : QStringLiteral("wrong format"));
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    SessionState s;
    for (const auto& c : root[QStringLiteral("captures")].toArray())
        s.captures << c.toString();
    s.ruleVersion = root[QStringLiteral("ruleVersion")].toString();
    s.ruleText = root[QStringLiteral("rule")].toString();
    s.ruleFile = root[QStringLiteral("ruleFile")].toString();
    s.ruleId = root[QStringLiteral("ruleId")].toString();
    s.tuning = tuningFrom(root[QStringLiteral("tuning")].toObject(), s.ruleText);
    s.viewFrom = root[QStringLiteral("view")].toObject()[QStringLiteral("from")].toString().toLongLong();
    s.viewTo = root[QStringLiteral("view")].toObject()[QStringLiteral("to")].toString().toLongLong();
    s.filter = root[QStringLiteral("filter")].toString();
    for (const auto& c : root[QStringLiteral("columns")].toArray())
        s.columns << c.toString();
    s.exceptions = root[QStringLiteral("exceptions")].toString();
    for (const auto& c : root[QStringLiteral("disabledExceptionItems")].toArray())
        s.disabledExceptionItems << c.toString();
    const QJsonObject schedule = root[QStringLiteral("schedule")].toObject(); // absent in older sessions
    s.scheduleEnabled = schedule[QStringLiteral("enabled")].toBool();
    s.scheduleIntervalMs = qint64(schedule[QStringLiteral("intervalMs")].toDouble());
    s.scheduleLookbackMs = qint64(schedule[QStringLiteral("lookbackMs")].toDouble());
    s.scheduleMaxSignals = qint64(schedule[QStringLiteral("maxSignals")].toDouble());
    s.compareVersion = root[QStringLiteral("compareVersion")].toString();
    s.compareFile = root[QStringLiteral("compareFile")].toString();
    return s;
}
