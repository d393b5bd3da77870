"""What a SQL expression from a cycle file may do, checked before polars sees the text.

``pl.sql_expr`` plans a subquery while it parses: ``a IN (SELECT x FROM read_csv('/etc/...'))``
opens the file (or fetches the URL) even when ``csi-tui validate`` only checks the syntax. So the
text is tokenised here first and refused when it holds a query (SELECT, VALUES, WITH, TABLE), a
table function (``read_*``, ``scan_*``), a function that makes series of any length from one row
(``generate_series``; LPAD/RPAD beyond ``MAX_PAD``), or is too large for polars to plan in time
(``MAX_OPERATIONS``: 800 operators took 1.5 s to plan, 5,000 over a minute, 20,000 crashed).

Polars' SQL reads backslash escapes and ``$$`` strings, so where a literal ends is a matter of
dialect: the calls that reach files or blow up (``SELECT``, ``read_*(``, ``generate_series(``)
are refused wherever they appear in the text, inside quotes too; the rest is checked on tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

MAX_CHARS = 10_000
MAX_OPERATIONS = 200
MAX_DEPTH = 30
MAX_PAD = 1_000

QUERY_WORDS = frozenset({"select", "values", "with", "table"})
TABLE_FUNCTION_PREFIXES = ("read_", "scan_")
SERIES_FUNCTIONS = frozenset({"generate_series", "range", "sequence", "repeat", "replicate"})
PAD_FUNCTIONS = frozenset({"lpad", "rpad"})
OPERATOR_WORDS = frozenset({"and", "or", "not", "when", "like", "ilike", "is", "in", "between"})

# Anywhere in the text, quotes or not (see above); a quote may wrap a function's name.
_RAW_QUERY = re.compile(r"\bselect\b|\(\s*from\b", re.IGNORECASE)
_RAW_CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_$]*)[\"`]?\s*\(")

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      |(?P<comment>--[^\n]*|/\*.*?\*/)
      |(?P<string>'(?:[^'\\\n]|'')*')
      |(?P<quoted>"(?:[^"\\\n]|"")*")
      |(?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
      |(?P<word>[A-Za-z_][A-Za-z0-9_$]*)
      |(?P<op><>|<=|>=|!=|\|\||::|!~~\*|!~~|~~\*|~~|!~\*|!~|~\*|[-+*/%=<>~^&|!])
      |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Refusal:
    message: str
    hint: str


class RefusedSql(ValueError):
    """An expression a cycle file may not run; ``str()`` says why, ``hint_for`` what to do."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def hint_for(error: BaseException, default: str) -> str:
    """The advice for an error raised by ``sql_expr``: the refusal's own, else ``default``."""
    return error.refusal.hint if isinstance(error, RefusedSql) else default


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


def _tokens(expression: str) -> list[_Token]:
    found = []
    for match in _TOKEN.finditer(expression):
        kind = match.lastgroup or "other"
        if kind != "space":
            found.append(_Token(kind, match.group()))
    return found


def _name(token: _Token) -> str | None:
    """The name a word or a double-quoted identifier gives, lower-cased."""
    if token.kind == "word":
        return token.text.lower()
    if token.kind == "quoted":
        return token.text[1:-1].replace('""', '"').lower()
    return None


def _words_in(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_$]*", text)}


def _arguments(tokens: list[_Token], open_at: int) -> list[list[_Token]]:
    """The top-level comma-separated arguments of the call whose ``(`` is at ``open_at``."""
    args: list[list[_Token]] = [[]]
    depth = 0
    for token in tokens[open_at + 1 :]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            if depth == 0:
                break
            depth -= 1
        elif token.text == "," and depth == 0:
            args.append([])
            continue
        args[-1].append(token)
    return args


def _query(word: str) -> Refusal:
    return Refusal(
        f"refused: {word.upper()} starts a query inside the expression, and a query can read "
        "other files and tables",
        "write an expression over this source's columns, e.g. COUNT(*) FILTER (WHERE "
        f"priority = '1'); a column named {word} goes in double quotes",
    )


def _table_function(name: str) -> Refusal:
    return Refusal(
        f"refused: {name}(...) reads a file or URL, and an expression may only use this "
        "source's columns",
        "add that data as another [[sources]] entry of the cycle instead",
    )


def _series(name: str) -> Refusal:
    return Refusal(
        f"refused: {name}(...) can make millions of values from one row and stall the app",
        "compute from the source's columns instead",
    )


def refusal(expression: str) -> Refusal | None:
    """Why ``expression`` may not be run, or None when it may (it may still not parse)."""
    if len(expression) > MAX_CHARS:
        return Refusal(
            f"refused: the expression is {len(expression):,} characters long "
            f"(at most {MAX_CHARS:,})",
            "split it into derived columns, or shorten it",
        )
    query = _RAW_QUERY.search(expression)
    if query is not None:
        return _query(query.group().strip("( \t\n").lower())
    raw_pads = 0
    for match in _RAW_CALL.finditer(expression):
        name = match.group(1).lower()
        if name.startswith(TABLE_FUNCTION_PREFIXES):
            return _table_function(name)
        if name in SERIES_FUNCTIONS:
            return _series(name)
        raw_pads += name in PAD_FUNCTIONS
    tokens = _tokens(expression)
    pads = 0
    operations = 0
    depth = 0
    for i, token in enumerate(tokens):
        if token.kind == "comment":
            hidden = _words_in(token.text) & QUERY_WORDS
            if hidden or any(p in token.text.lower() for p in TABLE_FUNCTION_PREFIXES):
                return Refusal(
                    "refused: a comment in the expression holds SQL words",
                    "remove the comment (comments in TOML go after #, outside the string)",
                )
            continue
        if token.text == "(":
            depth += 1
            if depth > MAX_DEPTH:
                return Refusal(
                    f"refused: parentheses nested more than {MAX_DEPTH} deep",
                    "simplify the expression",
                )
        elif token.text == ")":
            depth = max(depth - 1, 0)
        name = _name(token)
        if token.kind == "op":
            operations += 1
        if name is None:
            continue
        if token.kind == "word" and name in QUERY_WORDS:
            return _query(name)
        if token.kind == "word" and name in OPERATOR_WORDS:
            operations += 1
        called = i + 1 < len(tokens) and tokens[i + 1].text == "("
        if not called:
            continue
        operations += 1
        if name in PAD_FUNCTIONS:
            pads += 1
            args = _arguments(tokens, i + 1)
            size = args[1] if len(args) > 1 else []
            if len(size) != 1 or size[0].kind != "number" or float(size[0].text) > MAX_PAD:
                shown = " ".join(t.text for t in size) or "?"
                return Refusal(
                    f"refused: {name.upper()} to a length of {shown}; the length must be a "
                    f"number up to {MAX_PAD:,}",
                    f"e.g. {name.upper()}(ticket_id, 8, '0')",
                )
    if raw_pads > pads:  # a call the tokens saw as part of a literal: dialects differ there
        return Refusal(
            "refused: LPAD or RPAD inside quotes that polars may read differently",
            "write the text without backslashes or $$ quoting",
        )
    if operations > MAX_OPERATIONS:
        return Refusal(
            f"refused: the expression has {operations} operations (at most {MAX_OPERATIONS}); "
            "polars takes minutes to plan expressions much larger than that",
            "simplify it: a CASE, an IN (...) list, or a derived column for a part",
        )
    return None


def sql_expr(expression: str) -> pl.Expr:
    """``pl.sql_expr`` for text from a cycle file: refused (``RefusedSql``) when unsafe."""
    import polars as pl  # only when a file has expressions: plain loads stay fast

    found = refusal(expression)
    if found is not None:
        raise RefusedSql(found)
    return pl.sql_expr(expression)
