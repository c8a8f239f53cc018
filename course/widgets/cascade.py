"""The cascade explorer: price impact and cluster density against where the selling stops.

Like the other explorers, a thin view over the engine: its controls feed one compute
function, which runs `course.scenarios.cascade_path` (on `course.engine.cascade`) and draws
`course.charts.cascade.cascade_chart`.
"""

from __future__ import annotations

import numpy as np

from course.charts.cascade import cascade_chart
from course.scenarios.cascade import TOY, cascade_clusters, cascade_path
from course.widgets.parts import Explorer, percent, slider, table


def cascade_explorer(
    impact_per_thousand: float = 0.5, density: float = 1.0, shock_price: float = 97.0
) -> Explorer:
    """
    Show the reference's toy cascade step by step, with its impact and cluster sizes to move.

    The clusters are `course.scenarios.TOY`'s (5,000 units at 97, 8,000 at 95, 12,000 at
    92 and 20,000 at 88, from a price of 100), each size times ``density``. The cascade is
    `cascade_path` from ``shock_price`` with ``impact_per_thousand / 1,000`` per unit.

    Parameters
    ----------
    impact_per_thousand : float, default 0.5
        Price move per 1,000 units sold; the slider allows 0 to 1.5.
    density : float, default 1
        Factor on every cluster's size; the slider allows 0.25 to 3.
    shock_price : float, default 97
        The price after the first shock; the slider allows 85 to 100.

    Returns
    -------
    Explorer
        The impact (primary), density and shock sliders, readout and chart.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = cascade_explorer()
    >>> explorer.topic, "74.50" in explorer.readout.value
    ('cascade', True)
    """
    impact = slider("Impact (per 1,000 units)", impact_per_thousand, 0, 1.5, 0.05)
    sizes = slider("Cluster sizes (x)", density, 0.25, 3, 0.25)
    shock = slider("Shock to (price)", shock_price, 85, 100, 0.5, readout_format=".1f")

    def compute():
        args = (shock.value, TOY["levels"], np.asarray(TOY["sizes"]) * sizes.value)
        per_unit = impact.value / 1_000
        path = cascade_path(*args, per_unit, start=TOY["start"])
        clusters = cascade_clusters(*args, per_unit)
        final = float(path.price_after.iloc[-1])
        fired = int(clusters.fired.sum())
        rows = [
            ("Clusters sold", f"{fired} of {len(clusters)}", "mm-clusters-sold"),
            ("Units sold", f"{path.sold.iloc[-1]:,.0f}", "mm-units-sold"),
            ("Final price", f"{final:,.2f}", "mm-final-price"),
            ("Fall from the start", percent(final / TOY["start"] - 1, signed=True), "mm-fall"),
        ]
        if final == 0.0:
            verdict = "The selling emptied the book: the price fell to zero."
        elif fired == len(clusters):
            verdict = "Every cluster was reached: the selling ran to the bottom of the chain."
        elif fired == 0:
            verdict = "The shock reached no cluster: nothing was liquidated."
        else:
            verdict = f"The cascade stopped above the cluster at {clusters.level[fired]:,.2f}."
        return table(rows, verdict=verdict, good=fired < len(clusters)), cascade_chart(
            path, clusters, unit="price units"
        )

    return Explorer(
        "cascade",
        [impact, sizes, shock],
        compute,
        primary=impact,
        title="A liquidation cascade: impact and cluster density",
    )


__all__ = ["cascade_explorer"]
