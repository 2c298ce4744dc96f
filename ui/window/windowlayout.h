// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

class QMainWindow;

// Where the window is and how its docks are laid out, across starts: the first start takes 90%
// of the screen, centred; later starts come back as they were left, unless the saved geometry
// no longer fits the screen (a monitor that is gone, a smaller screen), which is reset rather
// than shown off-screen.
class WindowLayout {
public:
    // Call once the docks exist: remembers them as the default, then restores the saved layout.
    explicit WindowLayout(QMainWindow& window);
    void save() const;
    void reset(); // View → Reset Layout: the default docks at 90% of the screen, centred

private:
    bool fitsOnScreen() const;
    void placeOnScreen();

    QMainWindow& m_window;
    QByteArray m_defaultState;
};
