"""How wide a chart draws, estimated from its Vega-Lite spec (``chart.to_dict()``).

JupyterLab in a 1,280 px window, with its side bar open, leaves about 900-1,000 px for an
output. The estimate adds, to the plot widths the spec states (or the theme's default),
room for each panel's y axis and, once, for the legends on the right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

AXIS_ALLOWANCE = 80  # y-axis labels and title beside each panel, px
LEGEND_ALLOWANCE = 180  # the legend column right of the chart, px (long labels: tier_chart)
SPACING = 20  # Vega-Lite's default gap between concatenated panels, px
MAX_TOTAL_WIDTH = 950  # what a 1,280 px window leaves for output, with the side bar open
MAX_PANEL_WIDTH = 640  # one plot area
LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "strokeDash", "size", "opacity")


def walk(spec: Any) -> Iterator[dict]:
    """Yield every dict inside a chart specification."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from walk(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from walk(value)


def has_legend(spec: dict) -> bool:
    """True if some mark encodes a legend channel with a field or a datum, legend not off."""
    for part in walk(spec):
        for channel in LEGEND_CHANNELS:
            encoding = part.get("encoding", {}).get(channel) if "encoding" in part else None
            if isinstance(encoding, dict) and ("field" in encoding or "datum" in encoding):
                if encoding.get("legend", {}) is not None:
                    return True
    return False


def panel_widths(spec: dict, datasets: dict, default: float) -> list[float]:
    """The plot widths of the panels laid out side by side, left to right."""
    if "hconcat" in spec:
        return [w for part in spec["hconcat"] for w in panel_widths(part, datasets, default)]
    if "vconcat" in spec:
        rows = [panel_widths(part, datasets, default) for part in spec["vconcat"]]
        return max(rows, key=sum)
    if "facet" in spec:
        inner = panel_widths(spec["spec"], datasets, default)
        column = spec["facet"].get("column")
        if column is None:
            return inner
        rows = datasets[spec["data"]["name"]]
        count = len({row[column["field"]] for row in rows})
        return inner * count
    if "layer" in spec and "width" not in spec:
        widths = [part["width"] for part in spec["layer"] if "width" in part]
        return [max(widths, default=default)]
    width = spec.get("width", default)
    assert isinstance(width, int | float), f"width must be a number of px; got {width!r}"
    return [float(width)]


def total_width(spec: dict) -> float:
    """Estimated width of the whole chart, px: panels, their axes, the gaps and a legend."""
    default = spec.get("config", {}).get("view", {}).get("continuousWidth", 300)
    widths = panel_widths(spec, spec.get("datasets", {}), default)
    legend = LEGEND_ALLOWANCE if has_legend(spec) else 0
    return sum(widths) + AXIS_ALLOWANCE * len(widths) + SPACING * (len(widths) - 1) + legend
