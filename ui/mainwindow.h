// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "captureloadjob.h"
#include "rulerunner.h"
#include "sessionfile.h"

#include <QFutureWatcher>
#include <QIcon>
#include <QMainWindow>
#include <memory>

namespace wb::process {
class ProcessTree;
}
namespace wb::timeline {
class LaneSet;
}

class AddExceptionDialog;
class AlertsModel;
class ExceptionsPanel;
class CaptureSummaryWidget;
class EventsModel;
class HistogramView;
class ProcessTreeModel;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QTableView;
class QTimer;
class QToolButton;
class QTreeView;
class ReplayBar;
class ReplayController;
class RulePanel;
class TimelineWidget;

// Derived views of a capture, built off the GUI thread after loading.
struct CaptureViews {
    std::shared_ptr<const wb::process::ProcessTree> tree;
    std::shared_ptr<const wb::timeline::LaneSet> lanes;
};

// The workbench: captures on a timeline (one lane per join-key value), the process tree, the
// events table with an EQL filter, the rule with its tuning controls, and the alerts it raises.
// Every rule change re-runs in the background and updates alerts, lanes and counts.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openCaptures(const QStringList& paths);
    void setRuleText(const QString& text);
    // Waits until loading, view building, the rule run and the table filter are done.
    void waitUntilIdle();
    void setAutosaveEnabled(bool enabled) { m_autosaveEnabled = enabled; }
    bool restoreAutosave();
    bool saveSession(const QString& path, QString* error = nullptr);
    bool openSession(const QString& path, QString* error = nullptr);
    SessionState sessionState() const;
    static QString autosavePath();

    CaptureLoadJob* loadJob() { return m_job; }
    CaptureSummaryWidget* summaryWidget() { return m_summary; }
    const LoadedCapture& capture() const { return m_capture; }
    RulePanel* rulePanel() { return m_rulePanel; }
    AlertsModel* alertsModel() { return m_alertsModel; }
    EventsModel* eventsModel() { return m_eventsModel; }
    ProcessTreeModel* processTreeModel() { return m_treeModel; }
    TimelineWidget* timeline() { return m_timeline; }
    QTableView* alertsView() { return m_alertsView; }
    QLineEdit* filterBar() { return m_filter; }
    QString statusText() const;
    // Replay mode for trainers: the capture plays forward in time; lanes, tree, table and alerts
    // show only what has happened so far.
    void setReplayMode(bool on);
    bool replayMode() const;
    ReplayController* replay() { return m_replay; }
    ReplayBar* replayBar() { return m_replayBar; }
    void setPresenterView(bool on);
    ExceptionsPanel* exceptionsPanel() { return m_exceptions; }
    // "Add exception…" for the selected alert, split so tests can drive the dialog.
    std::unique_ptr<AddExceptionDialog> makeAddExceptionDialog();
    void acceptException(const AddExceptionDialog& dialog);
    // Writes one of the exports (see ExceptionsPanel) to a file; false with a message.
    bool exportTo(const QString& what, const QString& path, QString* error);
    QString exportText(const QString& what);
    // View → Reset Layout: panels as on first start, the window at 90% of the screen, centred.
    void resetLayout();
    static QIcon applicationIcon();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void restoreWindowLayout();
    bool fitsOnScreen() const;
    void placeOnScreen();
    void createDocks();
    void showOpenDialog();
    void rebuildRecentMenu();
    void addRecentFiles(const QStringList& paths);
    void onLoaded(const LoadedCapture& capture);
    void buildViews(const std::vector<std::string>& keyFields);
    void onViewsBuilt(const CaptureViews& views);
    void runRule();
    void addExceptionForSelectedAlert();
    void onExportRequested(const QString& what);
    void onRuleFinished(const RuleRun& run);
    void onAlertSelected();
    void selectEvent(wb::EventIndex event, bool scrollTable);
    void highlight(const std::vector<wb::EventIndex>& events);
    void applyFilter();
    void chooseColumns();
    void updateStatus();
    void applyReplayTime(std::int64_t ns);
    void setBusy(bool busy);
    void scheduleAutosave();
    void writeAutosave();

    CaptureLoadJob* m_job;
    RuleRunner* m_runner;
    CaptureSummaryWidget* m_summary;
    RulePanel* m_rulePanel;
    ExceptionsPanel* m_exceptions;
    ReplayController* m_replay;
    ReplayBar* m_replayBar;
    QAction* m_replayAction = nullptr;
    QAction* m_presenterAction = nullptr;
    HistogramView* m_histogram;
    TimelineWidget* m_timeline;
    AlertsModel* m_alertsModel;
    QTableView* m_alertsView;
    QLabel* m_alertCounts;
    EventsModel* m_eventsModel;
    QTableView* m_eventsView;
    QLineEdit* m_filter;
    ProcessTreeModel* m_treeModel;
    QTreeView* m_treeView;
    QPlainTextEdit* m_detail;
    QLabel* m_status;
    QLabel* m_runInfo;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QMenu* m_recentMenu = nullptr;
    QTimer* m_autosaveTimer;
    QFutureWatcher<CaptureViews> m_viewsWatcher;

    LoadedCapture m_capture;
    CaptureViews m_views;
    QStringList m_loadingPaths;
    QStringList m_capturePaths;
    QStringList m_sizedColumns;
    QString m_sessionPath;
    std::optional<SessionState> m_pendingSession; // applied once its captures are loaded
    RuleRun m_lastRun;
    bool m_autosaveEnabled = true;
    QByteArray m_defaultLayout; // the docks as built, for View → Reset Layout
};
