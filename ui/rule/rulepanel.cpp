// SPDX-License-Identifier: Apache-2.0
#include "rule/rulepanel.h"

#include "eql/parser.h"
#include "eql/printer.h"
#include "rule/eqlhighlighter.h"
#include "rule/valuelisteditor.h"
#include "rules/rulelibrary.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace {
const char* const Units[] = {"ms", "s", "m", "h", "d"};
}

RulePanel::RulePanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_versions(new QComboBox)
    , m_versionInfo(new QLabel)
    , m_editor(new QPlainTextEdit)
    , m_error(new QLabel)
    , m_debounce(new QTimer(this))
    , m_maxspanValue(new QSpinBox)
    , m_maxspanUnit(new QComboBox)
    , m_keys(new QLineEdit)
    , m_listsLayout(new QVBoxLayout)
    , m_listsBox(new QWidget) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* versionRow = new QHBoxLayout;
    versionRow->addWidget(new QLabel(tr("Rule:")));
    const wb::rules::Rule& seed = wb::rules::seedRule();
    for (const auto& v : seed.versions)
        m_versions->addItem(QStringLiteral("%1 — %2 (%3)")
                                .arg(QString::fromStdString(v.label), QString::fromStdString(v.name),
                                    QString::fromStdString(v.release)
                                        .remove(QStringLiteral("Elastic Stack "))
                                        .section(QStringLiteral(" ("), 0, 0)),
            QString::fromStdString(v.label));
    m_versions->addItem(tr("Custom query"), QString());
    m_versions->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_versions->setMinimumContentsLength(24); // long rule names are elided, not forcing the panel wide
    m_versions->setToolTip(tr("The rule's published versions; choosing one replaces the query"));
    versionRow->addWidget(m_versions, 1);
    layout->addLayout(versionRow);
    m_versionInfo->setWordWrap(true);
    m_versionInfo->setTextFormat(Qt::RichText);
    layout->addWidget(m_versionInfo);

    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_editor->setToolTip(tr("The EQL query. Edits re-run the rule; errors show here with line:column"));
    m_highlighter = new EqlHighlighter(m_editor->document());
    m_editor->setMinimumHeight(80);
    layout->addWidget(m_editor, 2);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_error);

    auto* tuningBox = new QGroupBox(tr("Tuning"));
    auto* form = new QFormLayout(tuningBox);
    auto* spanRow = new QHBoxLayout;
    m_maxspanValue->setRange(1, 1'000'000);
    m_maxspanValue->setToolTip(tr("maxspan: how long after its first event a sequence may complete (inclusive)"));
    for (const char* u : Units)
        m_maxspanUnit->addItem(QString::fromLatin1(u));
    spanRow->addWidget(m_maxspanValue, 1);
    spanRow->addWidget(m_maxspanUnit);
    form->addRow(tr("maxspan"), spanRow);
    m_keys->setToolTip(tr("The sequence's join keys (by), comma-separated; ?field allows null"));
    form->addRow(tr("by"), m_keys);
    m_listsBox->setLayout(m_listsLayout);
    m_listsLayout->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_listsBox);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    form->addRow(scroll);
    layout->addWidget(tuningBox, 5);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &RulePanel::onTextEdited);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_updatingText) m_debounce->start();
    });
    connect(m_maxspanValue, &QSpinBox::valueChanged, this, &RulePanel::onControlsChanged);
    connect(m_maxspanUnit, &QComboBox::currentIndexChanged, this, &RulePanel::onControlsChanged);
    connect(m_keys, &QLineEdit::editingFinished, this, &RulePanel::onControlsChanged);
    connect(m_versions, &QComboBox::activated, this, [this](int index) {
        const QString label = m_versions->itemData(index).toString();
        if (!label.isEmpty() && label != QLatin1String("file:")) m_workspace->selectVersion(label);
    });
    connect(m_workspace, &Workspace::ruleChanged, this, [this](Workspace::RuleChange c) { onRuleChanged(int(c)); });
    connect(m_workspace, &Workspace::ruleErrorChanged, this, &RulePanel::showError);
    connect(m_workspace, &Workspace::ruleOpened, this, &RulePanel::showVersionInfo);
    onRuleChanged(int(Workspace::RuleChange::Replaced));
    showError();
}

RulePanel::~RulePanel() = default;

void RulePanel::selectVersion(const QString& label) {
    m_workspace->selectVersion(label);
}

void RulePanel::setRuleText(const QString& text) {
    m_editor->setPlainText(text);
    m_debounce->stop();
    onTextEdited();
}

QString RulePanel::queryText() const {
    return m_editor->toPlainText();
}
QString RulePanel::errorText() const {
    return m_workspace->ruleError().text();
}
QString RulePanel::versionLabel() const {
    return m_workspace->versionLabel();
}

void RulePanel::onRuleChanged(int change) {
    int index = m_versions->findData(m_workspace->versionLabel());
    if (m_workspace->ruleFromFile()) {
        // The opened rule has an entry of its own, replaced by the next one opened.
        const QString title = tr("%1 (from a file)").arg(QString::fromStdString(m_workspace->currentRule().name));
        index = m_versions->findData(QStringLiteral("file:"));
        if (index < 0) {
            m_versions->addItem(title, QStringLiteral("file:"));
            index = m_versions->count() - 1;
        } else {
            m_versions->setItemText(index, title);
        }
    }
    m_versions->setCurrentIndex(index >= 0 ? index : m_versions->findData(QString()));
    showVersionInfo();
    if (m_editor->toPlainText() != m_workspace->queryText()) {
        m_updatingText = true;
        m_editor->setPlainText(m_workspace->queryText());
        m_updatingText = false;
    }
    // Controls the user is moving stay as they are; anything else rebuilds them.
    if (!(change == int(Workspace::RuleChange::Tuned) && m_tuningFromControls)) rebuildControls();
}

void RulePanel::showVersionInfo() {
    const wb::rules::DetectionRule rule = m_workspace->currentRule();
    const auto* builtin
        = m_workspace->ruleFromFile() ? nullptr : wb::rules::seedRule().find(m_workspace->versionLabel().toStdString());
    if (!m_workspace->ruleFromFile() && !builtin && m_workspace->versionLabel().isEmpty() && rule.name.empty()) {
        m_versionInfo->setText(tr("<i>A query of your own; not one of the published versions.</i>"));
        return;
    }
    auto html = [](const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); };
    QStringList tactics;
    for (const auto& t : rule.tactics())
        tactics << html(t);
    QString origin;
    if (builtin)
        origin = tr("%1 · released %2").arg(QString::fromStdString(builtin->label), html(builtin->release));
    else if (m_workspace->ruleFromFile())
        origin = tr("%1 · %2").arg(html(rule.file), html(wb::rules::formatName(rule.format)));
    else
        origin = tr("edited from %1").arg(html(rule.name));
    QString settings;
    if (!rule.eventCategoryOverride.empty())
        settings += tr(" · category field %1").arg(html(rule.eventCategoryOverride));
    if (!rule.tiebreakerField.empty()) settings += tr(" · tiebreaker %1").arg(html(rule.tiebreakerField));
    if (!rule.timestampOverride.empty()) settings += tr(" · timestamp %1").arg(html(rule.timestampOverride));
    QStringList index;
    for (const auto& i : rule.index)
        index << html(i);
    m_versionInfo->setText(
        tr("<b>%1</b> %2<br>severity %3 · risk score %4 · runs every %5 · from %6 · max %7 alerts%8<br>"
           "index %9<br>tactics: %10%11")
            .arg(html(rule.name), origin, html(rule.severity))
            .arg(rule.riskScore)
            .arg(html(rule.interval), html(rule.from))
            .arg(rule.maxSignals)
            .arg(settings, index.isEmpty() ? tr("(any)") : index.join(QStringLiteral(", ")),
                tactics.isEmpty() ? tr("–") : tactics.join(QStringLiteral(", ")),
                builtin ? QStringLiteral("<br><small>%1</small>").arg(html(builtin->provenance)) : QString()));
}

void RulePanel::showError() {
    const Workspace::RuleError& error = m_workspace->ruleError();
    m_error->setText(error.text());
    QList<QTextEdit::ExtraSelection> marks;
    if (error.isError()) {
        const QTextBlock block = m_editor->document()->findBlockByNumber(error.line - 1);
        if (block.isValid()) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(block);
            mark.cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::max(0, error.column - 1));
            if (!mark.cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor))
                mark.cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor);
            mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            mark.format.setUnderlineColor(QColor(176, 0, 32));
            mark.format.setBackground(QColor(255, 220, 220));
            marks << mark;
        }
    }
    m_editor->setExtraSelections(marks);
}

void RulePanel::onTextEdited() {
    m_workspace->setRuleText(m_editor->toPlainText());
}

void RulePanel::rebuildControls() {
    m_updatingControls = true;
    const auto& base = m_workspace->baseQuery();
    const wb::tuning::RuleTuning& tuning = m_workspace->tuning();
    const bool sequence = base && base->kind == wb::eql::Query::Kind::Sequence;
    m_maxspanValue->setEnabled(sequence);
    m_maxspanUnit->setEnabled(sequence);
    if (tuning.maxspan) {
        m_maxspanValue->setValue(int(std::min<std::int64_t>(tuning.maxspan->value, 1'000'000)));
        m_maxspanUnit->setCurrentText(QString::fromStdString(tuning.maxspan->unit));
    }
    QStringList keys;
    for (const auto& k : tuning.sharedKeys)
        keys << QString::fromStdString(wb::eql::toEql(k));
    m_keys->setText(keys.join(QStringLiteral(", ")));
    m_keys->setEnabled(base && base->kind != wb::eql::Query::Kind::Event);
    for (ValueListEditor* e : m_listEditors)
        e->deleteLater();
    m_listEditors.clear();
    for (const auto& list : tuning.lists) {
        auto* editor = new ValueListEditor(list);
        m_listsLayout->addWidget(editor);
        m_listEditors.push_back(editor);
        connect(editor, &ValueListEditor::changed, this, &RulePanel::onControlsChanged);
    }
    m_updatingControls = false;
}

void RulePanel::onControlsChanged() {
    const auto& base = m_workspace->baseQuery();
    if (m_updatingControls || !base) return;
    wb::tuning::RuleTuning tuning = m_workspace->tuning();
    if (base->kind == wb::eql::Query::Kind::Sequence) {
        wb::eql::Duration d;
        d.value = m_maxspanValue->value();
        d.unit = m_maxspanUnit->currentText().toStdString();
        tuning.maxspan = d;
    }
    if (base->kind != wb::eql::Query::Kind::Event) {
        std::vector<wb::eql::FieldRef> keys;
        for (const QString& part : m_keys->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            wb::eql::FieldRef ref;
            QString name = part.trimmed();
            if (name.startsWith(QLatin1Char('?'))) {
                ref.optional = true;
                name = name.mid(1);
            }
            ref.name = name.toStdString();
            if (!ref.name.empty()) keys.push_back(ref);
        }
        tuning.sharedKeys = keys;
    }
    for (std::size_t i = 0; i < m_listEditors.size() && i < tuning.lists.size(); ++i)
        tuning.lists[i] = m_listEditors[i]->list();
    m_tuningFromControls = true;
    m_workspace->setTuning(tuning);
    m_tuningFromControls = false;
}
