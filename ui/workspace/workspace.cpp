// SPDX-License-Identifier: Apache-2.0
#include "workspace/workspace.h"

#include "compare/alertdiff.h"
#include "eql/parser.h"
#include "eql/printer.h"
#include "exceptions/exceptionio.h"
#include "load/capturecache.h"
#include "process/processtree.h"
#include "replay/replaycontroller.h"
#include "rules/rulelibrary.h"
#include "rules/ruleplan.h"
#include "rules/rulereader.h"
#include "story/eventstory.h"
#include "timeline/laneset.h"
#include "widgets/counted.h"
#include "workspace/jobrunner.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>
#include <set>
#include <thread>

namespace {
const QString LoadJob = QStringLiteral("load");
const QString ViewsJob = QStringLiteral("views");
const QString RuleJob = QStringLiteral("rule");
const QString LibraryJob = QStringLiteral("library");
const QString SweepJob = QStringLiteral("sweep");
const QString ScheduleJob = QStringLiteral("schedule"); // on the rule's thread: one engine
const QString CompareJob = QStringLiteral("compare");
const QString WhyJob = QStringLiteral("why");
const QString CacheWriteJob = QStringLiteral("cache-write");
const QString ReportJob = QStringLiteral("report");

const wb::CaptureCache& captureCache() {
    static const wb::CaptureCache cache;
    return cache;
}

// The schedule a rule has in Kibana (5m and now-6m when it says nothing).
void takeRuleSchedule(Workspace::ScheduleSettings& s, const wb::rules::DetectionRule& rule) {
    s.intervalMs = wb::schedule::parseDateMathOffsetMs(rule.interval).value_or(300'000);
    s.lookbackMs = wb::schedule::parseDateMathOffsetMs(rule.from).value_or(360'000);
    s.maxSignals = rule.maxSignals > 0 ? rule.maxSignals : 100;
}

} // namespace

QString Workspace::RuleError::text() const {
    return message.isEmpty() ? QString() : tr("line %1:%2: %3").arg(line).arg(column).arg(message);
}

Workspace::Workspace(QObject* parent)
    : QObject(parent)
    , m_jobs(new JobRunner(this))
    , m_replay(new ReplayController(this))
    , m_autosaveTimer(new QTimer(this)) {
    qRegisterMetaType<RuleRun>();
    qRegisterMetaType<LoadedCapture>();
    m_jobs->setSerial(RuleJob);
    m_jobs->shareThread(ScheduleJob, RuleJob);
    m_jobs->shareThread(CompareJob, RuleJob);
    m_jobs->shareThread(WhyJob, RuleJob);
    m_jobs->shareThread(ReportJob, RuleJob); // the report uses the rule's engine
    connect(this, &Workspace::ruleOpened, this, [this] {
        takeRuleSchedule(m_scheduleSettings, currentRule());
        emit scheduleSettingsChanged();
    });
    connect(m_jobs, &JobRunner::progress, this, [this](const QString& kind, int value) {
        if (kind == LoadJob) emit loadProgress(value);
        if (kind == SweepJob && m_library) {
            int total = 0;
            for (const auto& f : *m_library)
                total += int(f.rules.size());
            emit sweepProgress(value, total);
        }
    });
    connect(m_jobs, &JobRunner::cancelled, this, [this](const QString& kind) {
        if (kind != LoadJob) return;
        emit loadingCancelled();
        emit message(tr("Loading cancelled"));
    });
    connect(m_replay, &ReplayController::nowChanged, this, [this](std::int64_t ns) {
        if (!m_replayMode) return;
        updateVisibleResult();
        emit replayTimeChanged(ns);
        announceStages(m_replayPrevious, ns);
        m_replayPrevious = ns;
    });
    m_autosaveTimer->setSingleShot(true);
    m_autosaveTimer->setInterval(2000); // two seconds after the last change
    connect(m_autosaveTimer, &QTimer::timeout, this, &Workspace::writeAutosave);
    selectVersion(QStringLiteral("v100"));
    m_autosaveTimer->stop(); // nothing the user made yet: keep the last session's autosave
}

Workspace::~Workspace() {
    m_autosaveTimer->stop();
}

// --- captures ---------------------------------------------------------------------------------

void Workspace::openCaptures(const QStringList& paths) {
    m_loadingPaths = paths;
    emit loadingStarted(paths);
    emit message(paths.size() == 1 ? tr("Loading %1…").arg(QFileInfo(paths.first()).fileName())
                                   : tr("Loading %1 files…").arg(paths.size()));
    m_jobs->start<LoadedCapture>(
        LoadJob,
        [paths, cache = captureCacheEnabled() ? &captureCache() : nullptr](const std::atomic<bool>& cancel,
            const JobRunner::Progress& progress) { return loadCapture(paths, cancel, progress, cache); },
        [this](LoadedCapture capture) { onLoaded(std::move(capture)); });
}

bool Workspace::captureCacheEnabled() const {
    return QSettings().value(QStringLiteral("captureCache/enabled"), true).toBool();
}

void Workspace::setCaptureCacheEnabled(bool enabled) {
    QSettings().setValue(QStringLiteral("captureCache/enabled"), enabled);
}

std::size_t Workspace::clearCaptureCache() {
    return captureCache().clear();
}

void Workspace::cancelLoading() {
    m_jobs->cancel(LoadJob);
}

bool Workspace::isLoading() const {
    return m_jobs->isRunning(LoadJob);
}

void Workspace::onLoaded(LoadedCapture capture) {
    m_capture = std::move(capture);
    m_capturePaths.clear();
    for (const QString& p : std::as_const(m_loadingPaths))
        m_capturePaths << QFileInfo(p).absoluteFilePath();
    m_engine = std::make_shared<RuleEngine>(m_capture.store);
    updateOutsideIndices();
    m_views = {};
    m_lastRun = {};
    m_visible = {};
    m_selection = {};
    m_viewFrom = m_viewTo = 0;
    m_schedule.reset(); // of the events of the previous capture
    m_why.reset();
    m_comparison.reset();
    m_comparedAlerts.clear();
    if (m_replayMode) setReplayMode(false);
    emit captureChanged();
    if (m_capture.report.fromCache) emit message(tr("Opened from the capture cache"));
    if (!m_capture.report.cacheNote.empty())
        emit message(tr("Capture cache: %1").arg(QString::fromStdString(m_capture.report.cacheNote)));
    emit scheduleChanged();
    emit comparisonChanged();
    emit whyChanged();
    emit resultChanged();
    emit selectionChanged();
    if (m_pendingSession) {
        const SessionState s = *m_pendingSession;
        m_pendingSession.reset();
        applySession(s);
    }
    buildViews();
    runRule();
    scheduleAutosave();
    writeCaptureCache();
}

void Workspace::writeCaptureCache() {
    if (!m_capture.report.pendingCacheKey || !captureCacheEnabled()) return;
    // The store is shared and never changes: it is written while the user works with it.
    m_jobs->start<QString>(
        CacheWriteJob,
        [store = m_capture.store, report = m_capture.report, key = *m_capture.report.pendingCacheKey](
            const std::atomic<bool>&, const JobRunner::Progress&) -> std::optional<QString> {
            std::string why;
            if (!captureCache().write(key, *store, report, why)) return QString::fromStdString(why);
            return QString();
        },
        [this](QString why) {
            emit message(why.isEmpty() ? tr("Saved to the capture cache: the next open is instant")
                                       : tr("Capture cache: %1").arg(why));
        });
}

void Workspace::buildViews() {
    if (!m_capture.store) return;
    auto store = m_capture.store;
    // The tree depends on the capture only; the lanes follow the rule's join keys.
    auto tree = m_views.tree;
    m_jobs->start<CaptureViews>(
        ViewsJob,
        [store, keys = joinKeyFields(), tree](const std::atomic<bool>&, const JobRunner::Progress&) {
            return std::optional<CaptureViews>(buildCaptureViews(store, keys, tree));
        },
        [this, store](CaptureViews views) {
            if (store != m_capture.store) return;
            m_views = std::move(views);
            emit viewsChanged();
            updateSelectionChain();
        });
}

// --- the rule ---------------------------------------------------------------------------------

void Workspace::selectVersion(const QString& label) {
    const auto* v = wb::rules::seedRule().find(label.toStdString());
    if (!v) return;
    const bool other = m_openedRule || label != m_metadataVersion;
    m_openedRule.reset();
    m_version = label;
    m_metadataVersion = label;
    if (other) {
        updateOutsideIndices();
        emit ruleOpened();
    }
    setRuleText(QString::fromStdString(v->query));
}

bool Workspace::openRule(const wb::rules::DetectionRule& rule, const wb::exceptions::ExceptionSet& fileLists) {
    if (!rule.supported) {
        emit message(tr("%1 cannot run here: %2")
                         .arg(QString::fromStdString(rule.name), QString::fromStdString(rule.unsupportedReason)));
        return false;
    }
    m_openedRule = rule;
    m_version.clear();
    const wb::exceptions::ExceptionSet referenced = wb::rules::referencedLists(rule, fileLists);
    if (!referenced.lists.empty()) { // the lists it references come with it, to see and switch off
        for (const auto& list : referenced.lists)
            if (!m_exceptions.find(list.listId)) m_exceptions.lists.push_back(list);
        emit exceptionsChanged();
    }
    updateOutsideIndices();
    emit ruleOpened();
    setRuleText(QString::fromStdString(rule.query));
    emit message(tr("Opened %1 from %2").arg(QString::fromStdString(rule.name), QString::fromStdString(rule.file)));
    return true;
}

bool Workspace::openRuleFile(const QString& path, QString* error, bool* listed) {
    if (listed) *listed = false;
    const wb::rules::RuleFile file = wb::rules::readRuleFile(path.toStdString());
    if (file.rules.size() == 1 && file.rules.front().supported) return openRule(file.rules.front(), file.exceptions);
    if (file.rules.empty()) {
        QStringList problems;
        for (const auto& issue : file.issues)
            problems << QString::fromStdString(issue.text());
        if (error) *error = tr("No rule could be read:\n%1").arg(problems.join(QLatin1Char('\n')));
        return false;
    }
    openRuleLibrary({path}); // the library lists them; the rule being tuned stays as it was
    if (listed) *listed = true;
    return true;
}

wb::rules::DetectionRule Workspace::currentRule() const {
    if (m_openedRule) return *m_openedRule;
    const auto& seed = wb::rules::seedRule();
    const auto* v = seed.find(m_metadataVersion.toStdString());
    return wb::rules::toDetectionRule(seed, v ? *v : *seed.find("v100"));
}

QString Workspace::ruleName() const {
    return QString::fromStdString(currentRule().name);
}

QString Workspace::ruleSeverity() const {
    return QString::fromStdString(currentRule().severity);
}

// The events the current rule's index patterns never search, computed once per rule and capture
// (a tuning change re-runs in tens of milliseconds and should not walk every event again).
void Workspace::updateOutsideIndices() {
    m_outsideIndices.reset();
    if (!m_capture.store) return;
    const wb::rules::DetectionRule rule = currentRule();
    if (rule.index.empty()) return;
    auto plan = wb::rules::planRule(rule, *m_capture.store, {}, 0);
    if (plan.outsideIndex == 0) return;
    m_outsideIndices = std::make_shared<const std::vector<std::uint8_t>>(std::move(plan.excluded));
    emit message(tr("%1 in indices this rule does not search (its index patterns)")
                     .arg(counted(plan.outsideIndex, tr("event is"), tr("events are"))));
}

void Workspace::setRuleText(const QString& text) {
    m_queryText = text;
    try {
        m_base = wb::eql::parseQuery(text.toStdString());
    } catch (const wb::eql::QueryError& e) {
        setRuleError({QString::fromStdString(e.message()), e.pos().line, e.pos().column});
        return;
    }
    m_tuning = wb::tuning::extractTuning(*m_base);
    if (!m_version.isEmpty()) { // typed edits make it a query of the user's own, unless it is still the version's
        const auto* v = wb::rules::seedRule().find(m_version.toStdString());
        if (!v || !wb::eql::parseQuery(v->query).sameAs(*m_base)) m_version.clear();
    }
    setRuleError({});
    emit ruleChanged(RuleChange::Replaced);
    runRule();
    scheduleAutosave();
}

void Workspace::setTuning(const wb::tuning::RuleTuning& tuning) {
    if (!m_base) return;
    m_tuning = tuning;
    const QString text = QString::fromStdString(wb::eql::toEql(wb::tuning::applyTuning(*m_base, m_tuning)));
    // Checked the way Elasticsearch would before it reaches the engine (a `by` edit can make the
    // key counts inconsistent).
    try {
        wb::eql::parseQuery(text.toStdString());
    } catch (const wb::eql::QueryError& e) {
        setRuleError({QString::fromStdString(e.message()), e.pos().line, e.pos().column});
        return;
    }
    m_queryText = text;
    setRuleError({});
    emit ruleChanged(RuleChange::Tuned);
    runRule();
    scheduleAutosave();
}

void Workspace::setRuleError(const RuleError& error) {
    const bool changed
        = error.message != m_ruleError.message || error.line != m_ruleError.line || error.column != m_ruleError.column;
    m_ruleError = error;
    if (changed) emit ruleErrorChanged();
    if (error.isError()) emit message(tr("Rule not run: %1").arg(error.text()));
}

void Workspace::rerun() {
    runRule();
}

QString Workspace::baseQueryText() const {
    return m_base ? QString::fromStdString(wb::eql::toEql(*m_base)) : m_queryText;
}

std::optional<std::int64_t> Workspace::maxspanMillis() const {
    return m_tuning.maxspan ? std::optional<std::int64_t>(m_tuning.maxspan->millis()) : std::nullopt;
}

std::vector<std::string> Workspace::joinKeyFields() const {
    std::vector<std::string> out;
    for (const auto& k : m_tuning.sharedKeys)
        out.push_back(k.name);
    if (m_base && !m_base->stages.empty())
        for (const auto& k : m_base->stages[0].keys)
            out.push_back(k.name);
    return out;
}

void Workspace::runRule() {
    if (!m_engine || m_ruleError.isError()) return;
    emit runStarted();
    const std::string query = m_queryText.toStdString();
    const std::int64_t nowNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    // The settings the rule runs with in Kibana; the size is not capped: the workbench shows every
    // match over the capture (eqlwb run --rule applies max_signals as the request does).
    const wb::rules::DetectionRule rule = currentRule();
    wb::eql::RunOptions options;
    if (!rule.eventCategoryOverride.empty()) options.categoryField = rule.eventCategoryOverride;
    options.tiebreakerField = rule.tiebreakerField;
    m_jobs->start<RuleRun>(
        RuleJob,
        [engine = m_engine, query, options, exceptions = m_exceptions, nowNs, outside = m_outsideIndices](
            const std::atomic<bool>& cancel, const JobRunner::Progress&) -> std::optional<RuleRun> {
            RuleRun run = engine->run(query, options, exceptions, nowNs, cancel, outside.get());
            if (run.result.cancelled) return std::nullopt;
            return run;
        },
        [this, engine = m_engine](RuleRun run) {
            if (engine == m_engine) onRun(std::move(run));
        });
}

void Workspace::onRun(RuleRun run) {
    m_lastRun = std::move(run);
    if (!m_lastRun.error.isEmpty()) {
        setRuleError({m_lastRun.error, m_lastRun.errorLine, m_lastRun.errorColumn});
        return;
    }
    m_selection.alert = -1;
    m_visibleStale = true;
    if (m_replayMode)
        setReplayMode(true); // new alerts, new marks on the replay clock
    else
        updateVisibleResult();
    emit runFinished();
    emit selectionChanged();
    simulateSchedule();
    // The other rule's alerts depend on the capture and the exceptions, not on this rule's tuning.
    if (m_compareRule && (!m_comparison || m_comparisonStale))
        compareWith(m_compareRule->first, m_compareRule->second);
    else if (m_comparison)
        emit comparisonChanged(); // new/same and gone are against the new run
    // Near misses follow the rule (an applied hint shows its effect); an alert's explanation
    // is of an alert that may be gone.
    if (m_why && m_why->scope)
        startWhy(std::nullopt, *m_why->scope);
    else
        clearWhy();
    // The lanes follow the rule's join keys.
    if (m_views.lanes && m_views.lanes->keyFields() != joinKeyFields() && !joinKeyFields().empty()) buildViews();
}

// --- schedule and comparison ------------------------------------------------------------------

void Workspace::setScheduleSettings(const ScheduleSettings& settings) {
    if (settings == m_scheduleSettings) return;
    m_scheduleSettings = settings;
    emit scheduleSettingsChanged();
    scheduleAutosave();
    simulateSchedule();
}

void Workspace::useRuleSchedule() {
    ScheduleSettings s;
    s.enabled = true;
    takeRuleSchedule(s, currentRule());
    setScheduleSettings(s);
}

void Workspace::simulateSchedule() {
    if (!m_scheduleSettings.enabled || !m_engine || !m_lastRun.ran) {
        m_jobs->cancel(ScheduleJob);
        if (m_schedule) {
            m_schedule.reset();
            emit scheduleChanged();
        }
        return;
    }
    wb::rules::DetectionRule rule = currentRule();
    rule.query = m_queryText.toStdString(); // as tuned
    wb::schedule::SimulationOptions options;
    options.intervalMs = m_scheduleSettings.intervalMs;
    options.lookbackMs = m_scheduleSettings.lookbackMs;
    options.maxSignals = m_scheduleSettings.maxSignals;
    if (!rule.id.empty()) options.ruleSavedObjectId = rule.id;
    const std::int64_t nowNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    m_jobs->start<ScheduleRun>(
        ScheduleJob,
        [engine = m_engine, rule, options, exceptions = m_exceptions, nowNs, outside = m_outsideIndices](
            const std::atomic<bool>& cancel, const JobRunner::Progress&) -> std::optional<ScheduleRun> {
            ScheduleRun run = engine->simulate(rule, exceptions, nowNs, options, cancel, outside.get());
            if (run.result.cancelled) return std::nullopt;
            return run;
        },
        [this, engine = m_engine](ScheduleRun run) {
            if (engine != m_engine) return;
            m_schedule = std::make_shared<const ScheduleRun>(std::move(run));
            emit scheduleChanged();
        });
}

std::optional<wb::schedule::AlertFate> Workspace::alertFate(int alert) const {
    if (!m_schedule) return std::nullopt;
    const auto it = m_schedule->fates.find(alertEvents(alert));
    if (it == m_schedule->fates.end()) return std::nullopt;
    return it->second;
}

void Workspace::compareWithVersion(const QString& label) {
    const auto& seed = wb::rules::seedRule();
    const auto* v = seed.find(label.toStdString());
    if (!v) return;
    m_compareVersion = label;
    m_compareFile.clear();
    compareWith(wb::rules::toDetectionRule(seed, *v), label);
}

bool Workspace::compareWithRuleFile(const QString& path, QString* error) {
    const wb::rules::RuleFile file = wb::rules::readRuleFile(path.toStdString());
    const auto supported
        = std::find_if(file.rules.begin(), file.rules.end(), [](const auto& r) { return r.supported; });
    if (supported == file.rules.end()) {
        if (error)
            *error = file.issues.empty() ? tr("%1 holds no rule that can run here").arg(path)
                                         : QString::fromStdString(file.issues.front().text());
        return false;
    }
    m_compareVersion.clear();
    m_compareFile = QFileInfo(path).absoluteFilePath();
    compareWith(*supported, QString::fromStdString(supported->name));
    return true;
}

void Workspace::stopComparing() {
    m_jobs->cancel(CompareJob);
    m_compareRule.reset();
    m_compareVersion.clear();
    m_compareFile.clear();
    m_comparison.reset();
    m_comparedAlerts.clear();
    emit comparisonChanged();
    scheduleAutosave();
}

void Workspace::compareWith(wb::rules::DetectionRule other, const QString& label) {
    m_compareRule = std::pair(other, label);
    m_comparisonStale = false;
    scheduleAutosave();
    if (!m_engine) return;
    wb::eql::RunOptions options;
    if (!other.eventCategoryOverride.empty()) options.categoryField = other.eventCategoryOverride;
    options.tiebreakerField = other.tiebreakerField;
    std::shared_ptr<const std::vector<std::uint8_t>> outside;
    if (!other.index.empty() && m_capture.store) {
        auto plan = wb::rules::planRule(other, *m_capture.store, {}, 0);
        if (plan.outsideIndex) outside = std::make_shared<const std::vector<std::uint8_t>>(std::move(plan.excluded));
    }
    const std::int64_t nowNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    m_jobs->start<RuleComparison>(
        CompareJob,
        [engine = m_engine, query = other.query, options, exceptions = m_exceptions, nowNs, outside, label](
            const std::atomic<bool>& cancel, const JobRunner::Progress&) -> std::optional<RuleComparison> {
            const RuleRun run = engine->run(query, options, exceptions, nowNs, cancel, outside.get());
            if (run.result.cancelled) return std::nullopt;
            RuleComparison c;
            c.label = label;
            c.error = run.error;
            c.alerts = wb::compare::alertsOf(run.result);
            return c;
        },
        [this, engine = m_engine](RuleComparison c) {
            if (engine != m_engine || !m_compareRule) return;
            if (!c.error.isEmpty()) emit message(tr("%1 cannot be compared: %2").arg(c.label, c.error));
            m_comparedAlerts = std::set<std::vector<wb::EventIndex>>(c.alerts.begin(), c.alerts.end());
            m_comparison = std::make_shared<const RuleComparison>(std::move(c));
            emit comparisonChanged();
        });
}

Workspace::CompareStatus Workspace::compareStatus(int alert) const {
    if (!m_comparison) return CompareStatus::None;
    return m_comparedAlerts.count(alertEvents(alert)) ? CompareStatus::Same : CompareStatus::New;
}

std::vector<std::vector<wb::EventIndex>> Workspace::goneAlerts() const {
    if (!m_comparison) return {};
    const auto mine = wb::compare::alertsOf(m_lastRun.result);
    const std::set<std::vector<wb::EventIndex>> current(mine.begin(), mine.end());
    std::vector<std::vector<wb::EventIndex>> gone;
    for (const auto& a : m_comparison->alerts)
        if (!current.count(a)) gone.push_back(a);
    return gone;
}

// --- why? -----------------------------------------------------------------------------------

void Workspace::explainAlert(int alert) {
    if (const auto i = runIndexOf(alert)) startWhy(*i, {});
}

std::optional<std::size_t> Workspace::runIndexOf(int alert) const {
    if (alert < 0 || alert >= alertCount()) return std::nullopt;
    // In replay only complete alerts are visible: the visible alert is found by its events.
    const auto events = alertEvents(alert);
    for (std::size_t i = 0; i < m_lastRun.result.total(); ++i)
        if (m_lastRun.result.eventsOf(i) == events) return i;
    return std::nullopt;
}

void Workspace::explainNoAlert(const wb::explain::Scope& scope) {
    startWhy(std::nullopt, scope);
}

void Workspace::exportReport(const QString& path, ReportExportJob::Format format, std::optional<int> alert) {
    ReportExportJob job;
    job.path = path;
    job.format = format;
    job.store = store();
    job.engine = m_engine;
    job.tree = m_views.tree;
    wb::report::ReportRequest& request = job.request;
    const wb::rules::DetectionRule opened = currentRule();
    request.rule = opened;
    request.rule.query = m_queryText.toStdString();
    if (const QString from = tunedFrom(); !from.isEmpty()) {
        request.original = opened;
        request.originalLabel = from.toStdString();
    }
    for (const QString& file : m_capturePaths)
        request.files.push_back(file.toStdString());
    // As the workbench runs it: the rule's category and tiebreaker fields, every match.
    if (!opened.eventCategoryOverride.empty()) request.options.run.categoryField = opened.eventCategoryOverride;
    request.options.run.tiebreakerField = opened.tiebreakerField;
    request.options.exceptions = m_exceptions;
    request.options.nowNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    if (alert) {
        request.alert = runIndexOf(*alert);
        if (!request.alert) {
            emit reportExported(path, tr("%1: there is no alert %2").arg(path).arg(*alert + 1));
            return;
        }
    }
    m_jobs->start<ReportExportResult>(
        ReportJob,
        [job = std::move(job)](
            const std::atomic<bool>& cancel, const JobRunner::Progress&) -> std::optional<ReportExportResult> {
            ReportExportResult result = writeReport(job, cancel);
            if (cancel.load()) return std::nullopt;
            return result;
        },
        [this](ReportExportResult result) { emit reportExported(result.path, result.error); });
}

QString Workspace::tunedFrom() const {
    if (m_queryText.toStdString() == currentRule().query) return {};
    return m_version.isEmpty() ? tr("the rule as opened") : m_version;
}

void Workspace::clearWhy() {
    m_jobs->cancel(WhyJob);
    if (!m_why) return;
    m_why.reset();
    emit whyChanged();
}

void Workspace::startWhy(std::optional<std::size_t> alert, const wb::explain::Scope& scope) {
    if (!m_engine || m_ruleError.isError()) return;
    const wb::rules::DetectionRule rule = currentRule();
    wb::eql::RunOptions options;
    if (!rule.eventCategoryOverride.empty()) options.categoryField = rule.eventCategoryOverride;
    options.tiebreakerField = rule.tiebreakerField;
    const std::int64_t nowNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    emit whyStarted();
    m_jobs->start<WhyRun>(
        WhyJob,
        [engine = m_engine, query = m_queryText.toStdString(), options, exceptions = m_exceptions, nowNs, alert, scope,
            outside = m_outsideIndices](
            const std::atomic<bool>& cancel, const JobRunner::Progress&) -> std::optional<WhyRun> {
            WhyRun why = engine->explain(query, options, exceptions, nowNs, alert, scope, cancel, outside.get());
            if (cancel.load()) return std::nullopt;
            return why;
        },
        [this, engine = m_engine](WhyRun why) {
            if (engine != m_engine) return;
            m_why = std::make_shared<const WhyRun>(std::move(why));
            emit whyChanged();
        });
}

bool Workspace::applyHint(int nearMiss) {
    if (!m_why || nearMiss < 0 || std::size_t(nearMiss) >= m_why->nearMisses.size()) return false;
    const wb::explain::Hint& hint = m_why->nearMisses[std::size_t(nearMiss)].reason.hint;
    const BeforeHint before{baseQueryText(), m_tuning, m_exceptions};
    switch (hint.kind) {
    case wb::explain::Hint::Kind::Maxspan: {
        wb::tuning::RuleTuning tuning = m_tuning;
        tuning.maxspan = hint.maxspanMs % 1000 ? wb::eql::Duration{hint.maxspanMs, "ms"}
                                               : wb::eql::Duration{hint.maxspanMs / 1000, "s"};
        m_beforeHint = before;
        setTuning(tuning);
        break;
    }
    case wb::explain::Hint::Kind::QueryEdit:
        if (m_why->hintQueries[std::size_t(nearMiss)].isEmpty()) return false;
        m_beforeHint = before;
        setRuleText(m_why->hintQueries[std::size_t(nearMiss)]);
        break;
    case wb::explain::Hint::Kind::DisableExceptionItem:
        for (std::size_t l = 0; l < m_exceptions.lists.size(); ++l)
            for (std::size_t i = 0; i < m_exceptions.lists[l].items.size(); ++i)
                if (m_exceptions.lists[l].listId == hint.listId
                    && m_exceptions.lists[l].items[i].itemId == hint.itemId) {
                    m_beforeHint = before;
                    setExceptionItemEnabled(int(l), int(i), false);
                    emit message(tr("Applied: %1").arg(QString::fromStdString(hint.text)));
                    return true;
                }
        return false;
    case wb::explain::Hint::Kind::Size: // the workbench shows every match; only the schedule caps
    case wb::explain::Hint::Kind::None:
        return false;
    }
    emit message(tr("Applied: %1 (Undo in the Why? panel)").arg(QString::fromStdString(hint.text)));
    return true;
}

void Workspace::undoHint() {
    if (!m_beforeHint) return;
    const BeforeHint before = *m_beforeHint;
    m_beforeHint.reset();
    setExceptions(before.exceptions);
    setRuleText(before.baseText);
    setTuning(before.tuning);
    emit message(tr("Hint undone"));
}

// --- rule library and sweeps ----------------------------------------------------------------

void Workspace::openRuleLibrary(const QStringList& paths) {
    std::vector<std::string> files;
    for (const QString& p : paths)
        files.push_back(p.toStdString());
    emit message(tr("Reading rules…"));
    m_jobs->start<std::shared_ptr<const RuleLibrary>>(
        LibraryJob,
        [files](const std::atomic<bool>&, const JobRunner::Progress&) {
            return std::optional<std::shared_ptr<const RuleLibrary>>(
                std::make_shared<const RuleLibrary>(wb::rules::readRuleLibrary(files)));
        },
        [this](std::shared_ptr<const RuleLibrary> library) {
            m_jobs->cancel(SweepJob);
            m_library = std::move(library);
            m_sweep.clear();
            std::size_t rules = 0, supported = 0;
            for (const auto& f : *m_library)
                for (const auto& r : f.rules) {
                    ++rules;
                    supported += r.supported;
                }
            emit message(tr("%1 rules read, %2 can run here").arg(rules).arg(supported));
            emit ruleLibraryChanged();
        });
}

void Workspace::sweepLibrary() {
    if (!m_library || !m_capture.store) return;
    std::vector<wb::rules::SweepTask> tasks;
    for (const auto& f : *m_library)
        for (const auto& r : f.rules)
            tasks.push_back({&r, &f.exceptions});
    const std::int64_t nowNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    m_sweep.clear();
    emit sweepProgress(0, int(tasks.size()));
    m_jobs->start<std::vector<wb::rules::SweepResult>>(
        SweepJob,
        [tasks, library = m_library, store = m_capture.store, nowNs](
            const std::atomic<bool>& cancel, const JobRunner::Progress& progress) {
            const wb::eql::Schema schema(*store);
            const unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
            auto results = wb::rules::sweep(tasks, schema, {}, nowNs, jobs, &cancel, // each rule with its own lists
                [&progress](std::size_t done, std::size_t) { progress(int(done)); });
            return cancel.load() ? std::nullopt : std::optional(std::move(results));
        },
        [this, library = m_library](std::vector<wb::rules::SweepResult> results) {
            if (library != m_library) return;
            for (auto& r : results)
                m_sweep[r.rule] = r;
            std::size_t fired = 0;
            for (const auto& [rule, r] : m_sweep)
                fired += r.alerts > 0;
            emit message(tr("Sweep: %1 of %2 rules fired").arg(fired).arg(m_sweep.size()));
            emit sweepFinished();
        });
}

void Workspace::cancelSweep() {
    m_jobs->cancel(SweepJob);
}

bool Workspace::isSweeping() const {
    return m_jobs->isRunning(SweepJob);
}

// --- exceptions -------------------------------------------------------------------------------

void Workspace::setExceptions(const wb::exceptions::ExceptionSet& set) {
    m_exceptions = set;
    exceptionsEdited();
}

void Workspace::addExceptionItem(const QString& listId, const wb::exceptions::ExceptionItem& item) {
    wb::exceptions::ExceptionList* list = m_exceptions.find(listId.toStdString());
    if (!list) {
        wb::exceptions::ExceptionList created;
        created.listId = listId.toStdString();
        created.name = listId.toStdString();
        created.description = tr("Exclusions made in EQL Workbench").toStdString();
        m_exceptions.lists.push_back(created);
        list = &m_exceptions.lists.back();
    }
    list->items.push_back(item);
    list->items.back().listId = list->listId;
    exceptionsEdited();
}

void Workspace::replaceExceptionItem(int list, int item, const wb::exceptions::ExceptionItem& edited) {
    if (list < 0 || std::size_t(list) >= m_exceptions.lists.size()) return;
    auto& items = m_exceptions.lists[std::size_t(list)].items;
    if (item < 0 || std::size_t(item) >= items.size()) return;
    items[std::size_t(item)] = edited;
    exceptionsEdited();
}

void Workspace::setExceptionItemEnabled(int list, int item, bool enabled) {
    if (list < 0 || std::size_t(list) >= m_exceptions.lists.size()) return;
    auto& items = m_exceptions.lists[std::size_t(list)].items;
    if (item < 0 || std::size_t(item) >= items.size() || items[std::size_t(item)].enabled == enabled) return;
    items[std::size_t(item)].enabled = enabled;
    exceptionsEdited();
}

void Workspace::removeExceptionItem(int list, int item) {
    if (list < 0 || std::size_t(list) >= m_exceptions.lists.size()) return;
    auto& items = m_exceptions.lists[std::size_t(list)].items;
    if (item < 0 || std::size_t(item) >= items.size()) return;
    items.erase(items.begin() + item);
    exceptionsEdited();
}

bool Workspace::importExceptions(const QString& path, QString* error) {
    wb::exceptions::ReadResult r = wb::exceptions::readExceptions(path.toStdString());
    if (!r.ok()) {
        QStringList problems;
        for (const auto& issue : r.issues)
            problems << QString::fromStdString(issue.text());
        if (error) *error = tr("Nothing was imported:\n%1").arg(problems.join(QLatin1Char('\n')));
        return false;
    }
    wb::exceptions::merge(m_exceptions, std::move(r.set));
    exceptionsEdited();
    return true;
}

void Workspace::exceptionsEdited() {
    m_comparisonStale = true; // the compared rule runs with the same exceptions
    emit exceptionsChanged();
    runRule();
    scheduleAutosave();
}

// --- results and selection --------------------------------------------------------------------

int Workspace::alertCount() const {
    return int(m_visible.kind == wb::eql::Query::Kind::Event ? m_visible.events.size() : m_visible.matches.size());
}

std::vector<wb::EventIndex> Workspace::alertEvents(int alert) const {
    if (alert < 0 || alert >= alertCount()) return {};
    return m_visible.eventsOf(std::size_t(alert));
}

void Workspace::updateVisibleResult() {
    const auto cutoff = replayCutoff();
    const auto& all = m_lastRun.result;
    const wb::EventStore* store = m_capture.store.get();
    auto happened = [&](wb::EventIndex e) { return !cutoff || store->timestampNs(e) <= *cutoff; };
    auto complete = [&](const wb::eql::Match& m) { // alerts appear when their sequence completes
        return std::all_of(m.events.begin(), m.events.end(), [&](const auto& e) { return !e || happened(*e); });
    };
    const std::size_t visible = !cutoff ? all.matches.size() + all.events.size()
                                        : std::size_t(std::count_if(all.matches.begin(), all.matches.end(), complete))
            + std::size_t(std::count_if(all.events.begin(), all.events.end(), happened));
    // A replay tick copies nothing unless an alert has appeared or gone since the last one.
    if (cutoff && !m_visibleStale && visible == std::size_t(alertCount())) return;
    m_visibleStale = false;
    m_visible = all;
    if (cutoff) {
        std::erase_if(m_visible.matches, [&](const wb::eql::Match& m) { return !complete(m); });
        std::erase_if(m_visible.events, [&](wb::EventIndex e) { return !happened(e); });
    }
    std::set<std::string> hosts, users;
    if (store)
        for (int a = 0; a < alertCount(); ++a)
            for (wb::EventIndex e : alertEvents(a)) {
                hosts.insert(store->firstText(e, "host.id"));
                users.insert(store->firstText(e, "user.id"));
            }
    hosts.erase(std::string());
    users.erase(std::string());
    m_affectedHosts = int(hosts.size());
    m_affectedUsers = int(users.size());
    if (m_selection.alert >= alertCount()) m_selection.alert = -1;
    emit resultChanged();
}

void Workspace::selectAlert(int alert) {
    if (alert < 0 || alert >= alertCount()) return;
    m_selection.alert = alert;
    m_selection.event.reset();
    m_selection.laneKey.clear();
    m_selection.events = alertEvents(alert);
    updateSelectionChain();
}

void Workspace::selectEvent(wb::EventIndex event) {
    if (!m_capture.store || event >= m_capture.store->size()) return;
    m_selection.event = event;
    m_selection.laneKey.clear();
    m_selection.events = {event};
    updateSelectionChain();
}

void Workspace::selectLane(const std::vector<std::string>& key) {
    m_selection = {};
    m_selection.laneKey = key;
    updateSelectionChain();
}

// The whole process chain of the selected events (ancestors, descendants, and every event of
// those processes, network included), for the lanes, the tree and the table to highlight.
void Workspace::updateSelectionChain() {
    m_selection.chainNodes.clear();
    m_selection.chainEvents = m_selection.events;
    if (const auto& tree = m_views.tree) {
        for (wb::EventIndex e : m_selection.events)
            for (int n : tree->chain(tree->nodeOf(e)))
                m_selection.chainNodes.push_back(n);
        std::sort(m_selection.chainNodes.begin(), m_selection.chainNodes.end());
        m_selection.chainNodes.erase(
            std::unique(m_selection.chainNodes.begin(), m_selection.chainNodes.end()), m_selection.chainNodes.end());
        for (int n : m_selection.chainNodes)
            for (wb::EventIndex e : tree->nodes()[std::size_t(n)].events)
                m_selection.chainEvents.push_back(e);
    }
    emit selectionChanged();
}

void Workspace::zoomToAlert(int alert) {
    const std::vector<wb::EventIndex> events = alertEvents(alert);
    if (events.empty() || !m_capture.store) return;
    if (m_selection.alert != alert) selectAlert(alert);
    std::int64_t first = m_capture.store->timestampNs(events.front());
    std::int64_t last = m_capture.store->timestampNs(events.back());
    if (const auto maxspan = maxspanMillis()) last = std::max(last, first + *maxspan * 1'000'000);
    const std::int64_t pad = std::max<std::int64_t>((last - first) / 4, 500'000'000);
    setViewRange(first - pad, last + pad);
}

void Workspace::setViewRange(std::int64_t fromNs, std::int64_t toNs) {
    if (fromNs == m_viewFrom && toNs == m_viewTo) return;
    m_viewFrom = fromNs;
    m_viewTo = toNs;
    emit viewRangeChanged(fromNs, toNs);
    scheduleAutosave();
}

void Workspace::setEventFilter(const QString& text) {
    if (text == m_eventFilter) return;
    m_eventFilter = text;
    emit eventFilterChanged();
    scheduleAutosave();
}

void Workspace::setEventColumns(const QStringList& columns) {
    if (columns == m_eventColumns) return;
    m_eventColumns = columns;
    emit eventColumnsChanged();
    scheduleAutosave();
}

// --- replay -----------------------------------------------------------------------------------

std::optional<std::int64_t> Workspace::replayCutoff() const {
    return m_replayMode ? std::optional<std::int64_t>(m_replay->now()) : std::nullopt;
}

void Workspace::setReplayMode(bool on) {
    const bool was = m_replayMode;
    m_replayMode = on && m_capture.store && m_views.lanes;
    if (!m_replayMode) {
        m_replay->pause();
        updateVisibleResult();
        if (was || on) emit replayModeChanged(false);
        return;
    }
    const wb::EventStore& store = *m_capture.store;
    std::vector<std::int64_t> times; // in time order already: the load sorted them
    times.reserve(store.size());
    for (wb::EventIndex e : *m_capture.timeOrder)
        if (store.timestampNs(e) != wb::NoTimestamp) times.push_back(store.timestampNs(e));
    m_replay->setEventTimes(std::move(times));
    m_stageTimes.clear(); // the stages of the alerts
    for (const auto& m : m_lastRun.result.matches)
        for (const auto& e : m.events)
            if (e) m_stageTimes.emplace_back(store.timestampNs(*e), *e);
    std::sort(m_stageTimes.begin(), m_stageTimes.end());
    m_stageTimes.erase(std::unique(m_stageTimes.begin(), m_stageTimes.end()), m_stageTimes.end());
    std::vector<std::int64_t> marks;
    for (const auto& [ns, e] : m_stageTimes)
        marks.push_back(ns);
    m_replay->setMarks(marks);
    m_replay->setCaptions({});
    if (const QString captions = captionsPath(); QFileInfo::exists(captions)) { // story captions beside the capture
        QString error;
        if (!m_replay->loadCaptions(captions, &error)) emit message(error);
    }
    m_replay->setRange(m_views.lanes->firstNs(), m_views.lanes->lastNs());
    m_replayPrevious = m_replay->now();
    m_visibleStale = true; // recomputed for the replay clock
    updateVisibleResult();
    if (!was) emit replayModeChanged(true);
    emit replayTimeChanged(m_replay->now());
}

QString Workspace::captionsPath() const {
    if (m_capturePaths.isEmpty()) return {};
    const QFileInfo capture(m_capturePaths.first());
    const QString own
        = capture.absolutePath() + QLatin1Char('/') + capture.completeBaseName() + QStringLiteral(".captions.json");
    const QString shared = capture.absolutePath() + QStringLiteral("/captions.json");
    return !QFileInfo::exists(own) && QFileInfo::exists(shared) ? shared : own;
}

bool Workspace::saveCaptions(std::vector<ReplayController::Caption> captions, QString* error) {
    const QString path = captionsPath();
    if (path.isEmpty()) {
        if (error) *error = tr("Open a capture first: captions are saved beside it");
        return false;
    }
    m_replay->setCaptions(std::move(captions));
    if (!m_replay->saveCaptions(path, error)) return false;
    emit message(tr("Captions saved to %1").arg(path));
    return true;
}

void Workspace::announceStages(std::int64_t fromNs, std::int64_t toNs) {
    // Only as the clock moves forward; a jump back (or far ahead with the scrubber) says at most
    // the last few, so a presenter is never buried in callouts.
    if (toNs <= fromNs || !m_capture.store) return;
    const auto first = std::upper_bound(
        m_stageTimes.begin(), m_stageTimes.end(), std::make_pair(fromNs, std::numeric_limits<wb::EventIndex>::max()));
    const auto last = std::upper_bound(
        m_stageTimes.begin(), m_stageTimes.end(), std::make_pair(toNs, std::numeric_limits<wb::EventIndex>::max()));
    const auto from = last - first > 3 ? last - 3 : first;
    for (auto it = from; it != last; ++it)
        emit replayCallout(it->second, QString::fromStdString(wb::story::describeEvent(*m_capture.store, it->second)));
}

// --- sessions ---------------------------------------------------------------------------------

SessionState Workspace::sessionState() const {
    if (m_pendingSession) return *m_pendingSession; // still loading its captures: it is what the user has
    SessionState s;
    s.captures = m_capturePaths;
    s.ruleVersion = m_version;
    s.ruleText = baseQueryText();
    if (m_openedRule && m_openedRule->format != wb::rules::RuleFormat::Eql) {
        s.ruleFile = QFileInfo(QString::fromStdString(m_openedRule->file)).absoluteFilePath();
        s.ruleId = QString::fromStdString(m_openedRule->ruleId);
    }
    s.tuning = m_tuning;
    s.viewFrom = m_viewFrom;
    s.viewTo = m_viewTo;
    s.filter = m_eventFilter;
    s.columns = m_eventColumns;
    s.exceptions = QString::fromStdString(wb::exceptions::toKibanaNdjson(m_exceptions, false));
    for (const auto& list : m_exceptions.lists)
        for (const auto& item : list.items)
            if (!item.enabled) s.disabledExceptionItems << QString::fromStdString(list.listId + "/" + item.itemId);
    s.scheduleEnabled = m_scheduleSettings.enabled;
    s.scheduleIntervalMs = m_scheduleSettings.intervalMs;
    s.scheduleLookbackMs = m_scheduleSettings.lookbackMs;
    s.scheduleMaxSignals = m_scheduleSettings.maxSignals;
    s.compareVersion = m_compareVersion;
    s.compareFile = m_compareFile;
    return s;
}

bool Workspace::saveSession(const QString& path, QString* error) {
    if (!SessionFile::save(path, sessionState(), error)) return false;
    m_sessionPath = path;
    emit sessionSaved(path);
    emit message(tr("Session saved to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool Workspace::openSession(const QString& path, QString* error) {
    auto state = SessionFile::load(path, error);
    if (!state) return false;
    m_sessionPath = path;
    if (state->captures.isEmpty()) {
        applySession(*state);
        return true;
    }
    m_pendingSession = *state;
    openCaptures(state->captures);
    return true;
}

void Workspace::applySession(const SessionState& s) {
    if (!s.exceptions.isEmpty()) {
        auto read = wb::exceptions::parseKibanaNdjson(s.exceptions.toStdString(), "session");
        for (auto& list : read.set.lists)
            for (auto& item : list.items)
                item.enabled
                    = !s.disabledExceptionItems.contains(QString::fromStdString(list.listId + "/" + item.itemId));
        m_exceptions = read.set;
        emit exceptionsChanged();
    }
    m_version = s.ruleVersion;
    if (!s.ruleVersion.isEmpty()) m_metadataVersion = s.ruleVersion;
    if (!s.ruleFile.isEmpty()) { // the rule comes back from its file; its query as tuned, below
        const wb::rules::RuleFile file = wb::rules::readRuleFile(s.ruleFile.toStdString());
        std::string error;
        if (const auto* rule = wb::rules::findRule(file, s.ruleId.toStdString(), error)) {
            m_openedRule = *rule;
            updateOutsideIndices();
            emit ruleOpened();
        } else {
            emit message(tr("The session's rule file cannot be read (%1); its query is kept")
                             .arg(QString::fromStdString(error)));
        }
    }
    setRuleText(s.ruleText);
    setTuning(s.tuning);
    setEventColumns(s.columns);
    setEventFilter(s.filter);
    if (s.viewTo > s.viewFrom) setViewRange(s.viewFrom, s.viewTo);
    ScheduleSettings schedule = m_scheduleSettings;
    schedule.enabled = s.scheduleEnabled;
    if (s.scheduleIntervalMs > 0) schedule.intervalMs = s.scheduleIntervalMs;
    if (s.scheduleLookbackMs > 0) schedule.lookbackMs = s.scheduleLookbackMs;
    if (s.scheduleMaxSignals > 0) schedule.maxSignals = s.scheduleMaxSignals;
    setScheduleSettings(schedule);
    if (!s.compareVersion.isEmpty()) compareWithVersion(s.compareVersion);
    QString compareError;
    if (!s.compareFile.isEmpty() && !compareWithRuleFile(s.compareFile, &compareError))
        emit message(tr("The session's comparison rule cannot be read: %1").arg(compareError));
}

QString Workspace::autosavePath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/autosave.eqlwb.json");
}

bool Workspace::restoreAutosave() {
    if (!QFileInfo::exists(autosavePath())) return false;
    QString error;
    return openSession(autosavePath(), &error);
}

void Workspace::scheduleAutosave() {
    if (m_autosaveEnabled) m_autosaveTimer->start();
}

void Workspace::writeAutosave() {
    if (!m_autosaveEnabled) return;
    QString error;
    SessionFile::save(autosavePath(), sessionState(), &error);
}

void Workspace::waitUntilIdle() {
    m_jobs->waitForIdle();
}
