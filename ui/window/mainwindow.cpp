// SPDX-License-Identifier: Apache-2.0
#include "window/mainwindow.h"

#include "alerts/alertspanel.h"
#include "capture/capturesummarywidget.h"
#include "capture/samplecatalog.h"
#include "events/eventdocumentview.h"
#include "events/eventspanel.h"
#include "exceptions/addexceptiondialog.h"
#include "exceptions/exceptionspanel.h"
#include "exceptions/exports.h"
#include "explain/whypanel.h"
#include "graph/graphpanel.h"
#include "process/processtreeview.h"
#include "replay/captionsdialog.h"
#include "replay/replaybar.h"
#include "report/exportreportdialog.h"
#include "rule/rulelibrarypanel.h"
#include "rule/rulepanel.h"
#include "rules/rulelibrary.h"
#include "schedule/schedulepanel.h"
#include "timeline/timelinepane.h"
#include "timeline/timelinewidget.h"
#include "widgets/panels.h"
#include "window/recentfiles.h"
#include "window/shortcutsdialog.h"
#include "window/statusline.h"
#include "window/windowlayout.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_workspace(new Workspace(this))
    , m_timeline(new TimelinePane(m_workspace))
    , m_events(new EventsPanel(m_workspace))
    , m_tree(new ProcessTreeView(m_workspace))
    , m_document(new EventDocumentView(m_workspace))
    , m_rule(new RulePanel(m_workspace))
    , m_library(new RuleLibraryPanel(m_workspace))
    , m_alerts(new AlertsPanel(m_workspace))
    , m_summary(new CaptureSummaryWidget(m_workspace))
    , m_exceptions(new ExceptionsPanel(m_workspace))
    , m_schedule(new SchedulePanel(m_workspace))
    , m_why(new WhyPanel(m_workspace))
    , m_graph(new GraphPanel(m_workspace))
    , m_replayBar(new ReplayBar(m_workspace->replay()))
    , m_statusLine(new StatusLine(m_workspace)) {
    setWindowTitle(tr("EQL Workbench"));
    setWindowIcon(applicationIcon());
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    auto* tabs = new QTabWidget;
    tabs->addTab(m_events, tr("&Events"));
    tabs->addTab(m_tree, tr("&Process tree"));
    tabs->addTab(m_graph, tr("Attack &graph"));
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(tabs);
    bottom->addWidget(m_document);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto* centre = new QSplitter(Qt::Vertical);
    centre->addWidget(m_timeline);
    centre->addWidget(bottom);
    centre->setStretchFactor(0, 4);
    centre->setStretchFactor(1, 3);
    setCentralWidget(centre);
    statusBar()->addWidget(m_statusLine, 1);
    createDocks();
    createMenus();
    m_layout = std::make_unique<WindowLayout>(*this);

    connect(m_workspace, &Workspace::captureChanged, this, [this] {
        QStringList names;
        for (const QString& path : m_workspace->capturePaths())
            names << QFileInfo(path).fileName();
        setWindowTitle(tr("%1 — EQL Workbench").arg(names.join(QStringLiteral(", "))));
        m_recent->add(m_workspace->capturePaths());
        if (m_workspace->capture().report.skipped > 0) dock("captureDock")->raise(); // never buried
    });
    connect(m_replayBar, &ReplayBar::editCaptionsRequested, this, &MainWindow::editCaptions);
    connect(m_workspace, &Workspace::replayModeChanged, this, [this](bool on) {
        m_replayAction->setChecked(on);
        dock("replayDock")->setVisible(on);
    });
    connect(m_workspace, &Workspace::ruleLibraryChanged, this, [this] { dock("rulesDock")->raise(); });
    connect(m_workspace, &Workspace::exceptionsChanged, this, [this] {
        if (!m_workspace->exceptions().lists.empty()) dock("exceptionsDock")->raise();
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::openCaptures(const QStringList& paths) {
    m_workspace->openCaptures(paths);
}

void MainWindow::waitUntilIdle() {
    m_workspace->waitUntilIdle();
    m_events->waitForFilter();
    QCoreApplication::processEvents();
}

QString MainWindow::statusText() const {
    return m_statusLine->text();
}

QDockWidget* MainWindow::dock(const char* name) const {
    return findChild<QDockWidget*>(QLatin1String(name));
}

void MainWindow::createDocks() {
    auto add = [this](const QString& title, const char* name, QWidget* content, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(QLatin1String(name));
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    QDockWidget* rule = add(tr("Rule"), "ruleDock", scrollable(m_rule), Qt::RightDockWidgetArea);
    QDockWidget* alerts = add(tr("Alerts"), "alertsDock", m_alerts, Qt::RightDockWidgetArea);
    splitDockWidget(rule, alerts, Qt::Vertical);
    tabifyDockWidget(alerts, add(tr("Capture"), "captureDock", scrollable(m_summary), Qt::RightDockWidgetArea));
    tabifyDockWidget(alerts, add(tr("Exceptions"), "exceptionsDock", m_exceptions, Qt::RightDockWidgetArea));
    tabifyDockWidget(alerts, add(tr("Rules"), "rulesDock", m_library, Qt::RightDockWidgetArea));
    // Beside the rule: its settings are tuning controls too, and the alerts stay in view below.
    tabifyDockWidget(alerts, add(tr("Schedule"), "scheduleDock", scrollable(m_schedule), Qt::RightDockWidgetArea));
    tabifyDockWidget(alerts, add(tr("Why?"), "whyDock", m_why, Qt::RightDockWidgetArea));
    alerts->raise();
    add(tr("Replay"), "replayDock", m_replayBar, Qt::TopDockWidgetArea)->hide();
    resizeDocks({rule}, {540}, Qt::Horizontal);
    resizeDocks({rule, alerts}, {640, 320}, Qt::Vertical);
}

void MainWindow::createMenus() {
    createFileMenu();
    createViewMenu();
    QMenu* rule = menuBar()->addMenu(tr("&Rule"));
    rule->addAction(tr("&Open Rule…"), this,
            [this] {
                const QString path = QFileDialog::getOpenFileName(this, tr("Open Rule"), QString(),
                    tr("Detection rules (*.toml *.ndjson *.json *.eql);;All files (*)"));
                if (!path.isEmpty()) openRuleFile(path);
            })
        ->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
    rule->addAction(tr("Open Rule &Library…"), this,
            [this] {
                const QString dir = QFileDialog::getExistingDirectory(
                    this, tr("Open Rule Library (a folder of rules, e.g. a detection-rules checkout)"));
                if (dir.isEmpty()) return;
                m_workspace->openRuleLibrary({dir});
                focusPanel(m_library);
            })
        ->setShortcut(Qt::CTRL | Qt::Key_L);
    rule->addAction(tr("S&weep the Library"), m_workspace, &Workspace::sweepLibrary);
    rule->addSeparator();
    rule->addAction(tr("&Run Again"), m_workspace, &Workspace::rerun)->setShortcut(Qt::Key_F5);
    QMenu* versions = rule->addMenu(tr("&Versions"));
    for (const auto& v : wb::rules::seedRule().versions) {
        const QString label = QString::fromStdString(v.label);
        versions->addAction(QStringLiteral("%1 — %2").arg(label, QString::fromStdString(v.name)), this,
            [this, label] { m_workspace->selectVersion(label); });
    }
    rule->addAction(tr("Add &Exception for Alert…"), this,
            [this] { AddExceptionDialog::addForSelectedAlert(*m_workspace, this); })
        ->setShortcut(Qt::CTRL | Qt::Key_E);
    rule->addAction(tr("&Why No Alert Here?"), this,
            [this] {
                dock("whyDock")->raise();
                m_why->askWhyNoAlert();
            })
        ->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_Y);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), this, [this] { ShortcutsDialog(menuBar(), this).exec(); })
        ->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About EQL Workbench"), this, [this] {
        QMessageBox::about(this, tr("About EQL Workbench"),
            tr("<b>EQL Workbench %1</b><p>Test Elastic EQL detection rules against endpoint event captures, with "
               "the results Elasticsearch returns and what Kibana would write.</p><p>The same core on the command "
               "line: <tt>eqlwb</tt>.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::createFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Captures…"), this,
            [this] {
                const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open Captures"), QString(),
                    tr("Event captures (*.ndjson *.jsonl *.json *.data *.gz);;All files (*)"));
                if (!paths.isEmpty()) openCaptures(paths);
            })
        ->setShortcut(QKeySequence::Open);
    m_recent = new RecentFiles(file->addMenu(tr("Open &Recent")), this);
    connect(m_recent, &RecentFiles::openRequested, this, [this](const QString& path) { openCaptures({path}); });
    QMenu* samples = file->addMenu(tr("Open Sa&mple"));
    for (const SampleCapture& sample : SampleCatalog::samples())
        samples->addAction(sample.title, this, [this, path = sample.capture] { openCaptures({path}); });
    samples->setEnabled(!samples->isEmpty());
    file->addSeparator();
    const QString sessions = tr("Workbench sessions (*.eqlwb.json)");
    auto report = [this](bool ok, const QString& title, const QString& error) {
        if (!ok) QMessageBox::warning(this, title, error);
    };
    QAction* openSession = file->addAction(tr("Open &Session…"), this, [this, sessions, report] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), QString(), sessions);
        QString error;
        if (!path.isEmpty()) report(m_workspace->openSession(path, &error), tr("Open Session"), error);
    });
    openSession->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_O);
    auto saveAs = [this, sessions, report] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Session"), QString(), sessions);
        QString error;
        if (!path.isEmpty()) report(m_workspace->saveSession(path, &error), tr("Save Session"), error);
    };
    file->addAction(tr("&Save Session"), this,
            [this, saveAs, report] {
                QString error;
                if (m_workspace->sessionPath().isEmpty())
                    saveAs();
                else
                    report(m_workspace->saveSession(m_workspace->sessionPath(), &error), tr("Save Session"), error);
            })
        ->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save Session &As…"), this, saveAs)->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    QAction* cache = file->addAction(tr("Use Capture &Cache"));
    cache->setCheckable(true);
    cache->setChecked(m_workspace->captureCacheEnabled());
    cache->setToolTip(tr("Keep loaded captures on disk so the same files open in a second next time"));
    connect(cache, &QAction::toggled, m_workspace, &Workspace::setCaptureCacheEnabled);
    file->addAction(tr("Clear Capture Cache"), this,
        [this] { m_workspace->notify(tr("Removed %1 capture cache entries").arg(m_workspace->clearCaptureCache())); });
    Exports::addActions(file->addMenu(tr("&Export")), m_workspace, this);
    file->addAction(tr("Export &Report…"), this, &MainWindow::exportReport)->setShortcut(Qt::CTRL | Qt::Key_P);
    file->addSeparator();
    file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows)->setShortcut(QKeySequence::Quit);
}

void MainWindow::createViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    TimelineWidget* lanes = m_timeline->lanes();
    auto centre = [lanes] { return (lanes->viewFrom() + lanes->viewTo()) / 2; };
    view->addAction(tr("Zoom &In"), this, [=] { lanes->zoomBy(0.5, centre()); })->setShortcut(QKeySequence::ZoomIn);
    view->addAction(tr("Zoom &Out"), this, [=] { lanes->zoomBy(2, centre()); })->setShortcut(QKeySequence::ZoomOut);
    view->addAction(tr("&Back"), lanes, &TimelineWidget::back)->setShortcut(QKeySequence::Back);
    view->addAction(tr("Show &All"), lanes, &TimelineWidget::resetView)->setShortcut(Qt::CTRL | Qt::Key_0);
    view->addAction(tr("&Zoom to Alert"), this, [this] { m_workspace->zoomToAlert(m_workspace->selection().alert); })
        ->setShortcut(Qt::Key_Z);
    view->addSeparator();
    // Every panel is a key away.
    const std::pair<QString, QWidget*> panels[] = {{tr("Go to &Lanes"), lanes}, {tr("Go to E&vents"), m_events},
        {tr("Go to Process &Tree"), m_tree}, {tr("Go to Rule &Editor"), m_rule->editor()},
        {tr("Go to Ale&rts"), m_alerts->view()}, {tr("Go to E&xceptions"), m_exceptions},
        {tr("Go to Rule Li&brary"), m_library->searchBar()}, {tr("Go to &Schedule"), m_schedule->list()}};
    int key = Qt::Key_1;
    for (const auto& [label, widget] : panels)
        view->addAction(label, this, [w = widget] { focusPanel(w); })->setShortcut(Qt::ALT | Qt::Key(key++));
    view->addAction(tr("&Filter Events"), this, [this] { m_events->filterBar()->setFocus(); })
        ->setShortcut(QKeySequence::Find);
    view->addAction(tr("Table &Columns…"), m_events, &EventsPanel::chooseColumns);
    view->addSeparator();
    m_replayAction = view->addAction(tr("&Replay Mode"), m_workspace, &Workspace::setReplayMode);
    m_replayAction->setCheckable(true);
    m_replayAction->setShortcut(Qt::CTRL | Qt::Key_R);
    view->addAction(tr("Edit Story &Captions…"), this, &MainWindow::editCaptions);
    m_presenterAction = view->addAction(tr("&Presenter View"), this, &MainWindow::setPresenterView);
    m_presenterAction->setCheckable(true);
    m_presenterAction->setShortcut(Qt::Key_F11);
    view->addSeparator();
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());
    view->addAction(tr("Reset &Layout"), this, &MainWindow::resetLayout);
}

void MainWindow::openRuleFile(const QString& path) {
    QString error;
    bool listed = false;
    if (!m_workspace->openRuleFile(path, &error, &listed)) QMessageBox::warning(this, tr("Open Rule"), error);
    if (listed) focusPanel(m_library);
}

void MainWindow::editCaptions() {
    if (!m_workspace->store()) {
        QMessageBox::information(this, tr("Story Captions"), tr("Open a capture first: captions are saved beside it."));
        return;
    }
    CaptionsDialog dialog(
        m_workspace->replay()->captions(), m_workspace->replay()->now(), m_workspace->captionsPath(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    QString error;
    if (!m_workspace->saveCaptions(*dialog.captions(nullptr), &error))
        QMessageBox::warning(this, tr("Story Captions"), error);
}

void MainWindow::exportReport() {
    if (!m_workspace->store()) {
        QMessageBox::information(
            this, tr("Export Report"), tr("Open a capture first: the report is about its alerts."));
        return;
    }
    if (m_workspace->ruleError().isError()) {
        QMessageBox::information(
            this, tr("Export Report"), tr("The rule does not run: %1").arg(m_workspace->ruleError().text()));
        return;
    }
    // Beside the first capture, named after it.
    const QFileInfo capture(m_workspace->capturePaths().value(0));
    const QString suggested
        = capture.absolutePath() + QLatin1Char('/') + capture.completeBaseName() + QStringLiteral("-report.pdf");
    ExportReportDialog dialog(int(m_workspace->lastRun().result.total()), m_workspace->selection().alert, suggested,
        m_workspace->tunedFrom(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    m_workspace->notify(tr("Writing the report to %1…").arg(dialog.path()));
    // A report that could not be written is said where the user looks, not only in the status line.
    connect(
        m_workspace, &Workspace::reportExported, this,
        [this](const QString&, const QString& error) {
            if (!error.isEmpty()) QMessageBox::warning(this, tr("Export Report"), error);
        },
        Qt::SingleShotConnection);
    m_workspace->exportReport(dialog.path(), dialog.format(), dialog.alert());
}

void MainWindow::setPresenterView(bool on) {
    if (m_presenterAction->isChecked() != on) m_presenterAction->setChecked(on);
    QFont f = QApplication::font();
    if (on) f.setPointSizeF(f.pointSizeF() * 1.4);
    setFont(f);
    for (const char* name : {"ruleDock", "captureDock", "exceptionsDock"})
        dock(name)->setVisible(!on);
}

QIcon MainWindow::applicationIcon() {
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/eql-workbench-%1.png").arg(size), QSize(size, size));
    return icon;
}

void MainWindow::resetLayout() {
    m_layout->reset();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (!paths.isEmpty()) openCaptures(paths);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_layout->save();
    m_workspace->writeAutosave();
    m_workspace->cancelLoading();
    event->accept();
}
