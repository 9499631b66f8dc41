"""Static checks of a loaded scenario (``irqsim check``): what the loader cannot see alone.

The loader (``spec/scenario.py``) stops at the first malformed key. These checks run on a
scenario that loaded and collect every problem: wiring conflicts, GPIOs the board lacks,
stimuli after the end of the run, files a part reads, firmware syntax. Expectations that
name handlers cannot be checked without running (handler names come from the firmware).
"""

from __future__ import annotations

from ..errors import ScenarioError
from ..hw.parts import PARTS
from ..units import format_ns
from .locate import Locator

# Which pins of each part drive their net (the others only listen). A new part may declare
# ``outputs = (...)`` on its class instead of being listed here.
DRIVEN = {
    "button": ("pin",),
    "encoder": ("clk", "dt", "sw"),
    "pulse": ("out",),
    "waveform": ("out",),
    "hcsr04": ("echo",),
    "uart_peer": ("tx",),
    "ir_nec": ("out",),
}


# Parts that only pull their net low (open drain, wired-AND): several may share one GPIO, as
# 1-Wire devices do on one bus (hw/parts/ds18b20.py). A part class may say ``wired_and = True``.
WIRED_AND = {"ds18b20"}


def _wired_and(part_type: str) -> bool:
    return part_type in WIRED_AND or bool(getattr(PARTS[part_type], "wired_and", False))


def driven_pins(part_type: str) -> tuple[str, ...]:
    cls = PARTS[part_type]
    return tuple(getattr(cls, "outputs", DRIVEN.get(part_type, ())))


def _nth_line(text: str, needle: str, nth: int) -> int | None:
    """The line of the ``nth`` (0-based) occurrence of ``needle`` in ``text``."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return None
    return text.count("\n", 0, pos) + 1


def check_scenario(sc, board, text: str) -> list[ScenarioError]:
    """Every static problem of scenario ``sc`` (loaded from ``text``) on ``board``."""
    file = str(sc.path)
    loc = Locator(text)
    problems: list[ScenarioError] = []

    def add(msg, line, hint=None):
        problems.append(ScenarioError(msg, file=file, line=line, hint=hint))

    gpios = board.gpio_count
    types = {p.id: p.type for p in sc.parts}

    # wiring: each part pin once, one driver per GPIO, GPIOs the board has
    seen: dict[str, int] = {}            # "part:pin" -> gpio
    drivers: dict[int, list[str]] = {}   # gpio -> ["part:pin", ...]
    counts: dict[str, int] = {}
    for pair in sc.raw.get("wires", []):
        a, b = pair
        if isinstance(a, str) and ":" not in a and isinstance(b, str) and ":" in b:
            a, b = b, a
        from .scenario import parse_gpio

        gpio = parse_gpio(b, "wires")
        nth = counts.get(a, 0)
        counts[a] = nth + 1
        line = _nth_line(text, f'"{a}"', nth) or loc.line("wires")
        pid, pin = a.split(":", 1)
        if a in seen:
            add(f"wires: '{a}' is wired twice (GP{seen[a]} and GP{gpio})", line,
                hint="a part pin connects to one GPIO; remove one of the wires")
            continue
        seen[a] = gpio
        if gpio >= gpios:
            add(f"wires: '{a}' is wired to GP{gpio}, but {board.chip} has GP0..GP{gpios - 1}", line)
        if pin in driven_pins(types[pid]):
            others = drivers.setdefault(gpio, [])
            if others and not (_wired_and(types[pid]) and all(_wired_and(types[o.split(":")[0]]) for o in others)):
                add(f"wires: GP{gpio} is driven by both '{others[0]}' and '{a}'", line,
                    hint="two outputs on one net fight; give each part its own GPIO")
            others.append(a)

    # I2C: two present targets on one bus must not share an address (hw/parts/bus.py i2c_clashes)
    on_bus: dict[tuple, str] = {}
    for spec in sc.parts:
        pins, param = sc.wires.get(spec.id, {}), PARTS[spec.type].params.get("address")
        if param is None or "scl" not in pins or "sda" not in pins or spec.attrs.get("present", True) is False:
            continue
        address = spec.attrs.get("address", param.default)
        if not isinstance(address, int):
            continue
        key = (pins["scl"], pins["sda"], address)
        if key in on_bus:
            add(f"parts: '{on_bus[key]}' and '{spec.id}' both answer I2C address {address:#04x} on "
                f"SCL GP{key[0]}/SDA GP{key[1]}", spec.line,
                hint="give one another address (its address pins), or put it on another bus")
        on_bus.setdefault(key, spec.id)

    # stimuli within the run
    for i, st in enumerate(sc.stimuli):
        if st.at_ns > sc.duration_ns:
            add(f"stimuli[{i}].at: {format_ns(st.at_ns)} is after the end of the run ({format_ns(sc.duration_ns)})",
                loc.line("stimuli", i, "at"), hint="raise duration or move the stimulus earlier")

    # steps: GPIOs exist, uart sources are wired, the timeline fits
    for i, step in enumerate(sc.steps):
        if step.kind == "wait-pin" and step.target >= gpios:
            add(f"steps[{i}].wait-pin: GP{step.target} does not exist on {board.chip} (GP0..GP{gpios - 1})",
                loc.line("steps", i, "wait-pin"))
        if step.kind == "wait-serial" and step.part and "rx" not in sc.wires.get(step.part, {}):
            add(f"steps[{i}].part: uart_peer '{step.part}' has no rx wire, so it captures nothing",
                loc.line("steps", i, "part"), hint=f'wire it to the firmware\'s TX: ["{step.part}:rx", "GP0"]')
        if step.kind == "delay" and step.target > sc.duration_ns:
            add(f"steps[{i}].delay: {format_ns(step.target)} is longer than the run ({format_ns(sc.duration_ns)})",
                loc.line("steps", i, "delay"))

    # expectations at a time inside the run, on GPIOs that exist
    for i, ex in enumerate(sc.expect):
        if ex.get("at_ns", 0) > sc.duration_ns:
            add(f"expect[{i}].at: {ex['at']} is after the end of the run ({format_ns(sc.duration_ns)})",
                loc.line("expect", i, "at"))
        if "pin" in ex:
            from .scenario import parse_gpio

            try:
                gpio = parse_gpio(ex["pin"], "expect")
            except ScenarioError as exc:
                add(f"expect[{i}].pin: {exc.message}", loc.line("expect", i, "pin"), exc.hint)
                continue
            if gpio >= gpios:
                add(f"expect[{i}].pin: GP{gpio} does not exist on {board.chip}", loc.line("expect", i, "pin"))

    # files a part reads (waveform playback), relative to the scenario
    for i, spec in enumerate(sc.parts):
        check = getattr(PARTS[spec.type], "check_files", None)
        if check is None:
            continue
        try:
            check(spec.attrs, sc.path.parent)
        except ScenarioError as exc:
            if exc.file:     # the error is inside the data file: keep its own file:line
                problems.append(exc)
            else:
                add(f"parts[{i}] ({spec.id}): {exc.message}", spec.line, exc.hint)

    # firmware syntax (MicroPython's grammar is Python's for everything irqsim runs)
    try:
        source = sc.firmware.read_text(encoding="utf-8")
        compile(source, str(sc.firmware), "exec", dont_inherit=True)
    except UnicodeDecodeError:
        problems.append(ScenarioError("firmware is not UTF-8 text", file=str(sc.firmware)))
    except SyntaxError as exc:
        from ..errors import syntax_error_text

        text, detail = syntax_error_text(exc)
        problems.append(ScenarioError(text, file=str(sc.firmware), line=exc.lineno,
                                      hint=f"Python says: {detail}; irqsim lint FILE shows the column"))
    return problems
