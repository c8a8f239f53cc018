"""The margin engine: pure, vectorised, typed formulas, one idea per module.

The lowest layer: it imports NumPy and pandas only (no altair, ipywidgets or IPython), and
nothing else of the course. `course.margin` is its public façade; lessons and the layers
above import the engine's functions from there or from these modules:

* `validation`: element-wise range checks, one message format;
* `balance`: notional, margins, PnL, ROE, margin ratio, effective leverage;
* `liquidation`: liquidation and bankruptcy prices of one position;
* `tiers`: tiered maintenance margin and the self-consistent bracket;
* `cross`: several positions sharing one wallet;
* `sizing`: position size from risk and stop, safe leverage;
* `orderbook`: walking an order book, VWAP and slippage.
"""
