// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/ast.h"
#include "exceptions/exceptionmodel.h"
#include "replay/replaycontroller.h"
#include "rules/detectionrule.h"
#include "rules/rulesweep.h"
#include "tuning/ruletuning.h"
#include "workspace/capturedata.h"
#include "workspace/reportexport.h"
#include "workspace/rulerun.h"
#include "workspace/sessionfile.h"

#include <QObject>
#include <QStringList>
#include <map>
#include <memory>
#include <optional>
#include <set>

class JobRunner;
class QTimer;
class ReplayController;

// Everything a workbench session is, in one place: the loaded captures and the views derived
// from them, the rule and its tuning, the exception lists, the last run and its alerts, what is
// selected, the visible time range, the events table's filter and columns, and replay time.
// Views observe it through its signals and change it through its intent methods; they never
// talk to each other. It runs long work in the background (one JobRunner: newest wins, with
// cancel) and it is what a session file saves and restores. It has no widgets: a test can drive
// a whole session without a window.
class Workspace : public QObject {
    Q_OBJECT
public:
    // A query error at its place in the query text (line and column from 1).
    struct RuleError {
        QString message;
        int line = 0, column = 0;
        bool isError() const { return !message.isEmpty(); }
        QString text() const; // "line 2:7: ..."
    };
    // What is selected: an alert (its index in the visible alerts) and/or an event, and what
    // they highlight: every event of the processes in their chain (ancestors, descendants).
    struct Selection {
        int alert = -1;
        std::optional<wb::EventIndex> event;
        std::vector<wb::EventIndex> events; // the alert's events, or the event
        std::vector<int> chainNodes; // process tree nodes
        std::vector<wb::EventIndex> chainEvents;
        std::vector<std::string> laneKey; // a lane (its join-key values), chosen by its label
    };
    enum class RuleChange { Replaced, Tuned }; // a new query (version, text, session), or its tuning

    explicit Workspace(QObject* parent = nullptr);
    ~Workspace() override;

    // Captures
    void openCaptures(const QStringList& paths);
    void cancelLoading();
    bool isLoading() const;
    const LoadedCapture& capture() const { return m_capture; }
    const std::shared_ptr<const wb::EventStore>& store() const { return m_capture.store; }
    // The capture's events by time, computed with the load (null before one).
    const std::shared_ptr<const std::vector<wb::EventIndex>>& timeOrder() const { return m_capture.timeOrder; }
    const QStringList& capturePaths() const { return m_capturePaths; }
    const CaptureViews& views() const { return m_views; }
    // The capture cache (load/capturecache.h): on unless switched off; a setting kept across runs.
    bool captureCacheEnabled() const;
    void setCaptureCacheEnabled(bool enabled);
    std::size_t clearCaptureCache(); // entries removed

    // The rule
    void selectVersion(const QString& label); // "v100" of the built-in lineage
    // A rule from a file (detection-rules TOML, Kibana export, rules API JSON, .eql): its query
    // with its settings (category override, tiebreaker, index patterns), and the exception lists
    // it references from its own file. Unsupported rules are refused with a message.
    bool openRule(const wb::rules::DetectionRule& rule, const wb::exceptions::ExceptionSet& fileLists = {});
    // A rule file: its one rule opens; a file of several rules (or of one that cannot run here)
    // becomes the rule library, listing them with why. False with the file's problems.
    // `listed`: the file went to the library.
    bool openRuleFile(const QString& path, QString* error = nullptr, bool* listed = nullptr);
    // The rule being tuned: the opened one, or the built-in version last chosen.
    wb::rules::DetectionRule currentRule() const;
    bool ruleFromFile() const { return m_openedRule.has_value(); }

    // A rule library: every rule of files and folders (a detection-rules checkout, Kibana
    // exports), read in the background; a sweep runs every supported rule over the capture.
    using RuleLibrary = std::vector<wb::rules::RuleFile>;
    void openRuleLibrary(const QStringList& paths);
    std::shared_ptr<const RuleLibrary> ruleLibrary() const { return m_library; }
    void sweepLibrary();
    void cancelSweep();
    bool isSweeping() const;
    // The last sweep's outcome per rule (keyed by the rule's address in the library).
    const std::map<const wb::rules::DetectionRule*, wb::rules::SweepResult>& sweepResults() const { return m_sweep; }
    void setRuleText(const QString& text); // typed or loaded: the tuning starts from it
    void setTuning(const wb::tuning::RuleTuning& tuning);
    void rerun();
    QString versionLabel() const { return m_version; } // empty for a query of the user's own
    QString queryText() const { return m_queryText; } // what runs: the query as tuned
    QString baseQueryText() const; // before tuning
    const std::optional<wb::eql::Query>& baseQuery() const { return m_base; }
    const wb::tuning::RuleTuning& tuning() const { return m_tuning; }
    const RuleError& ruleError() const { return m_ruleError; }
    std::optional<std::int64_t> maxspanMillis() const;
    // The rule's identity for what Kibana would write: the version last chosen (a typed edit of
    // a rule is still that rule).
    QString ruleName() const;
    QString ruleSeverity() const;
    std::vector<std::string> joinKeyFields() const;

    // Exception lists, applied to every run as Kibana applies them
    const wb::exceptions::ExceptionSet& exceptions() const { return m_exceptions; }
    void setExceptions(const wb::exceptions::ExceptionSet& set);
    void addExceptionItem(const QString& listId, const wb::exceptions::ExceptionItem& item);
    void replaceExceptionItem(int list, int item, const wb::exceptions::ExceptionItem& edited);
    void setExceptionItemEnabled(int list, int item, bool enabled);
    void removeExceptionItem(int list, int item);
    bool importExceptions(const QString& path, QString* error);

    // Results: the last run, and the alerts it shows (in replay, those complete so far)
    const RuleRun& lastRun() const { return m_lastRun; }
    const wb::eql::QueryResult& visibleResult() const { return m_visible; }
    int alertCount() const;
    std::vector<wb::EventIndex> alertEvents(int alert) const; // missing-event placeholders left out
    int affectedHosts() const { return m_affectedHosts; }
    int affectedUsers() const { return m_affectedUsers; }

    // What Kibana's schedule would write (kibana-executor.md): off until asked for; its interval,
    // lookback and max_signals start from the rule's and are tuned like maxspan (every change,
    // and every run of the rule, simulates again in the background).
    struct ScheduleSettings {
        bool enabled = false;
        std::int64_t intervalMs = 300'000, lookbackMs = 540'000, maxSignals = 100;
        bool operator==(const ScheduleSettings&) const = default;
    };
    void setScheduleSettings(const ScheduleSettings& settings);
    void useRuleSchedule(); // the rule's own interval, from and max_signals (and switched on)
    const ScheduleSettings& scheduleSettings() const { return m_scheduleSettings; }
    // The last simulation (null while off or not yet run).
    const std::shared_ptr<const ScheduleRun>& schedule() const { return m_schedule; }
    // A visible alert's fate under the schedule; nullopt when there is no simulation.
    std::optional<wb::schedule::AlertFate> alertFate(int alert) const;

    // Compare the rule's alerts with another rule's (a lineage version or a rule file) on the
    // same capture: each visible alert is new or the same, and the other's alerts this rule no
    // longer has are gone.
    void compareWithVersion(const QString& label);
    bool compareWithRuleFile(const QString& path, QString* error = nullptr);
    void stopComparing();
    const std::shared_ptr<const RuleComparison>& comparison() const { return m_comparison; }
    enum class CompareStatus { None, New, Same };
    CompareStatus compareStatus(int alert) const;
    std::vector<std::vector<wb::EventIndex>> goneAlerts() const;

    // Why? The selected alert's explanation (asked for by the panel that shows it), or the near
    // misses of a scope without alerts; a near miss's hint applied as a tuning change, and undone.
    void explainAlert(int alert);
    void explainNoAlert(const wb::explain::Scope& scope);
    void clearWhy();
    const std::shared_ptr<const WhyRun>& why() const { return m_why; }
    bool applyHint(int nearMiss); // false when the hint is not something the workbench can apply
    void undoHint();
    bool canUndoHint() const { return m_beforeHint.has_value(); }

    // The alert report (what eqlwb report writes) of the rule as tuned, over the capture, with
    // the exception lists: every alert of the last run (at most 50) or one visible alert, as PDF
    // or HTML, written in the background; reportExported says where, or why not. A tuned rule's
    // report shows its diff against the rule as opened (or the version chosen).
    void exportReport(const QString& path, ReportExportJob::Format format, std::optional<int> alert = std::nullopt);
    // What the rule was tuned from ("v113", "the rule as opened"); empty when the query runs as
    // opened.
    QString tunedFrom() const;

    // Selection and what the views show
    void selectAlert(int alert);
    void selectEvent(wb::EventIndex event);
    // A lane: its join-key values, what "why no alert here?" then asks about.
    void selectLane(const std::vector<std::string>& key);
    void zoomToAlert(int alert); // selects it and shows its maxspan window
    const Selection& selection() const { return m_selection; }
    void setViewRange(std::int64_t fromNs, std::int64_t toNs); // the lanes' visible time range
    std::int64_t viewFrom() const { return m_viewFrom; }
    std::int64_t viewTo() const { return m_viewTo; }
    void setEventFilter(const QString& text);
    QString eventFilter() const { return m_eventFilter; }
    void setEventColumns(const QStringList& columns);
    QStringList eventColumns() const { return m_eventColumns; } // empty: the default columns

    // Replay: the capture plays forward in time; views show only what has happened
    ReplayController* replay() const { return m_replay; }
    void setReplayMode(bool on);
    bool replayMode() const { return m_replayMode; }
    std::optional<std::int64_t> replayCutoff() const;
    // The story captions' sidecar file: the one replay read (NAME.captions.json or captions.json
    // beside the first capture), else NAME.captions.json there. Empty without a capture.
    QString captionsPath() const;
    // Replaces the captions and writes them there (atomically); false and why when it cannot.
    bool saveCaptions(std::vector<ReplayController::Caption> captions, QString* error);

    // Sessions: saved atomically; the autosave brings the last session back after a crash
    SessionState sessionState() const;
    bool saveSession(const QString& path, QString* error = nullptr);
    bool openSession(const QString& path, QString* error = nullptr);
    QString sessionPath() const { return m_sessionPath; }
    void setAutosaveEnabled(bool enabled) { m_autosaveEnabled = enabled; }
    bool restoreAutosave();
    void writeAutosave();
    static QString autosavePath();

    // A one-line message for the status bar, from any view.
    void notify(const QString& text) { emit message(text); }

    JobRunner* jobs() const { return m_jobs; }
    // Waits until loading, view building and the rule run are done (--screenshot, tests).
    void waitUntilIdle();

signals:
    void loadingStarted(const QStringList& paths);
    void loadProgress(int permille);
    void loadingCancelled();
    void captureChanged();
    void viewsChanged();
    void ruleChanged(Workspace::RuleChange change);
    void ruleOpened(); // another rule (a version or a file's rule): its metadata changed
    void ruleErrorChanged();
    void runStarted();
    void runFinished();
    void resultChanged(); // the visible alerts
    void exceptionsChanged();
    void selectionChanged();
    void viewRangeChanged(std::int64_t fromNs, std::int64_t toNs);
    void eventFilterChanged();
    void eventColumnsChanged();
    void replayModeChanged(bool on);
    void replayTimeChanged(std::int64_t ns);
    // Replay just passed a stage of an alert: what happened, in words, for the views to call out.
    void replayCallout(wb::EventIndex event, const QString& text);
    void message(const QString& text); // for the status bar
    void ruleLibraryChanged();
    void sweepProgress(int done, int total);
    void sweepFinished();
    void sessionSaved(const QString& path);
    void scheduleSettingsChanged();
    void scheduleChanged(); // a new simulation, or none
    void comparisonChanged();
    void whyStarted();
    void whyChanged(); // a new explanation, or none
    void reportExported(const QString& path, const QString& error); // error empty: written

private:
    // A visible alert's index in the last run.
    std::optional<std::size_t> runIndexOf(int alert) const;
    void onLoaded(LoadedCapture capture);
    void applySession(const SessionState& s);
    void buildViews();
    void writeCaptureCache();
    void runRule();
    void onRun(RuleRun run);
    void updateVisibleResult();
    void announceStages(std::int64_t fromNs, std::int64_t toNs);
    void updateSelectionChain();
    void setRuleError(const RuleError& error);
    void exceptionsEdited();
    void scheduleAutosave();
    void simulateSchedule();
    void compareWith(wb::rules::DetectionRule other, const QString& label);

    JobRunner* m_jobs;
    ReplayController* m_replay;
    QTimer* m_autosaveTimer;

    LoadedCapture m_capture;
    QStringList m_capturePaths;
    QStringList m_loadingPaths;
    CaptureViews m_views;
    std::shared_ptr<RuleEngine> m_engine;

    QString m_version = QStringLiteral("v100");
    QString m_metadataVersion = QStringLiteral("v100");
    std::optional<wb::rules::DetectionRule> m_openedRule;
    std::shared_ptr<const RuleLibrary> m_library;
    std::map<const wb::rules::DetectionRule*, wb::rules::SweepResult> m_sweep;
    std::shared_ptr<const std::vector<std::uint8_t>> m_outsideIndices; // for the current rule and capture
    void updateOutsideIndices();
    std::optional<wb::eql::Query> m_base;
    wb::tuning::RuleTuning m_tuning;
    QString m_queryText;
    RuleError m_ruleError;

    wb::exceptions::ExceptionSet m_exceptions;
    RuleRun m_lastRun;
    ScheduleSettings m_scheduleSettings;
    std::shared_ptr<const ScheduleRun> m_schedule;
    std::optional<std::pair<wb::rules::DetectionRule, QString>> m_compareRule; // and its label
    QString m_compareVersion, m_compareFile; // where it came from, for the session
    std::shared_ptr<const RuleComparison> m_comparison;
    bool m_comparisonStale = false; // the exceptions changed since it ran
    std::set<std::vector<wb::EventIndex>> m_comparedAlerts; // the other rule's, for lookups
    void startWhy(std::optional<std::size_t> alert, const wb::explain::Scope& scope);
    std::shared_ptr<const WhyRun> m_why;
    struct BeforeHint {
        QString baseText;
        wb::tuning::RuleTuning tuning;
        wb::exceptions::ExceptionSet exceptions;
    };
    std::optional<BeforeHint> m_beforeHint;
    wb::eql::QueryResult m_visible;
    bool m_visibleStale = true;
    int m_affectedHosts = 0, m_affectedUsers = 0;

    Selection m_selection;
    std::int64_t m_viewFrom = 0, m_viewTo = 0;
    QString m_eventFilter;
    QStringList m_eventColumns;
    bool m_replayMode = false;
    // Replay: every alert stage by time, and the clock's previous time (stages passed since are
    // called out).
    std::vector<std::pair<std::int64_t, wb::EventIndex>> m_stageTimes;
    std::int64_t m_replayPrevious = 0;

    QString m_sessionPath;
    std::optional<SessionState> m_pendingSession; // applied once its captures are loaded
    bool m_autosaveEnabled = true;
};
