"""The learning review in the app: headline figures, warnings, trends as terminal plots."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual_plotext import PlotextPlot

from facilitator.store.errors import ArchiveError
from facilitator.store.learning import LearningReport, learning_report, report_to_markdown
from facilitator.ui.screens._shared import write_export


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def headline(report: LearningReport) -> Content:
    """The review's key figures in a few lines (user text only as plain text)."""
    a = report.actions
    bar = ("" if a.meets_bar is None
           else " (meets the 70% bar)" if a.meets_bar else " (below the 70% bar)")
    counts = ", ".join(f"{c.key} {c.count}" for c in report.by_severity if c.count) or "none"
    detection = ", ".join(f"{c.key} {c.count}" for c in report.detection if c.count) or "—"
    lines = [
        f"{report.incidents} post-mortems from {report.since or 'the beginning'} "
        f"to {report.until or report.today}: {counts}",
        f"Detected by: {detection}",
        f"Action items: {a.total} · done {a.done} · open {a.open} · dropped {a.dropped} · "
        f"completion {_pct(a.completion_rate)} · on time {_pct(a.on_time_rate)}{bar} · "
        f"overdue {a.overdue}",
    ]
    if a.median_days_to_complete is not None:
        lines[-1] += f" · median {a.median_days_to_complete:g} days to complete"
    return Content("\n".join(lines))


def warnings_text(report: LearningReport) -> Content:
    if not report.warnings:
        return Content("No threshold crossed.")
    return Content("\n".join("! " + " ".join(w.message.split()) for w in report.warnings[:8])
                   + (f"\n… and {len(report.warnings) - 8} more" if len(report.warnings) > 8
                      else ""))


class ReportScreen(Screen[None]):
    """Patterns across post-mortems for a period, with plots of the trends."""

    DEFAULT_CSS = """
    ReportScreen #report-period { height: auto; margin-bottom: 1; }
    ReportScreen #report-period Input { width: 14; margin-right: 1; }
    ReportScreen #report-period Static { width: 1fr; color: $text-muted; }
    ReportScreen #report-headline { padding: 0 1; }
    ReportScreen #report-warnings { padding: 0 1; color: $warning; }
    ReportScreen .plots { height: 14; }
    ReportScreen DataTable { height: auto; max-height: 14; }
    ReportScreen .report-heading { text-style: bold; padding: 1 1 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("m", "export_markdown", "Export review"),
        Binding("r", "refresh_report", "Refresh"),
    ]

    def __init__(self, since: date | None = None, until: date | None = None) -> None:
        super().__init__()
        self.since = since
        self.until = until
        self.report: LearningReport | None = None

    @property
    def today(self) -> date:
        today = getattr(self.app, "today", None)
        return today() if callable(today) else date.today()

    def compose(self) -> ComposeResult:
        yield Static("Learning review", classes="screen-title")
        with Horizontal(id="report-period"):
            yield Input(self.since.isoformat() if self.since else "", placeholder="from date",
                        id="report-since", compact=True)
            yield Input(self.until.isoformat() if self.until else "", placeholder="to date",
                        id="report-until", compact=True)
            yield Static("enter applies a period · m writes the review as Markdown")
        with VerticalScroll(id="report-body"):
            yield Static("Computing…", id="report-headline")
            yield Static("", id="report-warnings")
            with Horizontal(classes="plots"):
                yield PlotextPlot(id="plot-months")
                yield PlotextPlot(id="plot-times")
            with Horizontal(classes="plots"):
                yield PlotextPlot(id="plot-weekday")
                yield PlotextPlot(id="plot-hour")
            yield Static("Recurring contributing factors", classes="report-heading")
            yield DataTable(id="report-factors", cursor_type="row")
            yield Static("Services", classes="report-heading")
            yield DataTable(id="report-services", cursor_type="row")
            yield Static("Oldest overdue action items", classes="report-heading")
            yield DataTable(id="report-overdue", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-factors", DataTable).add_columns("Factor", "Seen in", "Ids")
        self.query_one("#report-services", DataTable).add_columns(
            "Service", "Post-mortems", "Ids")
        self.query_one("#report-overdue", DataTable).add_columns("ID", "Due", "Owner", "Action")
        self.action_refresh_report()

    def action_refresh_report(self) -> None:
        self.query_one("#report-headline", Static).update("Computing…")
        self._compute(self.since, self.until, self.today)

    @work(thread=True, exclusive=True, group="report")
    def _compute(self, since: date | None, until: date | None, today: date) -> None:
        try:
            report = learning_report(self.app.archive, since=since, until=until,  # type: ignore[attr-defined]
                                     today=today)
        except ArchiveError as error:
            self.app.call_from_thread(self.notify, f"{error} {error.hint}".strip(),
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self.show, report)

    def show(self, report: LearningReport) -> None:
        """Put a computed report on screen."""
        self.report = report
        self.query_one("#report-headline", Static).update(headline(report))
        self.query_one("#report-warnings", Static).update(warnings_text(report))
        months = report.times_by_month[-18:]
        labels = [m.month[2:] for m in months]
        self._plot("#plot-months", "Incidents per month", labels,
                   {"incidents": [m.incidents for m in months]}, bar=True)
        self._plot("#plot-times", "Median minutes to detect / resolve", labels, {
            "detect": [round((m.detect_median_s or 0) / 60, 1) for m in months],
            "resolve": [round((m.resolve_median_s or 0) / 60, 1) for m in months],
        })
        self._plot("#plot-weekday", "By weekday (start)", [c.key for c in report.by_weekday],
                   {"incidents": [c.count for c in report.by_weekday]}, bar=True)
        self._plot("#plot-hour", "By hour (start)", [c.key for c in report.by_hour],
                   {"incidents": [c.count for c in report.by_hour]}, bar=True)
        factors = self.query_one("#report-factors", DataTable)
        factors.clear()
        for r in report.recurring_factors:
            factors.add_row(Text(" ".join(r.label.split())), Text(str(r.count)),
                            Text(", ".join(r.ids[:4]) + (" …" if r.count > 4 else "")))
        services = self.query_one("#report-services", DataTable)
        services.clear()
        recurring = {r.key: r for r in report.recurring_services}
        for c in report.by_service:
            ids = recurring[c.key].ids[:4] if c.key in recurring else []
            services.add_row(Text(" ".join(c.key.split())), Text(str(c.count)),
                             Text(", ".join(ids) + (" …" if c.count > 4 else "")))
        overdue = self.query_one("#report-overdue", DataTable)
        overdue.clear()
        for item in report.actions.overdue_items:
            overdue.add_row(Text(item.ref), Text(item.due), Text(" ".join(item.owner.split())),
                            Text(" ".join(item.description.split())))

    def _plot(self, selector: str, title: str, labels: list[str],
              series: dict[str, list[float]], *, bar: bool = False) -> None:
        plot = self.query_one(selector, PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if labels:
            positions = [float(at) for at in range(len(labels))]
            for name, values in series.items():
                if bar:
                    plt.bar(positions, values)
                else:
                    plt.plot(positions, values, label=name, marker="braille")
            step = max(1, len(labels) // 8)
            plt.xticks(positions[::step], labels[::step])
        plot.refresh()

    @on(Input.Submitted, "#report-since, #report-until")
    def _period_changed(self) -> None:
        from facilitator.core.timeparse import TimeParseError, parse_date

        values = []
        for selector in ("#report-since", "#report-until"):
            text = self.query_one(selector, Input).value.strip()
            try:
                values.append(parse_date(text) if text else None)
            except TimeParseError as error:
                self.notify(str(error), severity="warning", markup=False, timeout=5)
                return
        self.since, self.until = values
        if self.since and self.until and self.since > self.until:
            self.notify("The start date is after the end date.", severity="warning")
            return
        self.action_refresh_report()

    def action_export_markdown(self) -> None:
        if self.report is None:
            return
        name = (f"learning-review-{self.report.since or 'start'}-to-"
                f"{self.report.until or self.report.today}.md")
        write_export(self, name, report_to_markdown(self.report), done="Review written to")

