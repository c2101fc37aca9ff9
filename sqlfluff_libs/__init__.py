"""Stand-ins for the dbt context objects the project's SQL uses, for sqlfluff's jinja templater.

sqlfluff lints the SQL as dbt would render it at parse time (`execute` false: nothing is read from a
database), with the project's own macros (`load_macros_from_path = macros` in .sqlfluff). dbt's
builtins `ref`, `source`, `config`, `var` and `is_incremental` come with sqlfluff
(`apply_dbt_builtins`); the names below are the rest. The members of this file are top-level names
in the templates; each module beside it (adapter, exceptions, modules) is a name too.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

execute = False
invocation_id = "sqlfluff"
dbt_version = "1.11.16"
run_started_at = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class _Namespace:
    """`pareval_report.some_macro(...)`: the project's macro of that name (dbt's namespaced call).

    Names are served by item lookup: sqlfluff's sandboxed Jinja refuses attributes starting with
    `_` (the project's private macros) but falls back to `obj[name]` when the attribute is missing.
    Only the SQL of the models is linted, never the macros' bodies, so a stand-in is enough.
    """

    def __getitem__(self, name: str) -> Any:
        @pass_context
        def call(context: Context, *args: Any, **kwargs: Any) -> Any:
            macro = context.get(name)
            # Private macros (`_name`) are not exported from the file that defines them, so
            # sqlfluff cannot see them: a NULL literal stands in for the expression they emit.
            return "null" if macro is None else macro(*args, **kwargs)

        return call


pareval_report = _Namespace()


class _Table:
    """An empty agate-like table: what `run_query` returns when nothing runs."""

    rows: tuple[Any, ...] = ()
    columns: tuple[Any, ...] = ()

    def __iter__(self):
        return iter(())


def run_query(sql: str = "") -> _Table:
    return _Table()


def log(message: Any = "", info: bool = False) -> str:
    return ""


#: Macro files that emit long numeric expressions (series, continued fractions, exact tails).
#: Rendering them makes sqlfluff parse thousands of lines per model, minutes for the project; they
#: are left out of the templater (`exclude_macros_from_path` in .sqlfluff) and each of their
#: public macros stands in here as the literal NULL, which is what it is in a lint: an expression.
#: Their SQL is tested by dbt unit tests and the scipy/statsmodels oracles, not by style rules.
EXPRESSION_MACRO_FILES = (
    "f_sf.sql",
    "mcnemar_exact_p.sql",
    "normal_quantile.sql",
    "normality_tests.sql",
    "pass_at_k.sql",
    "t_cdf.sql",
    "t_quantile.sql",
)
_STATS = Path(__file__).resolve().parent.parent / "macros" / "stats"


def _expression_stand_in(*args: Any, **kwargs: Any) -> str:
    return "null"


for _file in EXPRESSION_MACRO_FILES:
    _path = _STATS / _file
    _text = _path.read_text("utf-8") if _path.exists() else ""
    for _name in re.findall(r"\{%-?\s*macro\s+(\w+)", _text):
        if not _name.startswith(("_", "default__", "duckdb__")):
            globals()[_name] = _expression_stand_in
