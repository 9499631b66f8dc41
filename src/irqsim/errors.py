"""Errors a user can cause.

Every error that reaches the CLI is an :class:`IrqsimError`: it carries the file and line
the user should look at and a hint saying how to fix it, so the CLI can print
``file:line: message`` and ``hint: ...`` instead of an irqsim traceback.
"""

from __future__ import annotations


class IrqsimError(Exception):
    """A problem in something the user wrote (scenario, CLI argument, firmware)."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint

    def where(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}: "
        if self.file:
            return f"{self.file}: "
        return ""

    def format(self) -> str:
        text = f"{self.where()}{self.message}"
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()


class UnitError(IrqsimError):
    """A quantity without a unit, with the wrong unit, or one that cannot be held exactly."""


class ScenarioError(IrqsimError):
    """A scenario file that is malformed or refers to something that does not exist."""


class FirmwareError(IrqsimError):
    """The firmware raised an exception that it did not handle (exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, *, traceback_text: str, t_ns: int, file: str | None = None,
                 line: int | None = None) -> None:
        super().__init__(message, file=file, line=line)
        self.traceback_text = traceback_text
        self.t_ns = t_ns

    def format(self) -> str:
        return self.traceback_text.rstrip("\n")


def nearest(word: str, choices) -> str | None:
    """The closest valid spelling of ``word`` among ``choices``, for 'did you mean' hints."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def syntax_error_text(exc: SyntaxError) -> tuple[str, str]:
    """(MicroPython's wording, CPython's detail) for a firmware compile error.

    MicroPython's parser reports every parse failure as ``SyntaxError: invalid syntax``
    (py/parse.c) and indentation as ``IndentationError: unexpected indent`` or ``unindent
    doesn't match any outer indent level`` (py/lexer.c); compiler errors such as
    ``'return' outside function`` read as in CPython (py/compile.c). CPython's more precise
    detail ("expected ':'") goes into the hint, where it helps a student most.
    """
    msg = str(exc.msg or "invalid syntax")
    if isinstance(exc, IndentationError) and msg in ("unexpected indent",
                                                     "unindent does not match any outer indentation level"):
        text = "IndentationError: " + ("unexpected indent" if msg == "unexpected indent"
                                       else "unindent doesn't match any outer indent level")
    elif msg.startswith("'"):
        text = f"SyntaxError: {msg}"
    else:
        text = "SyntaxError: invalid syntax"
    return text, msg
