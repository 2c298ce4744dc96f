// SPDX-License-Identifier: Apache-2.0
#include "window/recentfiles.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace {
constexpr int MaxRecentFiles = 10;
}

RecentFiles::RecentFiles(QMenu* menu, QObject* parent)
    : QObject(parent)
    , m_menu(menu) {
    rebuild();
}

void RecentFiles::add(const QStringList& absolutePaths) {
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    for (const QString& path : absolutePaths) {
        recent.removeAll(path);
        recent.prepend(path);
    }
    settings.setValue("recentFiles", recent.mid(0, MaxRecentFiles));
    rebuild();
}

void RecentFiles::rebuild() {
    m_menu->clear();
    const QStringList recent = QSettings().value("recentFiles").toStringList();
    for (const QString& path : recent)
        m_menu->addAction(QFileInfo(path).fileName(), this, [this, path] { emit openRequested(path); })
            ->setToolTip(path);
    m_menu->setEnabled(!recent.isEmpty());
}
