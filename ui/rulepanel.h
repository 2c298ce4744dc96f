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

// The rule: its version in the built-in lineage (with metadata), an EQL editor with syntax
// highlighting and inline errors at line:column, and below it the tuning controls: maxspan
// (value and unit), the `by` fields, and every value list of the query. The text follows the
// controls and the controls follow the text; each valid change emits queryChanged().
class RulePanel : public QWidget {
    Q_OBJECT
public:
    explicit RulePanel(QWidget* parent = nullptr);
    ~RulePanel() override;

    void setRuleText(const QString& text); // replaces the rule and rebuilds the controls
    void selectVersion(const QString& label); // "v100"
    QString queryText() const;
    // The query before tuning (as last typed or loaded); a session stores it with the tuning.
    QString baseQueryText() const;
    QString versionLabel() const;
    QString errorText() const;
    std::optional<std::int64_t> maxspanMillis() const;
    std::vector<std::string> joinKeyFields() const;

    const wb::tuning::RuleTuning& tuning() const { return m_tuning; }
    void setTuning(const wb::tuning::RuleTuning& tuning); // for sessions: controls as saved
    QSpinBox* maxspanValue() const { return m_maxspanValue; }
    QComboBox* maxspanUnit() const { return m_maxspanUnit; }
    QLineEdit* keysEdit() const { return m_keys; }
    const std::vector<ValueListEditor*>& listEditors() const { return m_listEditors; }
    QPlainTextEdit* editor() const { return m_editor; }

signals:
    void queryChanged(const QString& query);
    void queryInvalid(const QString& message);

private:
    void onTextEdited();
    void onControlsChanged();
    void rebuildControls();
    void showError(const QString& message, int line, int column);
    void showVersionInfo(int index);
    void applyTuningToText();

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

    std::optional<wb::eql::Query> m_base; // the query as last typed or loaded
    wb::tuning::RuleTuning m_tuning;
    QString m_error_text;
    bool m_updatingText = false;
    bool m_updatingControls = false;
};
