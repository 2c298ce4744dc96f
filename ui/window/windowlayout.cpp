// SPDX-License-Identifier: Apache-2.0
#include "window/windowlayout.h"

#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>

WindowLayout::WindowLayout(QMainWindow& window)
    : m_window(window)
    , m_defaultState(window.saveState()) {
    const QSettings settings;
    const QByteArray geometry = settings.value("window/geometry").toByteArray();
    if (!geometry.isEmpty() && m_window.restoreGeometry(geometry) && fitsOnScreen()) {
        m_window.restoreState(settings.value("window/state").toByteArray());
        return;
    }
    placeOnScreen();
}

void WindowLayout::save() const {
    QSettings settings;
    settings.setValue("window/geometry", m_window.saveGeometry());
    settings.setValue("window/state", m_window.saveState());
}

void WindowLayout::reset() {
    if (m_window.isMaximized() || m_window.isFullScreen()) m_window.showNormal();
    m_window.restoreState(m_defaultState);
    placeOnScreen();
    QSettings settings;
    settings.remove("window/geometry");
    settings.remove("window/state");
}

bool WindowLayout::fitsOnScreen() const {
    const QRect frame
        = m_window.isMaximized() || m_window.isFullScreen() ? m_window.geometry() : m_window.frameGeometry();
    const QScreen* screen = QGuiApplication::screenAt(frame.center());
    if (!screen) return false;
    const QRect available = screen->availableGeometry();
    const QRect inside = available.intersected(frame);
    return inside.height() >= qMin(frame.height(), available.height()) * 9 / 10
        && inside.width() >= qMin(frame.width(), available.width()) * 9 / 10 && frame.width() <= available.width() + 16
        && frame.height() <= available.height() + 16;
}

void WindowLayout::placeOnScreen() {
    const QScreen* screen = QGuiApplication::primaryScreen();
    if (!screen) return;
    const QRect available = screen->availableGeometry();
    QRect target(0, 0, available.width() * 9 / 10, available.height() * 9 / 10);
    target.moveCenter(available.center());
    m_window.setGeometry(target);
}
