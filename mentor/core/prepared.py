"""Querysets whose SQL is built once: for the hottest reads of the application.

Building a queryset's SQL (resolving its lookups, joins and columns, then compiling) costs
more CPU than PostgreSQL spends running a read by primary key: about 1 ms of Python against
0.1 ms, for every statement of every request. A SCORM commit, which every learner's
browser sends every few seconds, runs a handful of such reads. ``Prepared`` builds the
queryset once per database connection alias with marker values standing for its
parameters, keeps the SQL, and at each call only binds the values, runs it and turns the
rows into model instances (with Django's converters, as the ORM does).

Only what a plain queryset of one model returns is supported: its model's columns and its
annotations (no ``select_related``, no ``values()``, no ``prefetch_related``). The
parameters are integers (primary and foreign keys, counters): each marker must appear in
the compiled SQL's parameters, else building fails at once, never silently. They are
values of integer fields of 32 bits or more (a marker is out of a small integer's range).
Reads go to the default database.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

#: Markers standing for the parameters while the SQL is built: integers no key or counter
#: of ours takes, within the range of a positive 32-bit integer field (Django compiles a
#: lookup on a value outside the field's range as an empty result).
_MARKER_BASE = 2_146_000_001


@dataclass(frozen=True)
class _Slot:
    name: str


@dataclass
class _Compiled:
    sql: str
    slots: list[Any]  # a _Slot for a parameter, else the constant the queryset holds
    model: type[Model]
    init_names: list[str]  # the model's columns, in the order they are selected
    model_end: int
    annotations: list[tuple[str, int]]  # (attribute, position in the row)
    converters: list[tuple[int, list, Any]]  # (position, converters, expression)


class Prepared:
    """``build`` (a function of keyword-only integer parameters returning a QuerySet),
    compiled once per database alias; calling the ``Prepared`` with the parameters returns
    the list of model instances the queryset would. ``select_for_update`` querysets must
    be called inside a transaction, as the ORM requires."""

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._names = list(inspect.signature(build).parameters)
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, **values: int) -> list[Any]:
        compiled = self._compiled.get(DEFAULT_DB_ALIAS) or self._compile(DEFAULT_DB_ALIAS)
        params = [values[s.name] if isinstance(s, _Slot) else s for s in compiled.slots]
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        found = []
        for row in rows:
            if compiled.converters:
                row = list(row)
                for position, functions, expression in compiled.converters:
                    value = row[position]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[position] = value
            instance = compiled.model.from_db(
                DEFAULT_DB_ALIAS, compiled.init_names, row[: compiled.model_end]
            )
            for attribute, position in compiled.annotations:
                setattr(instance, attribute, row[position])
            found.append(instance)
        return found

    def first(self, **values: int) -> Any:
        """The first instance, or None (the queryset orders and slices as it needs)."""
        found = self(**values)
        return found[0] if found else None

    def _compile(self, alias: str) -> _Compiled:
        markers = {name: _MARKER_BASE + index for index, name in enumerate(self._names)}
        queryset = self._build(**markers)
        query = queryset.query
        if (
            query.select_related
            or queryset._fields is not None
            or queryset._prefetch_related_lookups
        ):
            raise ValueError("Prepared: plain querysets of one model only")
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_marker = {value: name for name, value in markers.items()}
        slots = [_Slot(by_marker[p]) if p in by_marker else p for p in params]
        unused = set(self._names) - {s.name for s in slots if isinstance(s, _Slot)}
        if unused:
            raise ValueError(f"Prepared: parameters absent from the SQL: {sorted(unused)}")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        if fields != list(range(fields[0], fields[-1] + 1)) or fields[0] != 0:
            raise ValueError("Prepared: the model's columns must come first")
        converters = compiler.get_converters([column for column, _sql, _alias in select])
        compiled = _Compiled(
            sql=sql,
            slots=slots,
            model=klass_info["model"],
            init_names=[column.target.attname for column, _s, _a in select[: fields[-1] + 1]],
            model_end=fields[-1] + 1,
            annotations=list(compiler.annotation_col_map.items()),
            converters=[(pos, functions, expr) for pos, (functions, expr) in converters.items()],
        )
        with self._lock:
            self._compiled[alias] = compiled
        return compiled
