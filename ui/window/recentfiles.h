// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

// File → Open Recent: the last ten captures opened, kept in the settings.
class RecentFiles : public QObject {
    Q_OBJECT
public:
    explicit RecentFiles(QMenu* menu, QObject* parent = nullptr);
    void add(const QStringList& absolutePaths);

signals:
    void openRequested(const QString& path);

private:
    void rebuild();
    QMenu* m_menu;
};
