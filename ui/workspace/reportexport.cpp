// SPDX-License-Identifier: Apache-2.0
#include "workspace/reportexport.h"

#include "eql/queryerror.h"
#include "report/reportpdfwriter.h"
#include "rules/ruleplan.h"

#include <QSaveFile>

ReportExportResult writeReport(ReportExportJob job, const std::atomic<bool>& cancel) {
    ReportExportResult result;
    result.path = job.path;
    auto fail = [&](const QString& why) {
        result.error = QObject::tr("%1: %2").arg(job.path, why);
        return result;
    };
    if (!job.store) return fail(QObject::tr("no capture is open"));
    std::shared_ptr<const wb::process::ProcessTree> tree = job.tree;
    if (!tree) tree = std::make_shared<const wb::process::ProcessTree>(wb::process::ProcessTree::build(*job.store));
    // As eqlwb report plans the run: the events the rule's indices never see, and what it says
    // about them (events without an _index, outside the rule's indices).
    const wb::rules::RulePlan plan = wb::rules::planRule(job.request.rule, *job.store, {}, job.request.options.nowNs);
    job.request.options.run.excluded = &plan.excluded;
    job.request.notes.insert(job.request.notes.end(), plan.notes.begin(), plan.notes.end());
    job.request.options.cancel = &cancel;
    std::string error;
    std::optional<wb::report::ReportInput> input;
    try {
        input = job.engine ? job.engine->report(*tree, job.request, error)
                           : wb::report::buildReportInput(*job.store, *tree, job.request, error);
    } catch (const wb::eql::QueryError& e) {
        return fail(QObject::tr("the query cannot run: %1").arg(QString::fromStdString(e.what())));
    }
    if (!input) return fail(QString::fromStdString(error));
    if (cancel.load()) return result;

    QByteArray bytes;
    if (job.format == ReportExportJob::Format::Pdf) {
        QString why;
        bytes = wb::reportpdf::renderReportPdf(
            wb::report::alertReport(*input, wb::report::PictureMode::Referenced), &why);
        if (bytes.isEmpty()) return fail(QObject::tr("the PDF cannot be drawn: %1").arg(why));
    } else {
        bytes = QByteArray::fromStdString(wb::report::alertReportHtml(*input));
    }
    QSaveFile file(job.path);
    if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit()) return fail(file.errorString());
    return result;
}
