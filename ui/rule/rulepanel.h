// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/ast.h"
#include "tuning/ruletuning.h"

#include <QWidget>
#include <optional>
#include <vector>

class EqlHighlighter;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTimer;
class QVBoxLayout;
class ValueListEditor;

class Workspace;

// The rule: its version in the built-in lineage (with metadata), an EQL editor with syntax
// highlighting and inline errors at line:column, and below it the tuning controls: maxspan
// (value and unit), the `by` fields, and every value list of the query. A view of the
// workspace's rule: edits go to the workspace, which re-runs it; the text follows the controls
// and the controls follow the text.
class RulePanel : public QWidget {
    Q_OBJECT
public:
    explicit RulePanel(Workspace* workspace, QWidget* parent = nullptr);
    ~RulePanel() override;

    void setRuleText(const QString& text); // as if typed: replaces the rule and its controls
    void selectVersion(const QString& label); // "v100"
    QString queryText() const;
    QString versionLabel() const;
    QString errorText() const;

    QSpinBox* maxspanValue() const { return m_maxspanValue; }
    QComboBox* maxspanUnit() const { return m_maxspanUnit; }
    QLineEdit* keysEdit() const { return m_keys; }
    const std::vector<ValueListEditor*>& listEditors() const { return m_listEditors; }
    QPlainTextEdit* editor() const { return m_editor; }

private:
    void onTextEdited();
    void onControlsChanged();
    void onRuleChanged(int change);
    void rebuildControls();
    void showError();
    void showVersionInfo();

    Workspace* m_workspace;
    QComboBox* m_versions;
    QLabel* m_versionInfo;
    QPlainTextEdit* m_editor;
    EqlHighlighter* m_highlighter;
    QLabel* m_error;
    QTimer* m_debounce;
    QSpinBox* m_maxspanValue;
    QComboBox* m_maxspanUnit;
    QLineEdit* m_keys;
    QVBoxLayout* m_listsLayout;
    QWidget* m_listsBox;
    std::vector<ValueListEditor*> m_listEditors;

    bool m_updatingText = false;
    bool m_updatingControls = false;
    bool m_tuningFromControls = false; // the change being applied came from these controls
};
