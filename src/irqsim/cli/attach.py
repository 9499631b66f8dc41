"""``--part`` and ``--at``: wire parts and schedule actions from the command line.

A student with only ``firmware.py`` should not have to learn TOML to press a button::

    irqsim run main.py --part button:GP14 --at 100ms:button.click
    irqsim run main.py --part pulse:GP15,freq=2kHz
    irqsim run main.py --part knob=encoder:clk=GP14,dt=GP15 --at 50ms:knob.turn,detents=3

``[ID=]TYPE:WIRING[,param=value...]``: ``WIRING`` is a GPIO for the part's first pin
(``GP14``) or ``pin=GPn`` pairs; the id defaults to the type. ``TIME:ID.ACTION[,arg=value...]``
is a ``[[stimuli]]`` entry. Both become ordinary scenario entries (``parts+``, ``wires+``,
``stimuli+`` overrides, appended to a scenario's own), so the loader validates them with
the same messages, and ``--json``/``to_toml`` users can copy them into a scenario.
"""

from __future__ import annotations

from ..errors import IrqsimError, nearest


def _value(text: str):
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _split_pairs(items: list[str], what: str) -> dict:
    out = {}
    for item in items:
        if "=" not in item:
            raise IrqsimError(f"{what}: expected name=value, got {item!r}",
                              hint="e.g. --part pulse:GP15,freq=2kHz")
        key, value = item.split("=", 1)
        out[key.strip()] = _value(value.strip())
    return out


def parse_part(text: str) -> tuple[dict, list[list[str]]]:
    """'btn=button:GP14,bounce=1ms' -> ({'id': 'btn', 'type': 'button', 'bounce': '1ms'}, wires)."""
    from ..hw.parts import PARTS

    what = f"--part {text!r}"
    head, _, wiring = text.partition(":")
    pid, _, ptype = head.rpartition("=")
    ptype = ptype.strip()
    pid = pid.strip() or ptype
    if ptype not in PARTS:
        guess = nearest(ptype, PARTS)
        raise IrqsimError(f"{what}: unknown part type '{ptype}'",
                          hint=(f"did you mean '{guess}'? " if guess else "") + f"part types: {', '.join(sorted(PARTS))}")
    cls = PARTS[ptype]
    if not wiring and not cls.pins:   # temp_sensor: nothing to wire, nothing to ask
        return {"id": pid, "type": ptype}, []
    if not wiring:
        pins = ", ".join(cls.pins) or "none"
        raise IrqsimError(f"{what}: which GPIO?", hint=f"e.g. --part {ptype}:GP14 (pins of a {ptype}: {pins})")
    items = [s for s in wiring.split(",") if s.strip()]
    wires = []
    if items and "=" not in items[0]:   # a bare GPIO: the part's first pin
        if not cls.pins:
            raise IrqsimError(f"{what}: a {ptype} has no pins to wire", hint=f"--part {ptype}:celsius=30")
        wires.append([f"{pid}:{cls.pins[0]}", items.pop(0).strip()])
    attrs = _split_pairs(items, what)
    for pin in [k for k in attrs if k in cls.pins]:
        wires.append([f"{pid}:{pin}", str(attrs.pop(pin))])
    return {"id": pid, "type": ptype, **attrs}, wires


def parse_at(text: str) -> dict:
    """'100ms:btn.press,hold=50ms' -> {'at': '100ms', 'part': 'btn', 'action': 'press', 'hold': '50ms'}."""
    what = f"--at {text!r}"
    at, sep, rest = text.partition(":")
    target, *items = rest.split(",")
    pid, dot, action = target.partition(".")
    if not sep or not dot or not pid or not action:
        raise IrqsimError(f"{what}: expected TIME:PART.ACTION", hint="e.g. --at 100ms:button.click")
    return {"at": at.strip(), "part": pid.strip(), "action": action.strip(), **_split_pairs(items, what)}


def overrides(parts: list[str], ats: list[str]) -> dict:
    """The ``parts+``/``wires+``/``stimuli+`` overrides for ``spec.scenario.apply_overrides``."""
    out: dict = {}
    for text in parts or []:
        part, wires = parse_part(text)
        out.setdefault("parts+", []).append(part)
        out.setdefault("wires+", []).extend(wires)
    for text in ats or []:
        out.setdefault("stimuli+", []).append(parse_at(text))
    return out


def add_arguments(p) -> None:
    """``--part`` and ``--at`` on a subcommand that runs a target (run, plot)."""
    p.add_argument("--part", action="append", default=[], metavar="[ID=]TYPE:GPn[,k=v]",
                   help="attach a part without a scenario file, e.g. --part button:GP14, "
                        "--part pulse:GP15,freq=2kHz, --part enc=encoder:clk=GP14,dt=GP15 (docs/parts.md)")
    p.add_argument("--at", action="append", default=[], metavar="TIME:ID.ACTION[,k=v]",
                   help="schedule a part action, e.g. --at 100ms:button.click, --at 1s:button.press,hold=50ms")


def unwired_irq_hint(sim) -> str | None:
    """A note for a run whose firmware armed a Pin IRQ on a GPIO nothing drives."""
    wired = {num for pins in sim.scenario.wires.values() for num in pins.values()}
    idle = [p.num for p in sim.system.gpio.pins if p.trigger and p.num not in wired and not p.is_output]
    if not idle:
        return None
    names = ", ".join(f"GP{n}" for n in idle)
    gp = f"GP{idle[0]}"
    return (f"irqsim: {names} {'has a Pin IRQ' if len(idle) == 1 else 'have Pin IRQs'} but nothing drives "
            f"{'it' if len(idle) == 1 else 'them'}.\n"
            f"  attach a part:  --part button:{gp} --at 100ms:button.click   or   --part pulse:{gp},freq=100Hz\n"
            f"  (a scenario file does the same and more: docs/scenario.md, parts in docs/parts.md)")
