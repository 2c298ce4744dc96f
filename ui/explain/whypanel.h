// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;
class Workspace;
namespace wb::explain {
struct ConditionNode;
}

// Why? For the selected alert: its stages and each stage's condition tree with ✓/✗ and the
// event's values. "Why no alert here?" asks about the selected event, or else the time range
// the lanes show: the near misses, closest first, each with its reason and evidence; the lanes
// draw them as unfinished chains. A hint (checked by re-running the engine) is applied as a
// tuning change with one click, and undone with another.
class WhyPanel : public QWidget {
    Q_OBJECT
public:
    explicit WhyPanel(Workspace* workspace, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return m_tree; }
    QString headline() const;
    void askWhyNoAlert(); // the button's action
    void applySelectedHint();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void showWhy();
    void followSelection();
    void addConditions(QTreeWidgetItem* parent, const wb::explain::ConditionNode& node);
    int selectedNearMiss() const;
    void updateButtons();

    Workspace* m_workspace;
    QLabel* m_headline;
    QPushButton* m_ask;
    QPushButton* m_apply;
    QPushButton* m_undo;
    QTreeWidget* m_tree;
};
