// SPDX-License-Identifier: Apache-2.0
#pragma once

class QScrollArea;
class QWidget;

// A panel that still fits when the screen is small: below its preferred size it scrolls
// instead of pushing the window past the screen's edge.
QScrollArea* scrollable(QWidget* panel);

// Shows the dock and the tab a widget is in, and gives it the keyboard focus.
void focusPanel(QWidget* widget);
