// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QIcon>
#include <QMainWindow>
#include <memory>

class AlertsPanel;
class CaptureSummaryWidget;
class EventDocumentView;
class EventsPanel;
class ExceptionsPanel;
class SchedulePanel;
class WhyPanel;
class GraphPanel;
class ProcessTreeView;
class QMenu;
class ReplayBar;
class RecentFiles;
class RuleLibraryPanel;
class RulePanel;
class StatusLine;
class TimelinePane;
class Workspace;
class WindowLayout;

// The workbench window: menus, docks and the layout around one Workspace. Every panel observes
// the workspace and changes it; the window wires none of them to each other.
//
// Centre: the overview histogram and the lanes, below them the events table and the process
// tree beside the selected event's document. Right: the rule with its tuning controls, and the
// alerts, the capture summary and the exceptions as tabs. Top (replay mode): the replay bar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Workspace* workspace() const { return m_workspace; }
    void openCaptures(const QStringList& paths);
    // Waits until loading, view building, the rule run and the table filter are done.
    void waitUntilIdle();

    RulePanel* rulePanel() const { return m_rule; }
    RuleLibraryPanel* ruleLibraryPanel() const { return m_library; }
    // Rule → Open Rule…: one rule opens in the rule panel; a file of several goes to the library.
    void openRuleFile(const QString& path);
    AlertsPanel* alertsPanel() const { return m_alerts; }
    EventsPanel* eventsPanel() const { return m_events; }
    TimelinePane* timelinePane() const { return m_timeline; }
    ProcessTreeView* processTreeView() const { return m_tree; }
    ExceptionsPanel* exceptionsPanel() const { return m_exceptions; }
    SchedulePanel* schedulePanel() const { return m_schedule; }
    WhyPanel* whyPanel() const { return m_why; }
    GraphPanel* graphPanel() const { return m_graph; }
    CaptureSummaryWidget* summaryWidget() const { return m_summary; }
    ReplayBar* replayBar() const { return m_replayBar; }
    QString statusText() const;

    // Presenter view for trainers: larger text, only the lanes, tree, table and alerts.
    void setPresenterView(bool on);
    // The story captions dialog; what it saves goes beside the capture.
    void editCaptions();
    // File → Export Report…: the alert report of the rule as tuned, as PDF or HTML, written in the
    // background (the status line says where it went).
    void exportReport();
    // View → Reset Layout: panels as on first start, the window at 90% of the screen, centred.
    void resetLayout();
    static QIcon applicationIcon();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void createMenus();
    void createFileMenu();
    void createViewMenu();
    QDockWidget* dock(const char* name) const;

    Workspace* m_workspace;
    TimelinePane* m_timeline;
    EventsPanel* m_events;
    ProcessTreeView* m_tree;
    EventDocumentView* m_document;
    RulePanel* m_rule;
    RuleLibraryPanel* m_library;
    AlertsPanel* m_alerts;
    CaptureSummaryWidget* m_summary;
    ExceptionsPanel* m_exceptions;
    SchedulePanel* m_schedule;
    WhyPanel* m_why;
    GraphPanel* m_graph;
    ReplayBar* m_replayBar;
    StatusLine* m_statusLine;
    RecentFiles* m_recent = nullptr;
    std::unique_ptr<WindowLayout> m_layout;
    QAction* m_replayAction = nullptr;
    QAction* m_presenterAction = nullptr;
};
