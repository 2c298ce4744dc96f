// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "capturesummarywidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QToolButton>

namespace {
constexpr int MaxRecentFiles = 10;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_job(new CaptureLoadJob(this))
    , m_summary(new CaptureSummaryWidget)
    , m_status(new QLabel)
    , m_progress(new QProgressBar)
    , m_cancel(new QToolButton) {
    setWindowTitle(tr("EQL Workbench"));
    setAcceptDrops(true);
    setCentralWidget(m_summary);

    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop loading (Esc)"));
    m_cancel->setShortcut(Qt::Key_Escape);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    setBusy(false);
    m_status->setText(tr("Ready"));

    connect(m_cancel, &QToolButton::clicked, m_job, &CaptureLoadJob::cancel);
    connect(m_job, &CaptureLoadJob::progressChanged, m_progress, &QProgressBar::setValue);
    connect(m_job, &CaptureLoadJob::finished, this, &MainWindow::onLoaded);
    connect(m_job, &CaptureLoadJob::cancelled, this, [this] {
        setBusy(false);
        m_status->setText(tr("Loading cancelled"));
    });

    createMenus();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Captures…"), this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Load one or more event captures (NDJSON, JSON, search responses, es_archiver, .gz)"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
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

void MainWindow::onLoaded(const LoadedCapture& capture) {
    setBusy(false);
    m_capture = capture;
    m_summary->showCapture(capture);
    addRecentFiles(m_loadingPaths);
    const QLocale locale;
    m_status->setText(tr("%1 events · %2 hosts · %3 users · %4 skipped")
                          .arg(locale.toString(static_cast<qulonglong>(capture.summary.events)))
                          .arg(capture.summary.hosts.size())
                          .arg(capture.summary.users.size())
                          .arg(locale.toString(static_cast<qulonglong>(capture.report.skipped))));
    QStringList names;
    for (const QString& path : std::as_const(m_loadingPaths))
        names << QFileInfo(path).fileName();
    setWindowTitle(tr("%1 — EQL Workbench").arg(names.join(QStringLiteral(", "))));
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
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) paths << url.toLocalFile();
    }
    if (!paths.isEmpty()) openCaptures(paths);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    m_job->cancel();
    event->accept();
}
