"""Command-line calculator: ``python -m course liq --side long --entry 65000 --leverage 10``.

Prints the liquidation and bankruptcy prices of an isolated position and their distance
from entry, under both maintenance-margin bases. Bad arguments get one line on stderr and
exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from course.engine.liquidation import bankruptcy_price, isolated_liquidation_price
from course.engine.validation import BASES, CONTRACTS, SIDES

BASIS_USED_BY = {
    "mark": "Binance, OKX, Gate, Phemex, Hyperliquid, dYdX, Kraken",
    "entry": "classic Bybit, KuCoin, BitMEX examples",
}


class OneLineParser(argparse.ArgumentParser):  # numpydoc ignore=PR01
    """
    An ArgumentParser whose errors are a single line, then exit status 2.

    It takes `argparse.ArgumentParser`'s parameters; only `error` differs, printing
    ``<prog>: error: <message>`` without the usage lines.

    Examples
    --------
    >>> OneLineParser(prog="python -m course").parse_args(["--side"])
    Traceback (most recent call last):
    ...
    SystemExit: 2
    """

    def error(self, message: str) -> NoReturn:
        """Print ``<prog>: error: <message>`` on stderr and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """
    Build the command line: one ``liq`` command with the engine's parameters as options.

    Returns
    -------
    argparse.ArgumentParser
        A `OneLineParser` whose ``liq`` subcommand takes ``--side``, ``--entry`` and
        ``--leverage`` (required), and ``--mmr``, ``--qty``, ``--extra-margin``,
        ``--maint-amount``, ``--fee-rate`` and ``--contract``.

    Examples
    --------
    >>> args = build_parser().parse_args(["liq", "--side", "long", "--entry", "65000",
    ...                                   "--leverage", "10"])
    >>> args.side, args.entry, args.mmr, args.contract
    ('long', 65000.0, 0.005, 'linear')
    """
    parser = OneLineParser(prog="python -m course", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    liq = commands.add_parser(
        "liq", help="liquidation and bankruptcy prices of an isolated position"
    )
    liq.add_argument("--side", required=True, choices=SIDES)
    liq.add_argument("--entry", required=True, type=float, help="entry price, USDT per coin")
    liq.add_argument("--leverage", required=True, type=float, help="leverage setting, >= 1")
    liq.add_argument(
        "--mmr", type=float, default=0.005, help="maintenance margin rate (default 0.005)"
    )
    liq.add_argument(
        "--qty", type=float, default=1.0, help="coins (linear) or USD face value (inverse)"
    )
    liq.add_argument("--extra-margin", type=float, default=0.0, help="margin added after opening")
    liq.add_argument(
        "--maint-amount", type=float, default=0.0, help="maintenance amount / MM deduction"
    )
    liq.add_argument("--fee-rate", type=float, default=0.0, help="close fee rate added to the MMR")
    liq.add_argument("--contract", choices=CONTRACTS, default="linear")
    return parser


def liquidation_table(args: argparse.Namespace) -> str:
    """
    Return the table of prices and distances for both bases, as text.

    One row per MM basis, from `isolated_liquidation_price`, and the bankruptcy price with
    the initial margin plus the extra margin as collateral::

        collateral = notional(qty, entry) / leverage + extra_margin
        distance   = (price - entry) / entry

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``liq`` options, as `build_parser` makes them.

    Returns
    -------
    str
        A heading line, a blank line, a header and one line per basis; "never" and "-"
        where no price reaches the level.

    Raises
    ------
    ValueError
        If the engine refuses an option; the message names the parameter.

    Examples
    --------
    >>> args = build_parser().parse_args(["liq", "--side", "long", "--entry", "65000",
    ...                                   "--leverage", "10"])
    >>> print(liquidation_table(args))
    long 1 coin at 65,000.00, 10x isolated, MMR 0.500% (linear)
    <BLANKLINE>
    MM basis ... used by
    mark  58,793.97  -9.55%  58,500.00  -10.00%  Binance, OKX, Gate, Phemex, Hyperliquid, dYdX, Kraken
    entry  58,825.00  -9.50%  58,500.00  -10.00%  classic Bybit, KuCoin, BitMEX examples
    """
    settings = dict(
        qty=args.qty,
        extra_margin=args.extra_margin,
        maint_amount=args.maint_amount,
        fee_rate=args.fee_rate,
        contract=args.contract,
    )
    initial = args.qty * args.entry if args.contract == "linear" else args.qty / args.entry
    collateral = initial / args.leverage + args.extra_margin
    bankruptcy = bankruptcy_price(
        args.side, args.entry, args.qty, collateral, contract=args.contract
    )
    lines = [
        f"{args.side} {args.qty:g} {'coin' if args.contract == 'linear' else 'USD'} at "
        f"{args.entry:,.2f}, {args.leverage:g}x isolated, MMR {args.mmr:.3%} ({args.contract})",
        "",
        f"{'MM basis':<8}  {'liquidation':>14}  {'distance':>9}  {'bankruptcy':>14}  {'distance':>9}  used by",
    ]
    for basis in BASES:
        liquidation = isolated_liquidation_price(
            args.side, args.entry, args.leverage, args.mmr, basis=basis, **settings
        )
        lines.append(
            f"{basis:<8}  {_price(liquidation):>14}  {_distance(liquidation, args.entry):>9}  "
            f"{_price(bankruptcy):>14}  {_distance(bankruptcy, args.entry):>9}  {BASIS_USED_BY[basis]}"
        )
    return "\n".join(lines)


def _price(price: float) -> str:
    """A price as the table shows it; 0 and inf mean no price reaches it."""
    if price == 0.0 or price == float("inf"):
        return "never"
    return f"{price:,.2f}" if price >= 100 else f"{price:,.6g}"


def _distance(price: float, entry: float) -> str:
    """Signed move from entry to ``price``, in percent of entry."""
    if price == 0.0 or price == float("inf"):
        return "-"
    return f"{(price - entry) / entry:+.2%}"


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the calculator: print the table, or one error line on stderr and exit with 2.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``python -m course``; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 once the table is printed; bad arguments raise ``SystemExit(2)`` instead.

    Examples
    --------
    >>> main(["liq", "--side", "long", "--entry", "65000", "--leverage", "200"])
    Traceback (most recent call last):
    ...
    SystemExit: 2
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        print(liquidation_table(args))
    except ValueError as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
