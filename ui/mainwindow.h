// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "captureloadjob.h"

#include <QMainWindow>

class CaptureSummaryWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openCaptures(const QStringList& paths);
    CaptureLoadJob* loadJob() { return m_job; }
    CaptureSummaryWidget* summaryWidget() { return m_summary; }
    const LoadedCapture& capture() const { return m_capture; }

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void showOpenDialog();
    void rebuildRecentMenu();
    void addRecentFiles(const QStringList& paths);
    void onLoaded(const LoadedCapture& capture);
    void setBusy(bool busy);

    CaptureLoadJob* m_job;
    CaptureSummaryWidget* m_summary;
    QLabel* m_status;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QMenu* m_recentMenu = nullptr;
    LoadedCapture m_capture;
    QStringList m_loadingPaths;
};
