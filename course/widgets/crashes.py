"""The crash explorer: pick a shipped window, and see who the closes and the lows liquidate."""

from __future__ import annotations

import ipywidgets as widgets

from course.charts.crashes import crash_heatmap
from course.scenarios.crashes import CRASHES, WALLET_MULTIPLE, crash, outcome_grid
from course.widgets.parts import STYLE, Explorer, price, slider, table

CHOICES = tuple(f"{item.episode} {item.asset}" for item in CRASHES)


def crash_explorer(
    window: str = "2025-10-10_tariff_liquidation_cascade BTC",
    wallet_multiple: float = WALLET_MULTIPLE,
) -> Explorer:
    """
    Show, for one crash window, which longs the closes and the reported lows liquidate.

    One call to `course.scenarios.crashes.outcome_grid` gives the grid of entry date x
    leverage x margin mode x price basis; the readout counts the liquidated cells on each
    basis, and the chart is `course.charts.crashes.crash_heatmap`.

    Parameters
    ----------
    window : str, default the October 2025 BTC window
        ``"<episode> <asset>"``, one of `CHOICES`.
    wallet_multiple : float, default 3.0
        Cross wallet over isolated margin; the slider allows 1 to 10.

    Returns
    -------
    Explorer
        The window menu, the wallet slider, the readout and the heatmap.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = crash_explorer()
    >>> explorer.topic
    'crash'
    """
    menu = widgets.Dropdown(options=list(CHOICES), value=window, description="Window", style=STYLE)
    wallet = slider("Cross wallet (x margin)", wallet_multiple, 1, 10, 0.5, readout_format=".1f")

    def compute():
        episode, asset = menu.value.split(" ")
        grid = outcome_grid(episode, asset, wallet_multiple=wallet.value)
        item = crash(episode, asset)
        counts = grid.groupby(["mode", "basis"])["liquidated"].sum()
        cells = len(grid) // 4
        rows = [
            ("Cross wallet", f"{wallet.value:.1f}x the isolated margin", "mm-cross-wallet"),
            ("Reported low", price(item.low), "mm-crash-low"),
            ("Isolated, liquidated on closes", f"{counts['isolated', 'close']} of {cells}",
             "mm-isolated-close"),
            ("Isolated, liquidated on the low", f"{counts['isolated', 'reported low']} of {cells}",
             "mm-isolated-low"),
            ("Cross, liquidated on closes", f"{counts['cross', 'close']} of {cells}",
             "mm-cross-close"),
            ("Cross, liquidated on the low", f"{counts['cross', 'reported low']} of {cells}",
             "mm-cross-low"),
        ]  # fmt: skip
        hidden = int(counts["isolated", "reported low"] - counts["isolated", "close"])
        verdict = (
            f"The closes miss {hidden} isolated liquidations that the reported low makes."
            if hidden
            else "Here the closes and the reported low liquidate the same isolated longs."
        )
        return table(rows, verdict=verdict, good=hidden == 0), crash_heatmap(grid)

    return Explorer(
        "crash",
        [menu, wallet],
        compute,
        primary=wallet,
        title="Crash windows: entry date x leverage x margin mode",
    )


__all__ = ["CHOICES", "crash_explorer"]
