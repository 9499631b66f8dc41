"""``irqsim lab NAME``: documented experiments that run simulations and print a table.

Each lab is a module ``irqsim.labs.<name>`` (dashes become underscores) exposing
``DESCRIPTION`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import importlib
import pkgutil


def _labs() -> dict:
    import irqsim.labs as labs

    out = {}
    for info in pkgutil.iter_modules(labs.__path__):
        if info.name.startswith("_"):
            continue
        out[info.name.replace("_", "-")] = f"irqsim.labs.{info.name}"
    return out


def register(sub) -> None:
    p = sub.add_parser("lab", help="run a documented experiment (irqsim lab --help lists them)")
    lab_sub = p.add_subparsers(dest="lab", metavar="NAME")
    for name, modname in sorted(_labs().items()):
        module = importlib.import_module(modname)
        lp = lab_sub.add_parser(name, help=getattr(module, "DESCRIPTION", ""))
        module.add_arguments(lp)
        lp.set_defaults(func=module.run)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
