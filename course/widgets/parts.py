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
    """
    Make a float slider that updates when released or moved by the keyboard.

    Parameters
    ----------
    description : str
        The label, with the unit, e.g. ``"Leverage"`` or ``"MMR (%)"``.
    value : float
        The starting value, within ``[low, high]``.
    low, high : float
        The slider's range: values outside it cannot be chosen.
    step : float
        The slider's step.
    readout_format : str, default ".2f"
        Format of the number shown beside the slider.
    css : str, optional
        A CSS class to add, for the browser tests.

    Returns
    -------
    ipywidgets.FloatSlider
        With ``continuous_update=False`` and the explorers' width and label style.

    Examples
    --------
    >>> type(slider("Leverage", 10, 1, 100, 0.5)).__name__
    'FloatSlider'
    """
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
    """
    Make a number box whose bounds keep out invalid input.

    Parameters
    ----------
    description : str
        The label, with the unit, e.g. ``"Equity (USDT)"``.
    value : float
        The starting value, within ``[low, high]``.
    low, high : float
        The bounds: a typed value outside them is clipped.
    step : float, default 1.0
        The step of the arrows.

    Returns
    -------
    ipywidgets.BoundedFloatText

    Examples
    --------
    >>> type(number("Equity (USDT)", 10_000, 100, 1_000_000, 100)).__name__
    'BoundedFloatText'
    """
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
    """
    Make a row of toggle buttons for a string choice such as the side or the MM basis.

    Parameters
    ----------
    description : str
        The label, e.g. ``"Side"``.
    options : sequence of str
        The choices, as the engine spells them (``"long"``, ``"short"``).
    value : str
        The starting choice; one of ``options``.

    Returns
    -------
    ipywidgets.ToggleButtons

    Examples
    --------
    >>> toggle("Side", ["long", "short"], "long").value
    'long'
    """
    return widgets.ToggleButtons(
        options=list(options), value=value, description=description, style=STYLE
    )


def table(rows: Sequence[tuple[str, str, str]], *, verdict: str = "", good: bool = True) -> str:
    """
    Build the HTML readout: rows of (label, value, css class), then an optional verdict line.

    Parameters
    ----------
    rows : sequence of (str, str, str)
        Label, formatted value and CSS class (``"mm-..."``) of each row; HTML-escaped.
    verdict : str, default ""
        One sentence under the table; none if empty.
    good : bool, default True
        Colour the verdict green (True) or vermillion (False).

    Returns
    -------
    str
        ``<table class="mm-table">`` with a ``mm-value <css>`` cell per row, then
        ``<p class="mm-verdict">``.

    Examples
    --------
    >>> table([("Liquidation price", "58,793.97", "mm-liquidation-price")])[:40]
    '<table class="mm-table"><tr><td style="p'
    """
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
    """
    Format an amount of USDT with thousands separators and two decimals.

    Parameters
    ----------
    value : float
        The amount, USDT.

    Returns
    -------
    str

    Examples
    --------
    >>> usdt(1234.5)
    '1,234.50 USDT'
    """
    return f"{value:,.2f} USDT"


def price(value: float) -> str:
    """
    Format a price as the readouts show it; 0 and inf say that no price reaches it.

    Parameters
    ----------
    value : float
        A price from the engine, USDT per coin; 0.0 and ``inf`` are its "never".

    Returns
    -------
    str

    Examples
    --------
    >>> price(58_793.9698), price(float("inf"))
    ('58,793.97', 'never (no finite price)')
    """
    if value == float("inf"):
        return "never (no finite price)"
    if value == 0.0:
        return "never (no positive price)"
    return f"{value:,.2f}"


def percent(fraction: float, signed: bool = False) -> str:
    """
    Format a fraction as a percent with two decimals.

    Parameters
    ----------
    fraction : float
        0.0955 for 9.55%.
    signed : bool, default False
        Always show the sign (for moves and returns).

    Returns
    -------
    str

    Examples
    --------
    >>> percent(0.0955), percent(-0.05, signed=True)
    ('9.55%', '-5.00%')
    """
    return f"{fraction:+.2%}" if signed else f"{fraction:.2%}"


class Explorer(widgets.VBox):
    """
    Controls above, readout and chart below; ``redraw`` runs on every change.

    Parameters
    ----------
    topic : str
        Short name used in the CSS classes, e.g. ``"liquidation"``.
    controls : sequence of ipywidgets.Widget
        The controls, top to bottom; each one's ``value`` is observed.
    compute : callable
        Takes no argument and returns ``(readout_html, chart)``; it reads the controls and
        makes the engine calls. A ValueError it raises is shown in the readout.
    primary : ipywidgets.Widget
        The main control (gets the ``mm-primary`` class).
    title : str
        The heading above the controls.

    Attributes
    ----------
    readout : ipywidgets.HTML
        The readout table and verdict.
    chart : altair chart or None
        The chart last drawn (None until the first successful redraw; kept from the last
        success when a redraw fails).

    Examples
    --------
    >>> import contextlib, io
    >>> from course.charts.trade import ladder_chart, ladder_table
    >>> lever = slider("Leverage", 20, 1, 100, 1)
    >>> def compute():
    ...     levels = ladder_table(65_000, 5, lever.value, 0.005)
    ...     return table([("Levels", str(len(levels)), "mm-levels")]), ladder_chart(levels)
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = Explorer("ladder", [lever], compute, primary=lever, title="Ladder")
    >>> "mm-levels" in explorer.readout.value
    True
    """

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
        self.chart: Any = None  # the chart last drawn, for tests and for reuse in a lesson
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
            self.chart = chart
            with self.chart_area:
                self.chart_area.clear_output(wait=True)
                display(chart)
