// SPDX-License-Identifier: Apache-2.0
#include "widgets/panels.h"

#include <QDockWidget>
#include <QScrollArea>
#include <QTabWidget>

QScrollArea* scrollable(QWidget* panel) {
    auto* area = new QScrollArea;
    area->setWidget(panel);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setMinimumHeight(120);
    area->setFocusProxy(panel);
    return area;
}

void focusPanel(QWidget* widget) {
    for (QWidget* p = widget; p; p = p->parentWidget()) {
        if (auto* dock = qobject_cast<QDockWidget*>(p)) {
            dock->show();
            dock->raise();
        }
        if (auto* tabs = qobject_cast<QTabWidget*>(p))
            for (int i = 0; i < tabs->count(); ++i)
                if (tabs->widget(i) == widget || tabs->widget(i)->isAncestorOf(widget)) tabs->setCurrentIndex(i);
    }
    widget->setFocus(Qt::ShortcutFocusReason);
}
