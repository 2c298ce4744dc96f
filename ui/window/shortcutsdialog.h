// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

class QMenuBar;
class QTreeWidget;

// Help → Keyboard Shortcuts: every menu action with its shortcut, read from the menus themselves
// (so the list cannot drift from what the keys do), and the keys of the lanes.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QMenuBar* menus, QWidget* parent = nullptr);
    // "Menu → Action<TAB>Shortcut" lines, for tests and for copying.
    QStringList entries() const;

private:
    QTreeWidget* m_list;
};
