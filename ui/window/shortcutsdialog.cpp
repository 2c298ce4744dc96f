// SPDX-License-Identifier: Apache-2.0
#include "window/shortcutsdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
void addMenu(QTreeWidget* list, const QMenu* menu, const QString& path) {
    for (QAction* action : menu->actions()) {
        if (action->isSeparator()) continue;
        const QString name = path + QStringLiteral(" → ") + action->text().remove(QLatin1Char('&'));
        if (action->menu()) {
            addMenu(list, action->menu(), name);
            continue;
        }
        if (action->shortcut().isEmpty()) continue;
        new QTreeWidgetItem(list, {name, action->shortcut().toString(QKeySequence::NativeText)});
    }
}
} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menus, QWidget* parent)
    : QDialog(parent)
    , m_list(new QTreeWidget) {
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto* layout = new QVBoxLayout(this);
    m_list->setHeaderLabels({tr("Action"), tr("Keys")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    for (QAction* top : menus->actions())
        if (top->menu()) addMenu(m_list, top->menu(), top->text().remove(QLatin1Char('&')));
    const std::pair<QString, QString> lanes[] = {{tr("Lanes → Zoom in / out"), tr("+ / −, or the wheel")},
        {tr("Lanes → Zoom to a range"), tr("drag across the lanes or the histogram")},
        {tr("Lanes → Pan"), tr("← / →, Shift+drag, or the middle button")},
        {tr("Lanes → Back to the previous range"), tr("Backspace")}, {tr("Lanes → Show everything"), tr("0 or Home")},
        {tr("Lanes → Scroll through lanes"), tr("Page Up / Page Down, Shift+wheel")},
        {tr("Lanes → Select the nearest event"), tr("click")},
        {tr("Alerts → Add an exception for the selected alert"), tr("Ctrl+E")}, {tr("Loading → Cancel"), tr("Esc")}};
    for (const auto& [what, keys] : lanes)
        new QTreeWidgetItem(m_list, {what, keys});
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(m_list);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 560);
}

QStringList ShortcutsDialog::entries() const {
    QStringList out;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        out << m_list->topLevelItem(i)->text(0) + QLatin1Char('\t') + m_list->topLevelItem(i)->text(1);
    return out;
}
