// SPDX-License-Identifier: Apache-2.0
#include "reportbuilder.h"

#include "eql/engine.h"
#include "eql/parser.h"
#include "eql/printer.h"
#include "exceptions/exceptioneffect.h"
#include "exceptions/exceptionfilter.h"
#include "util/textjoin.h"

#include <algorithm>

namespace wb::report {

namespace {
// Both queries printed the same way, so the diff shows what tuning changed and not how each was
// laid out; a query that does not parse is compared as written.
std::string canonicalQuery(const std::string& text) {
    try {
        return eql::toEql(eql::parseQuery(text));
    } catch (const eql::QueryError&) {
        return text;
    }
}

std::vector<SettingChange> settingChanges(const rules::DetectionRule& a, const rules::DetectionRule& b) {
    std::vector<SettingChange> changes;
    auto compare = [&](const char* name, const std::string& before, const std::string& after) {
        if (before != after) changes.push_back({name, before, after});
    };
    compare("name", a.name, b.name);
    compare("version", a.version ? std::to_string(*a.version) : "", b.version ? std::to_string(*b.version) : "");
    compare("severity", a.severity, b.severity);
    compare("risk score", std::to_string(a.riskScore), std::to_string(b.riskScore));
    compare("runs every", a.interval, b.interval);
    compare("looks back from", a.from, b.from);
    compare("max alerts a run", std::to_string(a.maxSignals), std::to_string(b.maxSignals));
    compare("indices", joinText(a.index), joinText(b.index));
    compare("event category field", a.eventCategoryOverride, b.eventCategoryOverride);
    compare("tiebreaker field", a.tiebreakerField, b.tiebreakerField);
    compare("exception lists", joinText(a.exceptionListIds()), joinText(b.exceptionListIds()));
    return changes;
}

std::string listLabel(const exceptions::ExceptionList& list) {
    return list.name.empty() || list.name == list.listId ? list.listId : list.name + " (" + list.listId + ")";
}

// Per list and item: the events it removes and the alerts of the rule without exceptions it
// suppresses on its own.
void addExceptionEffects(const EventStore& store, eql::Engine& engine, const eql::Query& query,
    const explain::ExplainOptions& options, ReportInput& input) {
    const exceptions::ExceptionSet& set = options.exceptions;
    if (set.lists.empty()) return;
    const eql::QueryResult baseline = engine.run(query, options.run); // no exceptions: only other indices
    input.alertsWithoutExceptions = baseline.total();
    const exceptions::ExceptionFilter all(store, set, options.nowNs);
    for (const auto& list :
        exceptions::exceptionEffects(store, set, all, all.excludedEvents(), baseline, options.cancel)) {
        ExceptionListEffect effect;
        effect.label = listLabel(*list.list);
        effect.items = list.list->items.size();
        effect.inactive = effect.items - list.items.size();
        effect.events = list.events;
        effect.alerts = list.alerts;
        for (const auto& item : list.items)
            effect.itemEffects.push_back(
                {item.item->name.empty() ? item.item->itemId : item.item->name, item.events, item.alerts});
        input.exceptionEffects.push_back(std::move(effect));
    }
    input.exceptionWarnings = all.warnings();
}
} // namespace

std::optional<ReportInput> buildReportInput(
    const EventStore& store, const process::ProcessTree& tree, const ReportRequest& request, std::string& error) {
    eql::Schema schema(store);
    eql::Engine engine(schema);
    return buildReportInput(schema, engine, tree, request, error);
}

std::optional<ReportInput> buildReportInput(const eql::Schema& schema, eql::Engine& engine,
    const process::ProcessTree& tree, const ReportRequest& request, std::string& error) {
    const EventStore& store = schema.store();
    ReportInput input;
    input.store = &store;
    input.tree = &tree;
    input.rule = request.rule;
    input.files = request.files;
    input.summary = CaptureSummary::compute(store);
    input.notes = request.notes;
    if (request.original) {
        input.originalLabel = request.originalLabel;
        input.queryDiff = diffLines(canonicalQuery(request.original->query), canonicalQuery(request.rule.query));
        input.settingChanges = settingChanges(*request.original, request.rule);
    }
    const eql::Query query = eql::parseQuery(request.rule.query);
    explain::Explainer explainer(schema, engine, query, request.options);
    input.totalAlerts = explainer.result().total();
    if (request.alert && *request.alert >= input.totalAlerts) {
        error = "there "
            + (input.totalAlerts == 1 ? std::string("is 1 alert")
                                      : "are " + std::to_string(input.totalAlerts) + " alerts")
            + ", no alert " + std::to_string(*request.alert + 1);
        return std::nullopt;
    }
    if (request.alert)
        input.alerts.push_back(explainer.explainAlert(*request.alert));
    else
        for (std::size_t i = 0; i < input.totalAlerts && i < MaxReportedAlerts; ++i)
            input.alerts.push_back(explainer.explainAlert(i));
    if (!request.alert && input.totalAlerts > MaxReportedAlerts)
        input.notes.push_back("the first " + std::to_string(MaxReportedAlerts) + " of "
            + std::to_string(input.totalAlerts) + " alerts are reported; ask for another by its number");
    for (const std::string& note : explainer.notes())
        input.notes.push_back(note);
    addExceptionEffects(store, engine, query, request.options, input);
    return input;
}

} // namespace wb::report
