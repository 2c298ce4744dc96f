// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "addexceptiondialog.h"
#include "alertsmodel.h"
#include "capturesummarywidget.h"
#include "eventsmodel.h"
#include "exceptions/exceptionio.h"
#include "exceptionspanel.h"
#include "export/ruleexport.h"
#include "histogramview.h"
#include "process/processtree.h"
#include "processtreemodel.h"
#include "replaybar.h"
#include "replaycontroller.h"
#include "rulepanel.h"
#include "rules/rulelibrary.h"
#include "samplecatalog.h"
#include "timeline/laneset.h"
#include "timelinewidget.h"
#include "util/atomicfile.h"
#include "util/timestamp.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QUuid>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {
constexpr int MaxRecentFiles = 10;
const char* const FilterTip = QT_TRANSLATE_NOOP("MainWindow",
    "Filter the events: an EQL condition such as process.name : \"curl\" and "
    "event.type == \"start\" (green when valid, red with the error when not), "
    "or plain text searched in the visible columns");
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_job(new CaptureLoadJob(this))
    , m_runner(new RuleRunner(this))
    , m_summary(new CaptureSummaryWidget)
    , m_rulePanel(new RulePanel)
    , m_exceptions(new ExceptionsPanel)
    , m_replay(new ReplayController(this))
    , m_replayBar(new ReplayBar(m_replay))
    , m_histogram(new HistogramView)
    , m_timeline(new TimelineWidget)
    , m_alertsModel(new AlertsModel(this))
    , m_alertsView(new QTableView)
    , m_alertCounts(new QLabel)
    , m_eventsModel(new EventsModel(this))
    , m_eventsView(new QTableView)
    , m_filter(new QLineEdit)
    , m_treeModel(new ProcessTreeModel(this))
    , m_treeView(new QTreeView)
    , m_detail(new QPlainTextEdit)
    , m_status(new QLabel)
    , m_runInfo(new QLabel)
    , m_progress(new QProgressBar)
    , m_cancel(new QToolButton)
    , m_autosaveTimer(new QTimer(this)) {
    setWindowTitle(tr("EQL Workbench"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    // Centre: overview histogram, lanes, then the events table / process tree beside the detail.
    auto* eventsPage = new QWidget;
    auto* eventsLayout = new QVBoxLayout(eventsPage);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    m_filter->setPlaceholderText(tr("Filter: EQL condition or text (Enter)"));
    m_filter->setToolTip(tr(FilterTip));
    m_filter->setClearButtonEnabled(true);
    eventsLayout->addWidget(m_filter);
    m_eventsView->setModel(m_eventsModel);
    m_eventsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventsView->verticalHeader()->setDefaultSectionSize(QFontMetrics(font()).height() + 4);
    m_eventsView->verticalHeader()->setVisible(false);
    m_eventsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_eventsView->horizontalHeader()->setStretchLastSection(true);
    m_eventsView->setWordWrap(false);
    m_eventsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    eventsLayout->addWidget(m_eventsView);
    connect(m_eventsModel, &QAbstractItemModel::modelReset, this, [this] {
        // Only when the columns change, so that a filter keeps the widths the user set.
        if (m_sizedColumns == m_eventsModel->columns()) return;
        m_sizedColumns = m_eventsModel->columns();
        const QFontMetrics fm(m_eventsView->font());
        for (int c = 0; c < m_eventsModel->columnCount(); ++c)
            m_eventsView->setColumnWidth(c,
                m_eventsModel->columns()[c] == QLatin1String("@timestamp")
                    ? fm.horizontalAdvance(QStringLiteral("2024-05-14T10:21:07.412596Z")) + 12
                    : fm.horizontalAdvance(QStringLiteral("package_script_service")));
    });
    m_treeView->setModel(m_treeModel);
    m_treeView->setUniformRowHeights(true);
    m_treeView->header()->setStretchLastSection(true);
    auto* tabs = new QTabWidget;
    tabs->addTab(eventsPage, tr("&Events"));
    tabs->addTab(m_treeView, tr("&Process tree"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select an event to see its original document"));
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(tabs);
    bottom->addWidget(m_detail);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto* centre = new QSplitter(Qt::Vertical);
    centre->addWidget(m_histogram);
    centre->addWidget(m_timeline);
    centre->addWidget(bottom);
    centre->setStretchFactor(0, 1);
    centre->setStretchFactor(1, 3);
    centre->setStretchFactor(2, 3);
    setCentralWidget(centre);
    createDocks();

    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop loading (Esc)"));
    m_cancel->setShortcut(Qt::Key_Escape);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_runInfo);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    setBusy(false);
    m_status->setText(tr("Open a capture (Ctrl+O) or drop files here"));

    connect(m_cancel, &QToolButton::clicked, m_job, &CaptureLoadJob::cancel);
    connect(m_job, &CaptureLoadJob::progressChanged, m_progress, &QProgressBar::setValue);
    connect(m_job, &CaptureLoadJob::finished, this, &MainWindow::onLoaded);
    connect(m_job, &CaptureLoadJob::cancelled, this, [this] {
        setBusy(false);
        m_status->setText(tr("Loading cancelled"));
    });
    connect(&m_viewsWatcher, &QFutureWatcher<CaptureViews>::finished, this, [this] {
        if (m_viewsWatcher.future().resultCount()) onViewsBuilt(m_viewsWatcher.result());
    });
    connect(m_runner, &RuleRunner::finished, this, &MainWindow::onRuleFinished);
    connect(m_rulePanel, &RulePanel::queryChanged, this, [this] {
        runRule();
        scheduleAutosave();
    });
    connect(m_exceptions, &ExceptionsPanel::changed, this, [this] {
        runRule();
        scheduleAutosave();
    });
    connect(m_exceptions, &ExceptionsPanel::addFromAlertRequested, this, &MainWindow::addExceptionForSelectedAlert);
    connect(m_exceptions, &ExceptionsPanel::exportRequested, this, &MainWindow::onExportRequested);
    connect(m_rulePanel, &RulePanel::queryInvalid, this,
        [this](const QString& message) { m_runInfo->setText(tr("rule not run: %1").arg(message)); });
    connect(m_alertsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onAlertSelected);
    connect(m_alertsView, &QTableView::doubleClicked, this,
        [this](const QModelIndex& index) { m_timeline->zoomToAlert(index.row()); });
    connect(m_timeline, &TimelineWidget::eventClicked, this, [this](wb::EventIndex e) { selectEvent(e, true); });
    connect(m_timeline, &TimelineWidget::viewRangeChanged, m_histogram, &HistogramView::setVisibleRange);
    connect(m_timeline, &TimelineWidget::viewRangeChanged, this, &MainWindow::scheduleAutosave);
    connect(m_histogram, &HistogramView::rangeSelected, this,
        [this](std::int64_t from, std::int64_t to) { m_timeline->setViewRange(from, to); });
    connect(m_histogram, &HistogramView::resetRequested, m_timeline, &TimelineWidget::resetView);
    connect(m_eventsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid()) selectEvent(m_eventsModel->eventAt(current.row()), false);
        });
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (!current.isValid() || !m_views.tree) return;
            const auto& node = m_views.tree->nodes()[std::size_t(current.data(ProcessTreeModel::NodeRole).toInt())];
            if (!node.events.empty()) selectEvent(node.events.front(), true);
        });
    connect(m_filter, &QLineEdit::returnPressed, this, &MainWindow::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty()) applyFilter();
    });
    connect(m_eventsModel, &EventsModel::filterApplied, this, [this] { updateStatus(); });

    m_autosaveTimer->setSingleShot(true);
    m_autosaveTimer->setInterval(2000);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::writeAutosave);

    createMenus();
    setWindowIcon(applicationIcon());
    restoreWindowLayout();
    m_rulePanel->selectVersion(QStringLiteral("v100"));
}

MainWindow::~MainWindow() {
    m_viewsWatcher.waitForFinished();
}

namespace {
// A panel that still fits when the screen is small: below its preferred size it scrolls
// instead of pushing the window past the screen's edge.
QScrollArea* scrollable(QWidget* panel) {
    auto* area = new QScrollArea;
    area->setWidget(panel);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setMinimumHeight(120);
    return area;
}
} // namespace

void MainWindow::createDocks() {
    auto* ruleDock = new QDockWidget(tr("Rule"), this);
    ruleDock->setObjectName(QStringLiteral("ruleDock"));
    ruleDock->setWidget(scrollable(m_rulePanel));
    addDockWidget(Qt::RightDockWidgetArea, ruleDock);

    auto* alertsPage = new QWidget;
    auto* alertsLayout = new QVBoxLayout(alertsPage);
    alertsLayout->setContentsMargins(2, 2, 2, 2);
    alertsLayout->addWidget(m_alertCounts);
    m_alertsView->setModel(m_alertsModel);
    m_alertsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_alertsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_alertsView->verticalHeader()->setVisible(false);
    m_alertsView->horizontalHeader()->setStretchLastSection(true);
    m_alertsView->setToolTip(tr("Select an alert to see it on the lanes, in the process tree and in the table; "
                                "double-click (or Z) zooms to it"));
    alertsLayout->addWidget(m_alertsView);
    auto* alertsDock = new QDockWidget(tr("Alerts"), this);
    alertsDock->setObjectName(QStringLiteral("alertsDock"));
    alertsDock->setWidget(alertsPage);
    addDockWidget(Qt::RightDockWidgetArea, alertsDock);
    splitDockWidget(ruleDock, alertsDock, Qt::Vertical);

    auto* captureDock = new QDockWidget(tr("Capture"), this);
    captureDock->setObjectName(QStringLiteral("captureDock"));
    captureDock->setWidget(scrollable(m_summary));
    addDockWidget(Qt::RightDockWidgetArea, captureDock);
    tabifyDockWidget(alertsDock, captureDock);
    auto* exceptionsDock = new QDockWidget(tr("Exceptions"), this);
    exceptionsDock->setObjectName(QStringLiteral("exceptionsDock"));
    exceptionsDock->setWidget(m_exceptions);
    addDockWidget(Qt::RightDockWidgetArea, exceptionsDock);
    tabifyDockWidget(alertsDock, exceptionsDock);
    alertsDock->raise();
    auto* replayDock = new QDockWidget(tr("Replay"), this);
    replayDock->setObjectName(QStringLiteral("replayDock"));
    replayDock->setWidget(m_replayBar);
    addDockWidget(Qt::TopDockWidgetArea, replayDock);
    replayDock->hide();
    connect(m_replay, &ReplayController::nowChanged, this, &MainWindow::applyReplayTime);
    m_alertsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* addException = new QAction(tr("Add Exception…"), m_alertsView);
    addException->setShortcut(Qt::CTRL | Qt::Key_E);
    addException->setToolTip(tr("Exclude what this alert matched, with a preview of what else it suppresses"));
    connect(addException, &QAction::triggered, this, &MainWindow::addExceptionForSelectedAlert);
    m_alertsView->addAction(addException);
    resizeDocks({ruleDock}, {540}, Qt::Horizontal);
    resizeDocks({ruleDock, alertsDock}, {700, 260}, Qt::Vertical);
}

QIcon MainWindow::applicationIcon() {
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/eql-workbench-%1.png").arg(size), QSize(size, size));
    return icon;
}

// Later starts come back as they were left; the first start, or a layout saved on a screen that
// is no longer there (or larger than this one), gets the default layout at 90% of the screen.
void MainWindow::restoreWindowLayout() {
    m_defaultLayout = saveState();
    const QSettings settings;
    const QByteArray geometry = settings.value("window/geometry").toByteArray();
    if (!geometry.isEmpty() && restoreGeometry(geometry) && fitsOnScreen()) {
        restoreState(settings.value("window/state").toByteArray());
        return;
    }
    placeOnScreen();
}

bool MainWindow::fitsOnScreen() const {
    const QRect frame = isMaximized() || isFullScreen() ? geometry() : frameGeometry();
    const QScreen* screen = QGuiApplication::screenAt(frame.center());
    if (!screen) return false;
    const QRect available = screen->availableGeometry();
    return available.intersected(frame).height() >= qMin(frame.height(), available.height()) * 9 / 10
        && available.intersected(frame).width() >= qMin(frame.width(), available.width()) * 9 / 10
        && frame.width() <= available.width() + 16 && frame.height() <= available.height() + 16;
}

void MainWindow::placeOnScreen() {
    const QScreen* screen = QGuiApplication::primaryScreen();
    if (!screen) return;
    const QRect available = screen->availableGeometry();
    QRect target(0, 0, available.width() * 9 / 10, available.height() * 9 / 10);
    target.moveCenter(available.center());
    setGeometry(target);
}

void MainWindow::resetLayout() {
    if (isMaximized() || isFullScreen()) showNormal();
    restoreState(m_defaultLayout);
    placeOnScreen();
    QSettings settings;
    settings.remove("window/geometry");
    settings.remove("window/state");
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Captures…"), this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Load one or more event captures (NDJSON, JSON, search responses, es_archiver, .gz)"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    QMenu* samples = file->addMenu(tr("Open Sa&mple"));
    for (const SampleCapture& sample : SampleCatalog::samples())
        samples->addAction(sample.title, this, [this, path = sample.capture] { openCaptures({path}); })
            ->setToolTip(QDir::toNativeSeparators(sample.capture));
    samples->setEnabled(!samples->isEmpty());
    file->addSeparator();
    file->addAction(tr("Open &Session…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Session"), QString(), tr("Workbench sessions (*.eqlwb.json);;All files (*)"));
        QString error;
        if (!path.isEmpty() && !openSession(path, &error)) QMessageBox::warning(this, tr("Open Session"), error);
    });
    QAction* save = file->addAction(tr("&Save Session"), this, [this] {
        QString path = m_sessionPath;
        if (path.isEmpty())
            path = QFileDialog::getSaveFileName(
                this, tr("Save Session"), QString(), tr("Workbench sessions (*.eqlwb.json)"));
        QString error;
        if (!path.isEmpty() && !saveSession(path, &error)) QMessageBox::warning(this, tr("Save Session"), error);
    });
    save->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save Session &As…"), this,
            [this] {
                const QString path = QFileDialog::getSaveFileName(
                    this, tr("Save Session As"), QString(), tr("Workbench sessions (*.eqlwb.json)"));
                QString error;
                if (!path.isEmpty() && !saveSession(path, &error))
                    QMessageBox::warning(this, tr("Save Session"), error);
            })
        ->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Zoom &In"), this,
            [this] { m_timeline->zoomBy(0.5, (m_timeline->viewFrom() + m_timeline->viewTo()) / 2); })
        ->setShortcut(QKeySequence::ZoomIn);
    view->addAction(tr("Zoom &Out"), this,
            [this] { m_timeline->zoomBy(2, (m_timeline->viewFrom() + m_timeline->viewTo()) / 2); })
        ->setShortcut(QKeySequence::ZoomOut);
    view->addAction(tr("&Back"), m_timeline, &TimelineWidget::back)->setShortcut(QKeySequence::Back);
    view->addAction(tr("Show &All"), m_timeline, &TimelineWidget::resetView)->setShortcut(Qt::CTRL | Qt::Key_0);
    QAction* zoomAlert = view->addAction(tr("&Zoom to Alert"), this, [this] {
        const QModelIndex current = m_alertsView->currentIndex();
        if (current.isValid()) m_timeline->zoomToAlert(current.row());
    });
    zoomAlert->setShortcut(Qt::Key_Z);
    view->addSeparator();
    view->addAction(tr("Table &Columns…"), this, &MainWindow::chooseColumns);
    m_replayAction = view->addAction(tr("&Replay Mode"), this, [this](bool on) { setReplayMode(on); });
    m_replayAction->setCheckable(true);
    m_replayAction->setShortcut(Qt::CTRL | Qt::Key_R);
    m_replayAction->setToolTip(tr("Play the capture forward in time, for demos"));
    m_presenterAction = view->addAction(tr("&Presenter View"), this, [this](bool on) { setPresenterView(on); });
    m_presenterAction->setCheckable(true);
    m_presenterAction->setShortcut(Qt::Key_F11);
    QAction* focusFilter = view->addAction(tr("&Filter Events"), this, [this] { m_filter->setFocus(); });
    focusFilter->setShortcut(QKeySequence::Find);
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());
    view->addAction(tr("Reset &Layout"), this, &MainWindow::resetLayout)
        ->setToolTip(tr("Put the window and its panels back as they were on first start"));

    QMenu* rule = menuBar()->addMenu(tr("&Rule"));
    rule->addAction(tr("&Run Again"), this, &MainWindow::runRule)->setShortcut(Qt::Key_F5);
    QMenu* versions = rule->addMenu(tr("&Versions"));
    for (const auto& v : wb::rules::seedRule().versions) {
        const QString label = QString::fromStdString(v.label);
        versions->addAction(QStringLiteral("%1 — %2").arg(label, QString::fromStdString(v.name)), this,
            [this, label] { m_rulePanel->selectVersion(label); });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard"), this, [this] {
        QMessageBox::information(this, tr("Keyboard"),
            tr("Ctrl+O open captures · Ctrl+S save session · F5 run the rule · Ctrl+F filter events\n"
               "Lanes: wheel or +/- zoom, drag to zoom to a range, Shift+drag pan, arrows pan, Backspace back, "
               "0 show all · Z zoom to the selected alert"));
    });
    help->addAction(tr("&About EQL Workbench"), this, [this] {
        QMessageBox::about(this, tr("About EQL Workbench"),
            tr("<b>EQL Workbench</b><p>Test Elastic EQL detection rules against endpoint event captures.</p>"));
    });
}

void MainWindow::showOpenDialog() {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open Captures"), QString(),
        tr("Event captures (*.ndjson *.jsonl *.json *.data *.gz);;All files (*)"));
    if (!paths.isEmpty()) openCaptures(paths);
}

void MainWindow::openCaptures(const QStringList& paths) {
    m_loadingPaths = paths;
    setBusy(true);
    m_status->setText(paths.size() == 1 ? tr("Loading %1…").arg(QFileInfo(paths.first()).fileName())
                                        : tr("Loading %1 files…").arg(paths.size()));
    m_job->start(paths);
}

void MainWindow::setRuleText(const QString& text) {
    m_rulePanel->setRuleText(text);
}

void MainWindow::onLoaded(const LoadedCapture& capture) {
    setBusy(false);
    m_capture = capture;
    m_capturePaths.clear();
    for (const QString& p : std::as_const(m_loadingPaths))
        m_capturePaths << QFileInfo(p).absoluteFilePath();
    m_summary->showCapture(capture);
    addRecentFiles(m_loadingPaths);
    m_runner->setStore(capture.store);
    m_eventsModel->setStore(capture.store);
    m_detail->clear();
    QStringList names;
    for (const QString& path : std::as_const(m_loadingPaths))
        names << QFileInfo(path).fileName();
    setWindowTitle(tr("%1 — EQL Workbench").arg(names.join(QStringLiteral(", "))));
    if (capture.report.skipped > 0) // never buried: the skipped records are one click away
        if (auto* dock = findChild<QDockWidget*>(QStringLiteral("captureDock"))) dock->raise();
    if (m_pendingSession) {
        const SessionState s = *m_pendingSession;
        m_pendingSession.reset();
        if (!s.exceptions.isEmpty()) {
            auto read = wb::exceptions::parseKibanaNdjson(s.exceptions.toStdString(), "session");
            for (auto& list : read.set.lists)
                for (auto& item : list.items)
                    item.enabled
                        = !s.disabledExceptionItems.contains(QString::fromStdString(list.listId + "/" + item.itemId));
            const QSignalBlocker block(m_exceptions); // the rule runs once, below
            m_exceptions->setExceptions(read.set);
        }
        m_rulePanel->setRuleText(s.ruleText);
        m_rulePanel->setTuning(s.tuning);
        if (!s.columns.isEmpty()) m_eventsModel->setColumns(s.columns);
        m_filter->setText(s.filter);
        applyFilter();
        buildViews(m_rulePanel->joinKeyFields());
        if (s.viewTo > s.viewFrom) {
            m_viewsWatcher.waitForFinished();
            QCoreApplication::processEvents();
            m_timeline->setViewRange(s.viewFrom, s.viewTo);
        }
    } else {
        buildViews(m_rulePanel->joinKeyFields());
    }
    runRule();
    updateStatus();
    scheduleAutosave();
}

void MainWindow::buildViews(const std::vector<std::string>& keyFields) {
    if (!m_capture.store) return;
    auto store = m_capture.store;
    auto oldTree = m_views.tree;
    std::vector<std::string> keys = keyFields.empty() ? std::vector<std::string>{"host.id"} : keyFields;
    m_viewsWatcher.waitForFinished();
    m_viewsWatcher.setFuture(QtConcurrent::run([store, keys, oldTree] {
        CaptureViews views;
        views.tree = oldTree && oldTree->nodes().size()
            ? oldTree
            : std::make_shared<wb::process::ProcessTree>(wb::process::ProcessTree::build(*store));
        views.lanes = std::make_shared<wb::timeline::LaneSet>(wb::timeline::LaneSet::build(*store, keys));
        return views;
    }));
}

void MainWindow::onViewsBuilt(const CaptureViews& views) {
    const bool newTree = views.tree != m_views.tree;
    m_views = views;
    if (newTree) m_treeModel->setTree(views.tree);
    const std::int64_t from = m_timeline->viewFrom(), to = m_timeline->viewTo();
    const bool keepRange = m_timeline->laneCount() > 0;
    m_timeline->setData(m_capture.store, views.lanes);
    if (keepRange) m_timeline->setViewRange(from, to, false);
    m_histogram->setData(m_capture.store, views.lanes);
    m_histogram->setVisibleRange(m_timeline->viewFrom(), m_timeline->viewTo());
    onRuleFinished(m_lastRun); // redraw the alerts on the new lanes
}

void MainWindow::runRule() {
    if (!m_capture.store) return;
    m_runInfo->setText(tr("running…"));
    m_runner->run(m_rulePanel->queryText(), {}, m_exceptions->exceptions());
}

void MainWindow::onRuleFinished(const RuleRun& run) {
    m_lastRun = run;
    if (!run.error.isEmpty()) {
        m_runInfo->setText(tr("rule error: line %1:%2: %3").arg(run.errorLine).arg(run.errorColumn).arg(run.error));
        return;
    }
    if (!m_capture.store) return;
    m_alertsModel->setResult(m_capture.store, run.result);
    if (replayMode()) applyReplayTime(m_replay->now());
    m_alertsView->resizeColumnsToContents();
    m_timeline->setAlerts(run.result, m_rulePanel->maxspanMillis());
    std::vector<std::int64_t> starts;
    for (int row = 0; row < m_alertsModel->rowCount(); ++row) {
        const auto events = m_alertsModel->events(row);
        if (!events.empty()) starts.push_back(m_capture.store->timestampNs(events.front()));
    }
    m_histogram->setAlertTimes(starts);
    m_exceptions->setEffects(run.itemEffects, run.exceptionWarnings);
    QStringList warnings;
    for (const auto& w : run.result.warnings)
        warnings << QString::fromStdString(w);
    m_runInfo->setText(
        tr("rule ran in %1 ms%2")
            .arg(run.millis, 0, 'f', 1)
            .arg(warnings.isEmpty() ? QString() : QStringLiteral(" · ") + warnings.join(QStringLiteral(", "))));
    // The lanes follow the rule's join keys.
    if (m_views.lanes && m_views.lanes->keyFields() != m_rulePanel->joinKeyFields()
        && !m_rulePanel->joinKeyFields().empty() && !m_viewsWatcher.isRunning())
        buildViews(m_rulePanel->joinKeyFields());
    updateStatus();
}

void MainWindow::onAlertSelected() {
    const QModelIndex current = m_alertsView->selectionModel()->currentIndex();
    if (!current.isValid()) return;
    const std::vector<wb::EventIndex> events = m_alertsModel->events(current.row());
    m_timeline->setSelectedAlert(current.row());
    highlight(events);
    if (!events.empty()) {
        const int row = m_eventsModel->rowOf(events.front());
        if (row >= 0) m_eventsView->scrollTo(m_eventsModel->index(row, 0), QAbstractItemView::PositionAtCenter);
        m_detail->setPlainText(m_eventsModel->documentJson(events.front()));
    }
}

void MainWindow::selectEvent(wb::EventIndex event, bool scrollTable) {
    m_detail->setPlainText(m_eventsModel->documentJson(event));
    highlight({event});
    if (scrollTable) {
        const int row = m_eventsModel->rowOf(event);
        if (row >= 0) {
            const QSignalBlocker block(m_eventsView->selectionModel());
            m_eventsView->selectRow(row);
            m_eventsView->scrollTo(m_eventsModel->index(row, 0), QAbstractItemView::PositionAtCenter);
        }
    }
}

// Highlights the whole process chain of the given events (ancestors, descendants, and every
// event of those processes, network included) on the lanes, in the tree and in the table.
void MainWindow::highlight(const std::vector<wb::EventIndex>& events) {
    std::vector<wb::EventIndex> chainEvents = events;
    std::vector<int> nodes;
    if (m_views.tree) {
        for (wb::EventIndex e : events)
            for (int n : m_views.tree->chain(m_views.tree->nodeOf(e)))
                nodes.push_back(n);
        std::sort(nodes.begin(), nodes.end());
        nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
        for (int n : nodes)
            for (wb::EventIndex e : m_views.tree->nodes()[std::size_t(n)].events)
                chainEvents.push_back(e);
        m_treeModel->setHighlighted(nodes);
        if (!nodes.empty()) {
            const int focus = events.empty() ? nodes.front() : m_views.tree->nodeOf(events.front());
            const QModelIndex index = m_treeModel->indexOfNode(focus >= 0 ? focus : nodes.front());
            for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
                m_treeView->expand(p);
            m_treeView->scrollTo(index);
        }
    }
    m_timeline->setHighlighted(chainEvents);
    m_eventsModel->setHighlighted(chainEvents);
}

void MainWindow::applyFilter() {
    QString error;
    const auto kind = m_eventsModel->setFilter(m_filter->text(), &error);
    QPalette palette = m_filter->palette();
    if (kind == EventsModel::FilterKind::Eql && !error.isEmpty()) {
        palette.setColor(QPalette::Base, QColor(255, 220, 220));
        m_filter->setToolTip(error);
        m_status->setText(tr("Filter: %1").arg(error));
    } else {
        palette.setColor(QPalette::Base,
            kind == EventsModel::FilterKind::Eql ? QColor(220, 255, 220)
                                                 : QApplication::palette().color(QPalette::Base));
        m_filter->setToolTip(tr(FilterTip));
    }
    m_filter->setPalette(palette);
    scheduleAutosave();
}

void MainWindow::chooseColumns() {
    if (!m_capture.store) return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Table Columns"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* list = new QListWidget;
    QStringList fields = m_eventsModel->columns();
    const wb::FieldTable& table = m_capture.store->fields();
    QStringList all;
    for (wb::FieldId f = 1; f < table.size(); ++f)
        all << QString::fromStdString(table.name(f));
    all.sort();
    for (const QString& f : fields) {
        auto* item = new QListWidgetItem(f, list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    for (const QString& f : all)
        if (!fields.contains(f)) {
            auto* item = new QListWidgetItem(f, list);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
    list->setDragDropMode(QAbstractItemView::InternalMove);
    layout->addWidget(new QLabel(tr("Checked fields are shown, in this order (drag to reorder):")));
    layout->addWidget(list);
    auto* buttons
        = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, &dialog, [&] {
        m_eventsModel->setColumns(EventsModel::defaultColumns());
        dialog.reject();
    });
    if (dialog.exec() != QDialog::Accepted) return;
    QStringList chosen;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked) chosen << list->item(i)->text();
    m_eventsModel->setColumns(chosen);
    scheduleAutosave();
}

QString MainWindow::statusText() const {
    return m_status->text();
}

bool MainWindow::replayMode() const {
    return m_replayAction && m_replayAction->isChecked();
}

void MainWindow::setReplayMode(bool on) {
    if (m_replayAction->isChecked() != on) m_replayAction->setChecked(on);
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("replayDock"))) dock->setVisible(on);
    if (!on || !m_capture.store || !m_views.lanes) {
        m_replay->pause();
        m_timeline->setCutoff(std::nullopt);
        m_eventsModel->setCutoff(std::nullopt);
        m_treeModel->setCutoff(std::nullopt);
        m_alertsModel->setResult(m_capture.store, m_lastRun.result);
        updateStatus();
        return;
    }
    std::vector<std::int64_t> times;
    times.reserve(m_capture.store->size());
    for (wb::EventIndex e = 0; e < m_capture.store->size(); ++e)
        if (m_capture.store->timestampNs(e) != wb::NoTimestamp) times.push_back(m_capture.store->timestampNs(e));
    std::sort(times.begin(), times.end());
    m_replay->setEventTimes(times);
    std::vector<std::int64_t> marks; // the stages of the alerts
    for (const auto& m : m_lastRun.result.matches)
        for (const auto& e : m.events)
            if (e) marks.push_back(m_capture.store->timestampNs(*e));
    m_replay->setMarks(marks);
    m_replay->setCaptions({});
    if (!m_capturePaths.isEmpty()) { // story captions beside the capture: NAME.captions.json or captions.json
        const QFileInfo capture(m_capturePaths.first());
        for (const QString& candidate :
            {capture.absolutePath() + QLatin1Char('/') + capture.completeBaseName() + QStringLiteral(".captions.json"),
                capture.absolutePath() + QStringLiteral("/captions.json")})
            if (QFileInfo::exists(candidate)) {
                QString error;
                if (!m_replay->loadCaptions(candidate, &error)) m_status->setText(error);
                break;
            }
    }
    m_replay->setRange(m_views.lanes->firstNs(), m_views.lanes->lastNs());
    applyReplayTime(m_replay->now());
}

void MainWindow::applyReplayTime(std::int64_t ns) {
    if (!replayMode() || !m_capture.store) return;
    m_timeline->setCutoff(ns);
    m_eventsModel->setCutoff(ns);
    m_treeModel->setCutoff(ns);
    // Alerts appear when their sequence completes. Count first: a tick copies nothing unless an
    // alert has appeared or gone since the last one.
    auto complete = [&](const wb::eql::Match& m) {
        for (const auto& e : m.events)
            if (e && m_capture.store->timestampNs(*e) > ns) return false;
        return true;
    };
    auto happened = [&](wb::EventIndex e) { return m_capture.store->timestampNs(e) <= ns; };
    const auto& all = m_lastRun.result;
    const std::size_t visible = std::size_t(std::count_if(all.matches.begin(), all.matches.end(), complete))
        + std::size_t(std::count_if(all.events.begin(), all.events.end(), happened));
    if (visible != std::size_t(m_alertsModel->rowCount())) {
        wb::eql::QueryResult sofar = all;
        std::erase_if(sofar.matches, [&](const wb::eql::Match& m) { return !complete(m); });
        std::erase_if(sofar.events, [&](wb::EventIndex e) { return !happened(e); });
        m_alertsModel->setResult(m_capture.store, sofar);
    }
    updateStatus();
}

void MainWindow::setPresenterView(bool on) {
    if (m_presenterAction->isChecked() != on) m_presenterAction->setChecked(on);
    QFont f = QApplication::font();
    if (on) f.setPointSizeF(f.pointSizeF() * 1.4);
    setFont(f);
    for (const char* name : {"ruleDock", "captureDock", "exceptionsDock"})
        if (auto* dock = findChild<QDockWidget*>(QLatin1String(name))) dock->setVisible(!on);
}

std::unique_ptr<AddExceptionDialog> MainWindow::makeAddExceptionDialog() {
    const QModelIndex current = m_alertsView->currentIndex();
    if (!m_capture.store || !current.isValid()) return nullptr;
    std::vector<std::vector<wb::EventIndex>> alerts;
    for (int row = 0; row < m_alertsModel->rowCount(); ++row)
        alerts.push_back(m_alertsModel->events(row));
    QStringList lists;
    for (const auto& l : m_exceptions->exceptions().lists)
        lists << QString::fromStdString(l.listId);
    return std::make_unique<AddExceptionDialog>(m_capture.store, alerts, current.row(), lists, this);
}

void MainWindow::acceptException(const AddExceptionDialog& dialog) {
    const wb::exceptions::ExceptionItem item = dialog.item();
    if (item.entries.empty()) return;
    m_exceptions->addItem(dialog.listId(), item);
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("exceptionsDock"))) dock->raise();
}

void MainWindow::addExceptionForSelectedAlert() {
    auto dialog = makeAddExceptionDialog();
    if (!dialog) {
        m_status->setText(tr("Select an alert to build an exception from"));
        return;
    }
    if (dialog->exec() == QDialog::Accepted) acceptException(*dialog);
}

QString MainWindow::exportText(const QString& what) {
    wb::ruleexport::TunedRule rule;
    const auto* version = wb::rules::seedRule().find(m_rulePanel->versionLabel().toStdString());
    rule.base = version ? *version : *wb::rules::seedRule().find("v100");
    rule.ruleId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    rule.query = m_rulePanel->queryText().toStdString();
    rule.exceptions = m_exceptions->exceptions();
    for (auto& list : rule.exceptions.lists) // switched-off items are not exported
        std::erase_if(list.items, [](const wb::exceptions::ExceptionItem& i) { return !i.enabled; });
    rule.tags = {"OS: macOS", "Use Case: Threat Detection", "Tuned: EQL Workbench"};
    const std::string date = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy/MM/dd")).toStdString();
    const std::int64_t to
        = m_capture.store && m_views.lanes ? m_views.lanes->lastNs() : QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    const std::string toIso = wb::formatTimestampMillis(to);
    const std::string fromIso = wb::formatTimestampMillis(to - 9 * 60'000'000'000LL);
    if (what == QLatin1String("kibana-lists"))
        return QString::fromStdString(wb::exceptions::toKibanaNdjson(rule.exceptions));
    if (what == QLatin1String("toml-list")) {
        if (rule.exceptions.lists.empty()) return {};
        return QString::fromStdString(wb::exceptions::toDetectionRulesToml(
            rule.exceptions.lists.front(), {wb::rules::seedRule().ruleId}, {rule.base.name}, date));
    }
    if (what == QLatin1String("kibana-rule")) return QString::fromStdString(wb::ruleexport::kibanaRuleNdjson(rule));
    if (what == QLatin1String("toml-rule"))
        return QString::fromStdString(wb::ruleexport::detectionRulesToml(rule, date));
    if (what == QLatin1String("eql")) return m_rulePanel->queryText() + QStringLiteral("\n");
    if (what == QLatin1String("es-request"))
        return QString::fromStdString(wb::ruleexport::eqlSearchRequest(rule, fromIso, toIso));
    if (what == QLatin1String("curl")) return QString::fromStdString(wb::ruleexport::curlCommand(rule, fromIso, toIso));
    return {};
}

bool MainWindow::exportTo(const QString& what, const QString& path, QString* error) {
    const QString text = exportText(what);
    if (text.isEmpty()) {
        if (error) *error = tr("There is nothing to export");
        return false;
    }
    std::string message;
    // The file dialog already asked before replacing a file, so replacing here is not silent.
    if (!wb::writeFileAtomically(path.toStdString(), text.toStdString(), true, &message)) {
        if (error) *error = QString::fromStdString(message);
        return false;
    }
    return true;
}

void MainWindow::onExportRequested(const QString& what) {
    if (what == QLatin1String("es-request") || what == QLatin1String("curl")) {
        QGuiApplication::clipboard()->setText(exportText(what));
        m_status->setText(tr("Copied the _eql/search request for the last 9 minutes of the capture"));
        return;
    }
    const QString suffix = what.startsWith(QLatin1String("toml")) ? QStringLiteral("toml")
        : what == QLatin1String("eql")                            ? QStringLiteral("eql")
                                                                  : QStringLiteral("ndjson");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QStringLiteral("export.") + suffix,
        tr("%1 files (*.%2);;All files (*)").arg(suffix.toUpper(), suffix));
    if (path.isEmpty()) return;
    QString error;
    if (!exportTo(what, path, &error))
        QMessageBox::warning(this, tr("Export"), error);
    else
        m_status->setText(tr("Exported to %1").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::updateStatus() {
    if (!m_capture.store) return;
    const QLocale locale;
    QString text = tr("%1 events · %2 alerts · %3 hosts, %4 users affected · %5 shown")
                       .arg(locale.toString(qulonglong(m_capture.store->size())))
                       .arg(m_alertsModel->rowCount())
                       .arg(m_alertsModel->hostCount())
                       .arg(m_alertsModel->userCount())
                       .arg(locale.toString(m_eventsModel->rowCount()));
    if (m_lastRun.excludedEvents > 0)
        text += tr(" · %1 events excluded by exceptions").arg(locale.toString(qulonglong(m_lastRun.excludedEvents)));
    if (m_capture.report.skipped > 0)
        text
            += tr(" · %1 bad records skipped (see Capture)").arg(locale.toString(qulonglong(m_capture.report.skipped)));
    m_status->setText(text);
    m_alertCounts->setText(tr("<b>%1 alerts</b> · %2 hosts · %3 users")
                               .arg(m_alertsModel->rowCount())
                               .arg(m_alertsModel->hostCount())
                               .arg(m_alertsModel->userCount()));
}

void MainWindow::waitUntilIdle() {
    for (int round = 0; round < 20; ++round) {
        m_job->waitForFinished();
        m_viewsWatcher.waitForFinished();
        m_runner->waitForFinished();
        m_eventsModel->waitForFilter();
        QCoreApplication::processEvents();
        if (!m_job->isRunning() && !m_viewsWatcher.isRunning() && !m_runner->isRunning()) break;
    }
}

SessionState MainWindow::sessionState() const {
    SessionState s;
    s.captures = m_capturePaths;
    s.ruleVersion = m_rulePanel->versionLabel();
    s.ruleText = m_rulePanel->baseQueryText();
    s.tuning = m_rulePanel->tuning();
    s.viewFrom = m_timeline->viewFrom();
    s.viewTo = m_timeline->viewTo();
    s.filter = m_filter->text();
    s.columns = m_eventsModel->columns();
    s.exceptions = QString::fromStdString(wb::exceptions::toKibanaNdjson(m_exceptions->exceptions(), false));
    for (const auto& list : m_exceptions->exceptions().lists)
        for (const auto& item : list.items)
            if (!item.enabled) s.disabledExceptionItems << QString::fromStdString(list.listId + "/" + item.itemId);
    return s;
}

bool MainWindow::saveSession(const QString& path, QString* error) {
    if (!SessionFile::save(path, sessionState(), error)) return false;
    m_sessionPath = path;
    m_status->setText(tr("Session saved to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MainWindow::openSession(const QString& path, QString* error) {
    auto state = SessionFile::load(path, error);
    if (!state) return false;
    m_sessionPath = path;
    if (state->captures.isEmpty()) {
        m_rulePanel->setRuleText(state->ruleText);
        m_rulePanel->setTuning(state->tuning);
        return true;
    }
    m_pendingSession = *state;
    openCaptures(state->captures);
    return true;
}

QString MainWindow::autosavePath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/autosave.eqlwb.json");
}

bool MainWindow::restoreAutosave() {
    if (!QFileInfo::exists(autosavePath())) return false;
    QString error;
    return openSession(autosavePath(), &error);
}

void MainWindow::scheduleAutosave() {
    if (m_autosaveEnabled) m_autosaveTimer->start();
}

void MainWindow::writeAutosave() {
    if (!m_autosaveEnabled) return;
    QString error;
    SessionFile::save(autosavePath(), sessionState(), &error);
}

void MainWindow::setBusy(bool busy) {
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    if (busy) m_progress->setValue(0);
}

void MainWindow::addRecentFiles(const QStringList& paths) {
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    for (const QString& path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        recent.removeAll(absolute);
        recent.prepend(absolute);
    }
    while (recent.size() > MaxRecentFiles)
        recent.removeLast();
    settings.setValue("recentFiles", recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = QSettings().value("recentFiles").toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openCaptures({path}); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
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
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    if (m_autosaveEnabled) writeAutosave();
    m_job->cancel();
    event->accept();
}
