"""The scaffold every explorer shares: controls, a readout, a chart area, an error area.

An explorer is a set of controls observed by one ``redraw`` function that makes the engine
calls, writes the readout and redraws the chart. Callback errors go to a visible `Output`,
because JupyterLab drops them otherwise. Stable CSS classes let the browser tests find the
parts: ``mm-explorer``, ``mm-<topic>-explorer``, ``mm-primary`` on the main slider,
``mm-readout`` and ``mm-chart``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
from IPython.display import display

STYLE = {"description_width": "150px"}
WIDTH = "460px"  # a Layout made at import would open a comm in every kernel that imports us


def slider(
    description: str,
    value: float,
    low: float,
    high: float,
    step: float,
    *,
    readout_format: str = ".2f",
    css: str | None = None,
) -> widgets.FloatSlider:
    """A float slider that updates when released or moved by the keyboard."""
    control = widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=readout_format,
        continuous_update=False,
        style=STYLE,
        layout=widgets.Layout(width=WIDTH),
    )
    if css:
        control.add_class(css)
    return control


def number(
    description: str, value: float, low: float, high: float, step: float = 1.0
) -> widgets.BoundedFloatText:
    """A number box whose bounds keep out invalid input."""
    return widgets.BoundedFloatText(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        style=STYLE,
        layout=widgets.Layout(width=WIDTH),
    )


def toggle(description: str, options: Sequence[str], value: str) -> widgets.ToggleButtons:
    return widgets.ToggleButtons(
        options=list(options), value=value, description=description, style=STYLE
    )


def table(rows: Sequence[tuple[str, str, str]], *, verdict: str = "", good: bool = True) -> str:
    """HTML readout: rows of (label, value, css class), then an optional verdict line."""
    cells = "".join(
        f'<tr><td style="padding-right:1.5em">{html.escape(label)}</td>'
        f'<td class="mm-value {css}" style="text-align:right"><b>{html.escape(value)}</b></td></tr>'
        for label, value, css in rows
    )
    colour = "#009E73" if good else "#D55E00"
    line = (
        (
            f'<p class="mm-verdict" style="color:{colour};font-weight:bold">'
            f"{html.escape(verdict)}</p>"
        )
        if verdict
        else ""
    )
    return f'<table class="mm-table">{cells}</table>{line}'


def usdt(value: float) -> str:
    return f"{value:,.2f} USDT"


def price(value: float) -> str:
    if value == float("inf"):
        return "never (no finite price)"
    if value == 0.0:
        return "never (no positive price)"
    return f"{value:,.2f}"


def percent(fraction: float, signed: bool = False) -> str:
    return f"{fraction:+.2%}" if signed else f"{fraction:.2%}"


class Explorer(widgets.VBox):
    """Controls above, readout and chart below; ``redraw`` runs on every change."""

    def __init__(
        self,
        topic: str,
        controls: Sequence[widgets.Widget],
        compute: Callable[[], tuple[str, Any]],
        *,
        primary: widgets.Widget,
        title: str,
    ) -> None:
        self.topic = topic
        self.controls = list(controls)
        self.primary = primary
        self.readout = widgets.HTML().add_class("mm-readout").add_class(f"mm-{topic}-readout")
        self.chart_area = widgets.Output().add_class("mm-chart")
        self.errors = widgets.Output().add_class("mm-errors")
        self._compute = compute
        primary.add_class("mm-primary")
        heading = widgets.HTML(f"<h4 style='margin:0'>{html.escape(title)}</h4>")
        super().__init__([heading, *self.controls, self.readout, self.chart_area, self.errors])
        self.add_class("mm-explorer").add_class(f"mm-{topic}-explorer")
        for control in self.controls:
            control.observe(self.redraw, names="value")
        self.redraw()

    def redraw(self, change: Any = None) -> None:
        """One engine pass: new readout, new chart. Errors show in the error area."""
        with self.errors:
            self.errors.clear_output()
            try:
                readout, chart = self._compute()
            except ValueError as error:  # the engine's message names what is wrong
                self.readout.value = (
                    f'<p class="mm-verdict" style="color:#D55E00">{html.escape(str(error))}</p>'
                )
                return
            self.readout.value = readout
            with self.chart_area:
                self.chart_area.clear_output(wait=True)
                display(chart)
