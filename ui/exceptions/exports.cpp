// SPDX-License-Identifier: Apache-2.0
#include "exceptions/exports.h"

#include "exceptions/exceptionio.h"
#include "export/ruleexport.h"
#include "rules/rulelibrary.h"
#include "rules/rulewriter.h"
#include "timeline/laneset.h"
#include "util/atomicfile.h"
#include "util/timestamp.h"
#include "workspace/workspace.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMenu>
#include <QMessageBox>
#include <QUuid>

namespace Exports {

QString text(const Workspace& workspace, const QString& what) {
    wb::ruleexport::TunedRule rule;
    const auto& seed = wb::rules::seedRule();
    const auto* version = seed.find(workspace.versionLabel().toStdString());
    if (!version) version = seed.find("v100");
    rule.base = *version;
    if (!workspace.ruleName().isEmpty()) rule.base.name = workspace.ruleName().toStdString();
    rule.ruleId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    rule.query = workspace.queryText().toStdString();
    rule.exceptions = workspace.exceptions();
    for (auto& list : rule.exceptions.lists) // switched-off items are not exported
        std::erase_if(list.items, [](const wb::exceptions::ExceptionItem& i) { return !i.enabled; });
    rule.tags = {"OS: macOS", "Use Case: Threat Detection", "Tuned: EQL Workbench"};
    const std::string date = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy/MM/dd")).toStdString();
    const auto& lanes = workspace.views().lanes;
    const std::int64_t to = lanes ? lanes->lastNs() : QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    const std::string toIso = wb::formatTimestampMillis(to);
    const std::string fromIso = wb::formatTimestampMillis(to - 9 * 60'000'000'000LL);
    if (what == QLatin1String("kibana-lists"))
        return QString::fromStdString(wb::exceptions::toKibanaNdjson(rule.exceptions));
    if (what == QLatin1String("toml-list")) {
        if (rule.exceptions.lists.empty()) return {};
        return QString::fromStdString(
            wb::exceptions::toDetectionRulesToml(rule.exceptions.lists.front(), {seed.ruleId}, {rule.base.name}, date));
    }
    if (workspace.ruleFromFile()) { // a rule from a file goes back with every field it had
        const wb::rules::DetectionRule opened = workspace.currentRule();
        if (what == QLatin1String("kibana-rule"))
            return QString::fromStdString(wb::rules::toKibanaNdjson(opened, rule.query, rule.exceptions));
        if (what == QLatin1String("toml-rule"))
            return QString::fromStdString(wb::rules::toDetectionRulesToml(opened, rule.query, date));
    }
    if (what == QLatin1String("kibana-rule")) return QString::fromStdString(wb::ruleexport::kibanaRuleNdjson(rule));
    if (what == QLatin1String("toml-rule"))
        return QString::fromStdString(wb::ruleexport::detectionRulesToml(rule, date));
    if (what == QLatin1String("eql")) return workspace.queryText() + QStringLiteral("\n");
    if (what == QLatin1String("es-request"))
        return QString::fromStdString(wb::ruleexport::eqlSearchRequest(rule, fromIso, toIso));
    if (what == QLatin1String("curl")) return QString::fromStdString(wb::ruleexport::curlCommand(rule, fromIso, toIso));
    return {};
}

bool toFile(const Workspace& workspace, const QString& what, const QString& path, QString* error) {
    const QString content = text(workspace, what);
    if (content.isEmpty()) {
        if (error) *error = QObject::tr("There is nothing to export");
        return false;
    }
    std::string message;
    // The file dialog already asked before replacing a file, so replacing here is not silent.
    if (!wb::writeFileAtomically(path.toStdString(), content.toStdString(), true, &message)) {
        if (error) *error = QString::fromStdString(message);
        return false;
    }
    return true;
}

void addActions(QMenu* menu, Workspace* workspace, QWidget* dialogParent) {
    const std::pair<QString, QString> exports[]
        = {{QObject::tr("Exception Lists for Kibana (NDJSON)…"), QStringLiteral("kibana-lists")},
            {QObject::tr("Exception List for detection-rules (TOML)…"), QStringLiteral("toml-list")},
            {QObject::tr("Tuned Rule for Kibana (NDJSON)…"), QStringLiteral("kibana-rule")},
            {QObject::tr("Tuned Rule for detection-rules (TOML)…"), QStringLiteral("toml-rule")},
            {QObject::tr("Tuned Rule as EQL…"), QStringLiteral("eql")},
            {QObject::tr("Copy as Elasticsearch Request"), QStringLiteral("es-request")},
            {QObject::tr("Copy as curl Command"), QStringLiteral("curl")}};
    for (const auto& [label, key] : exports)
        menu->addAction(label, dialogParent, [workspace, dialogParent, what = key] {
            if (what == QLatin1String("es-request") || what == QLatin1String("curl")) {
                QGuiApplication::clipboard()->setText(text(*workspace, what));
                workspace->notify(QObject::tr("Copied the _eql/search request for the last 9 minutes of the capture"));
                return;
            }
            const QString suffix = what.startsWith(QLatin1String("toml")) ? QStringLiteral("toml")
                : what == QLatin1String("eql")                            ? QStringLiteral("eql")
                                                                          : QStringLiteral("ndjson");
            const QString path
                = QFileDialog::getSaveFileName(dialogParent, QObject::tr("Export"), QStringLiteral("export.") + suffix,
                    QObject::tr("%1 files (*.%2);;All files (*)").arg(suffix.toUpper(), suffix));
            if (path.isEmpty()) return;
            QString error;
            if (!toFile(*workspace, what, path, &error))
                QMessageBox::warning(dialogParent, QObject::tr("Export"), error);
            else
                workspace->notify(QObject::tr("Exported to %1").arg(QDir::toNativeSeparators(path)));
        });
}

} // namespace Exports
