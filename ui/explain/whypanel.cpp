// SPDX-License-Identifier: Apache-2.0
#include "explain/whypanel.h"

#include "util/timestamp.h"
#include "widgets/counted.h"
#include "workspace/workspace.h"

#include <QColor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
enum Role { EventRole = Qt::UserRole + 1, NearMissRole };

QString eventText(const wb::EventStore& store, wb::EventIndex e) {
    const QString name = QString::fromStdString(store.firstText(e, store.fields().find("process.name")));
    QString destination = QString::fromStdString(store.firstText(e, store.fields().find("destination.domain")));
    if (destination.isEmpty())
        destination = QString::fromStdString(store.firstText(e, store.fields().find("destination.ip")));
    return QString::fromStdString(wb::formatTimestampMillis(store.timestampNs(e))) + QStringLiteral("  ") + name
        + (destination.isEmpty() ? QString() : QStringLiteral(" → ") + destination);
}

QString valuesText(const wb::explain::ConditionNode& node) {
    QStringList parts;
    for (std::size_t i = 0; i < node.fields.size(); ++i) {
        QStringList values;
        if (i < node.actual.size())
            for (const auto& v : node.actual[i])
                values << QString::fromStdString(v);
        parts << QString::fromStdString(node.fields[i]) + QLatin1Char('=')
                + (values.isEmpty() ? QObject::tr("(missing)") : values.join(QStringLiteral(", ")));
    }
    return parts.join(QStringLiteral("; "));
}
} // namespace

WhyPanel::WhyPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_headline(new QLabel)
    , m_ask(new QPushButton(tr("Why No Alert Here?")))
    , m_apply(new QPushButton(tr("Apply Hint")))
    , m_undo(new QPushButton(tr("Undo Hint")))
    , m_tree(new QTreeWidget) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_headline);
    auto* buttons = new QHBoxLayout;
    m_ask->setToolTip(tr("The near misses of the selected lane (click its label), around the selected event, "
                         "or in the time range the lanes show"));
    m_apply->setToolTip(tr("Apply the selected near miss's hint as a tuning change (it was checked by re-running)"));
    m_undo->setToolTip(tr("Put the rule, its tuning and the exceptions back as they were before the hint"));
    buttons->addWidget(m_ask);
    buttons->addWidget(m_apply);
    buttons->addWidget(m_undo);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Why"), tr("Values")});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    layout->addWidget(m_tree, 1);

    connect(m_ask, &QPushButton::clicked, this, &WhyPanel::askWhyNoAlert);
    connect(m_apply, &QPushButton::clicked, this, &WhyPanel::applySelectedHint);
    connect(m_undo, &QPushButton::clicked, m_workspace, &Workspace::undoHint);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        updateButtons();
        if (item && item->data(0, EventRole).isValid())
            m_workspace->selectEvent(wb::EventIndex(item->data(0, EventRole).toULongLong()));
    });
    connect(m_workspace, &Workspace::whyChanged, this, &WhyPanel::showWhy);
    connect(m_workspace, &Workspace::whyStarted, this, [this] { m_headline->setText(tr("<i>Explaining…</i>")); });
    connect(m_workspace, &Workspace::selectionChanged, this, &WhyPanel::followSelection);
    showWhy();
}

void WhyPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    followSelection(); // an alert selected while the panel was hidden
}

QString WhyPanel::headline() const {
    return m_headline->text();
}

void WhyPanel::followSelection() {
    const int alert = m_workspace->selection().alert;
    const auto& why = m_workspace->why();
    if (alert >= 0 && isVisible()) {
        if (!why || !why->alert || why->alert->alert != std::size_t(alert)) m_workspace->explainAlert(alert);
    } else if (alert < 0 && why && why->alert) {
        m_workspace->clearWhy();
    }
}

void WhyPanel::askWhyNoAlert() {
    wb::explain::Scope scope;
    const auto& selection = m_workspace->selection();
    if (!selection.laneKey.empty())
        scope.key = selection.laneKey; // a lane: its join key over the whole capture
    else if (selection.event && selection.alert < 0)
        scope.event = selection.event;
    else if (m_workspace->viewTo() > m_workspace->viewFrom())
        scope.rangeNs = std::pair(m_workspace->viewFrom(), m_workspace->viewTo());
    m_workspace->explainNoAlert(scope);
}

int WhyPanel::selectedNearMiss() const {
    for (QTreeWidgetItem* item = m_tree->currentItem(); item; item = item->parent())
        if (item->data(0, NearMissRole).isValid()) return item->data(0, NearMissRole).toInt();
    return -1;
}

void WhyPanel::applySelectedHint() {
    const int miss = selectedNearMiss();
    if (miss >= 0 && !m_workspace->applyHint(miss))
        m_workspace->notify(tr("This hint cannot be applied in the workbench"));
    updateButtons();
}

void WhyPanel::updateButtons() {
    const int miss = selectedNearMiss();
    const auto& why = m_workspace->why();
    bool applicable = false;
    if (why && miss >= 0 && std::size_t(miss) < why->nearMisses.size()) {
        const auto kind = why->nearMisses[std::size_t(miss)].reason.hint.kind;
        applicable = kind == wb::explain::Hint::Kind::Maxspan || kind == wb::explain::Hint::Kind::DisableExceptionItem
            || (kind == wb::explain::Hint::Kind::QueryEdit && !why->hintQueries[std::size_t(miss)].isEmpty());
    }
    m_apply->setEnabled(applicable);
    m_undo->setEnabled(m_workspace->canUndoHint());
    m_ask->setEnabled(m_workspace->store() != nullptr);
}

void WhyPanel::addConditions(QTreeWidgetItem* parent, const wb::explain::ConditionNode& node) {
    auto* item = new QTreeWidgetItem(parent,
        {(node.held ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + QString::fromStdString(node.text),
            valuesText(node)});
    item->setForeground(0, node.held ? QColor(0, 128, 0) : QColor(204, 0, 0));
    QString tip = QString::fromStdString(node.note);
    if (!node.expected.empty())
        tip += (tip.isEmpty() ? QString() : QStringLiteral("\n"))
            + tr("wanted: %1").arg(QString::fromStdString(node.expected));
    if (node.fix) tip += QStringLiteral("\n") + QString::fromStdString(node.fixText);
    item->setToolTip(0, tip);
    item->setToolTip(1, tip);
    for (const auto& child : node.children)
        addConditions(item, child);
}

void WhyPanel::showWhy() {
    m_tree->clear();
    updateButtons();
    const auto& why = m_workspace->why();
    if (!m_workspace->store()) {
        m_headline->setText(tr("<i>Open a capture first</i>"));
        return;
    }
    if (!why) {
        m_headline->setText(tr("<i>Select an alert to see why it fired, or ask why no alert fired around the "
                               "selected event or in the range the lanes show.</i>"));
        return;
    }
    if (!why->error.isEmpty()) {
        m_headline->setText(tr("Not explained: %1").arg(why->error.toHtmlEscaped()));
        return;
    }
    const wb::EventStore& store = *m_workspace->store();
    if (why->alert) {
        const auto& a = *why->alert;
        QString text = tr("<b>Alert %1 fired</b>").arg(m_workspace->selection().alert + 1);
        if (!a.joinKeys.empty()) text += tr(" for %1").arg(QString::fromStdString(a.joinKeys.front()).toHtmlEscaped());
        if (a.stages.size() > 1) {
            text += tr(": %1 stages over %2 ms").arg(a.stages.size()).arg(a.spanMs);
            if (a.maxspanMs) text += tr(" (maxspan %1 ms)").arg(*a.maxspanMs);
        }
        text += a.replays ? tr(" · every condition checked against the engine") : tr(" · <b>does not replay</b>");
        m_headline->setText(text);
        for (std::size_t i = 0; i < a.stages.size(); ++i) {
            const auto& s = a.stages[i];
            auto* stage = new QTreeWidgetItem(m_tree,
                {tr("Stage %1: %2").arg(i + 1).arg(s.event ? eventText(store, *s.event) : tr("![…] no such event")),
                    QString::fromStdString([&] {
                        std::string keys;
                        for (const auto& k : s.keys)
                            keys += (keys.empty() ? "" : ", ") + k;
                        return keys;
                    }())});
            if (s.event) {
                stage->setData(0, EventRole, qulonglong(*s.event));
                addConditions(stage, s.conditions);
            }
        }
        m_tree->expandAll();
        m_tree->resizeColumnToContents(0);
        return;
    }
    m_headline->setText(why->nearMisses.empty()
            ? tr("<b>No near miss here</b>%1")
                  .arg(why->notes.empty()
                          ? QString()
                          : QStringLiteral(": ") + QString::fromStdString(why->notes.back()).toHtmlEscaped())
            : tr("<b>%1</b>, closest first (%2 ms)")
                  .arg(counted(qulonglong(why->nearMisses.size()), tr("near miss"), tr("near misses")))
                  .arg(why->millis, 0, 'f', 0));
    for (std::size_t m = 0; m < why->nearMisses.size(); ++m) {
        const auto& miss = why->nearMisses[m];
        QString keys;
        for (const auto& k : miss.joinKeys)
            keys += (keys.isEmpty() ? QString() : QStringLiteral(", ")) + QString::fromStdString(k);
        auto* item = new QTreeWidgetItem(m_tree,
            {tr("%1 at stage %2%3")
                    .arg(QString::fromStdString(miss.reason.code))
                    .arg(miss.reason.stage)
                    .arg(keys.isEmpty() ? QString() : tr(" · %1").arg(keys)),
                QString::fromStdString(miss.reason.detail)});
        item->setData(0, NearMissRole, int(m));
        item->setForeground(0, QColor(204, 0, 0));
        item->setToolTip(1, item->text(1));
        for (std::size_t s = 0; s < miss.stages.size(); ++s)
            if (miss.stages[s]) {
                auto* stage = new QTreeWidgetItem(
                    item, {tr("stage %1 ✓ %2").arg(s + 1).arg(eventText(store, *miss.stages[s]))});
                stage->setData(0, EventRole, qulonglong(*miss.stages[s]));
            }
        if (miss.candidate) {
            auto* next = new QTreeWidgetItem(item,
                {tr("next ✗ %1").arg(eventText(store, *miss.candidate)),
                    QString::fromStdString(miss.reason.field.empty()
                            ? std::string()
                            : miss.reason.field + ": " + miss.reason.actual + ", wanted " + miss.reason.expected)});
            next->setData(0, EventRole, qulonglong(*miss.candidate));
        }
        for (const auto& c : miss.closest) {
            auto* closest = new QTreeWidgetItem(
                item, {tr("closest ✗ %1").arg(eventText(store, c.event)), tr("%1 failing").arg(c.conditions.failing)});
            closest->setData(0, EventRole, qulonglong(c.event));
            addConditions(closest, c.conditions);
        }
        if (miss.reason.hint.kind != wb::explain::Hint::Kind::None) {
            auto* hint = new QTreeWidgetItem(item,
                {tr("would fire with: %1").arg(QString::fromStdString(miss.reason.hint.text)),
                    miss.reason.hint.verified ? tr("checked by re-running") : tr("not confirmed")});
            hint->setForeground(0, miss.reason.hint.verified ? QColor(0, 128, 0) : QColor(128, 128, 128));
        }
        item->setExpanded(m == 0);
    }
    m_tree->resizeColumnToContents(0);
}
