"""Querysets whose SQL is built once: for the hottest reads of the application.

Building a queryset's SQL (resolving its lookups, joins and columns, then compiling) costs
more CPU than PostgreSQL spends running a read by primary key: about 1 ms of Python against
0.1 ms, for every statement of every request. A SCORM commit, which every learner's
browser sends every few seconds, runs a handful of such reads. ``Prepared`` builds the
queryset once per database connection alias with marker values standing for its
parameters, keeps the SQL, and at each call only binds the values, runs it and turns the
rows into model instances (with Django's converters, as the ORM does).

Only what a queryset of model instances returns is supported: its model's columns, its
annotations and the rows it joins with ``select_related`` (filled by Django's own
``RelatedPopulator``, as the ORM does); no ``values()``, no ``prefetch_related``. The
parameters are integers (keys, counters) or, when named in ``dates``, dates, or, when
named in ``texts``, strings compared exactly (a slug from a URL); each is compared as
given (the queryset is built twice with different markers: a value computed
from a parameter, which would be frozen into the SQL, or a parameter absent from the SQL
fails at once, never silently). Integers are values of fields of 32 bits or more (a
marker is out of a small integer's range). Reads go to the default database.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

#: Markers standing for the parameters while the SQL is built, two sets (the queryset is
#: built with each): integers no key or counter of ours takes, within the range of a
#: positive 32-bit integer field (Django compiles a lookup on a value outside the field's
#: range as an empty result), and dates of the 12th and 13th centuries.
_MARKER_BASES = (2_146_000_001, 2_145_000_001)
_DATE_MARKER_BASES = (date(1111, 1, 1), date(1222, 1, 1))
#: And strings no slug, code or address takes (a control character in them).
_TEXT_MARKER_BASES = ("\x01prepared-a-", "\x01prepared-b-")


_KEY_END = 2**63


def is_key(value: object) -> bool:
    """Whether ``value`` can be a primary key (a positive bigint): check a key from a URL
    or a session before binding it (the ORM compiles a value out of a field's range as
    "no row"; bound as is, SQLite refuses it)."""
    return type(value) is int and 0 < value < _KEY_END


@dataclass(frozen=True)
class _Slot:
    name: str
    as_date: bool = False  # bound as the database adapts a date (text on SQLite)


@dataclass
class _Compiled:
    sql: str
    slots: list[Any]  # a _Slot for a parameter, else the constant the queryset holds
    model: type[Model]
    init_names: list[str]  # the model's columns, in the order they are selected
    model_end: int
    annotations: list[tuple[str, int]]  # (attribute, position in the row)
    converters: list[tuple[int, list, Any]]  # (position, converters, expression)
    related: list[Any]  # Django's RelatedPopulator per select_related model


class Prepared:
    """``build`` (a function of keyword-only parameters returning a QuerySet),
    compiled once per database alias; calling the ``Prepared`` with the parameters returns
    the list of model instances the queryset would. ``select_for_update`` querysets must
    be called inside a transaction, as the ORM requires."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        dates: tuple[str, ...] = (),
        texts: tuple[str, ...] = (),
    ):
        self._build = build
        self._names = list(inspect.signature(build).parameters)
        self._dates = set(dates)
        self._texts = set(texts)
        if unknown := (self._dates | self._texts) - set(self._names):
            raise ValueError(f"Prepared: no such parameters: {sorted(unknown)}")
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, **values: Any) -> list[Any]:
        compiled = self._compiled.get(DEFAULT_DB_ALIAS) or self._compile(DEFAULT_DB_ALIAS)
        connection = connections[DEFAULT_DB_ALIAS]
        params = [
            s
            if not isinstance(s, _Slot)
            else connection.ops.adapt_datefield_value(values[s.name])
            if s.as_date
            else values[s.name]
            for s in compiled.slots
        ]
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
            for populator in compiled.related:
                populator.populate(row, instance)
            found.append(instance)
        return found

    def first(self, **values: Any) -> Any:
        """The first instance, or None (the queryset orders and slices as it needs)."""
        found = self(**values)
        return found[0] if found else None

    def _markers(self, which: int, alias: str) -> tuple[dict[str, Any], dict[Any, _Slot]]:
        """The marker of each parameter, and each marker's forms in compiled parameters."""
        markers: dict[str, Any] = {}
        slots: dict[Any, _Slot] = {}
        for index, name in enumerate(self._names):
            if name in self._dates:
                marker = _DATE_MARKER_BASES[which] + timedelta(days=index)
                slots[connections[alias].ops.adapt_datefield_value(marker)] = _Slot(name, True)
                slots[marker] = _Slot(name, True)
            elif name in self._texts:
                marker = f"{_TEXT_MARKER_BASES[which]}{index}"
                slots[marker] = _Slot(name)
            else:
                marker = _MARKER_BASES[which] + index
                slots[marker] = _Slot(name)
            markers[name] = marker
        return markers, slots

    def _compile(self, alias: str) -> _Compiled:
        built = []
        for which in (0, 1):
            markers, by_marker = self._markers(which, alias)
            queryset = self._build(**markers)
            if queryset._fields is not None or queryset._prefetch_related_lookups:
                raise ValueError("Prepared: querysets of model instances only")
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            built.append((compiler, sql, [by_marker.get(p, p) for p in params]))
        (compiler, sql, slots), (_, other_sql, other_slots) = built
        if sql != other_sql or slots != other_slots:
            # A value computed from a parameter (frozen into the SQL as a constant).
            raise ValueError("Prepared: pass each value as a parameter, never computed")
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
            related=get_related_populators(klass_info, select, alias),
        )
        with self._lock:
            self._compiled[alias] = compiled
        return compiled
