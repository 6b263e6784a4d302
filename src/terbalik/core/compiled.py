"""Model queries whose SQL is compiled once per database connection (issue 18).

A page's fixed queries differ from one request to the next only in an id or two, yet the ORM
builds and compiles each of them again on every request (filters, clones, the compiler walking
every selected column and join): on the hot pages that cost more CPU than running the query
and making the model instances. `Compiled(build)` asks `build` for the queryset once per
connection (Django gives each thread its own) and shape, with placeholder ids, keeps its SQL,
and runs that SQL with the request's ids; the rows become model instances exactly as the
queryset's own iteration makes them (the compiler's converters, `from_db`, the select_related
populators), so callers get the same objects.

Model querysets (without prefetch_related, a related manager's known objects or annotations),
values() and values_list() querysets (without distinct() ordered by columns it does not
select). `build` must use each placeholder as a value the ORM passes through as is (an id);
the compiled statement is checked to hold each placeholder.

A time-bound read passes its moment as `at=now` (an aware datetime): `build` then gets
`at=MOMENT`, a placeholder datetime, and must use it as is as the value of a lookup on a
DateTimeField (`opens_at__lte=at`); the compiled statement is checked to hold it where the
ORM sends the field's database value (`adapt_datetimefield_value`), and each call puts the
request's moment there, prepared the same way. A moment shifted (`at - timedelta`), cut to a
date or compared with a DateField is another value: refused, like any other clock value.

Every other value `build` puts in the query is frozen into the statement for the life of the
connection. Checked: no date, datetime, time or timedelta value (a `timezone.now()` or a
`localdate()`) in the filters, annotations, ordering, combined queries or parameters, and no
lookup or function that depends on the active time zone (`__year`, `__date`, `__hour`,
`Trunc*`, `Extract*`: the zone of the first request would be frozen): such a read is refused
(TypeError), on SQLite and PostgreSQL alike. Not checked, and allowed: strings and other
constants (status values, choices), which are the same on every request. A build must not
read the clock, the time zone, the active language, settings or the user in any other form
either: whatever varies belongs in a `shape` key (a form compiled once per value) or outside
the compiled read.

One database is assumed: the statement's connection is `router.db_for_read(model)` without
instance hints, as the project's single-database settings route every read. With a router
that routes by instance (sharding, read replicas chosen per object), a compiled read could
run on another database than the queryset's own iteration would.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Lookup, Model, QuerySet, Value
from django.db.models.functions.datetime import TimezoneMixin
from django.db.models.lookups import YearLookup
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql import Query
from django.utils.tree import Node

M = TypeVar("M", bound=Model)

#: placeholder ids, far from any real one; the nth value of a call replaces the nth placeholder
PLACEHOLDERS = tuple(-918_273_645 - n for n in range(32))

#: the placeholder moment of a time-bound read (`at=`): a datetime no request asks about
MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, 918_273, tzinfo=datetime.UTC)


#: the ids a database column can hold (signed 64 bits): outside, the ORM finds no row without
#: asking (Django reads an out-of-range integer lookup as an empty result), and so do we
ID_RANGE = range(-(2**63), 2**63)


#: the attribute of a connection wrapper holding its compiled statements
STATEMENTS = "terbalik_compiled_statements"


#: the iterations a compiled statement reproduces (the queryset's own, row for row)
ITERABLES = (ModelIterable, ValuesIterable, ValuesListIterable, FlatValuesListIterable)


#: values that read the clock: frozen into a statement kept for the connection's life
CLOCK_TYPES = (datetime.date, datetime.time, datetime.timedelta)  # datetime is a date
#: lookups and functions whose SQL carries the active time zone (or, for __year, the year's
#: bounds as datetimes on one database and strings on the other)
ZONED = (YearLookup, TimezoneMixin)


def _reads_the_clock(node: Any) -> bool:
    """Whether a query, filter or expression holds a date or time value other than MOMENT
    itself (SQLite's compiler turns them into strings in the parameters, so the tree is
    searched, not only those)."""
    if node is MOMENT:  # where the statement holds it is checked on the parameters
        return False
    if isinstance(node, CLOCK_TYPES + ZONED):
        return True
    if isinstance(node, (list, tuple, set, frozenset)):
        return any(_reads_the_clock(value) for value in node)
    if isinstance(node, Query):
        return (_reads_the_clock(node.where) or _reads_the_clock(list(node.annotations.values()))
                or _reads_the_clock(node.order_by) or _reads_the_clock(node.combined_queries))
    if isinstance(node, Node):  # a WhereNode, or a Q not yet resolved (When(...), ordering)
        return _reads_the_clock(node.children)
    if isinstance(node, Lookup):
        return _reads_the_clock(node.lhs) or _reads_the_clock(node.rhs)
    if isinstance(node, Value):
        return _reads_the_clock(node.value)
    if hasattr(node, "get_source_expressions"):
        return _reads_the_clock(node.get_source_expressions())
    return False


def _moment_value(moment: datetime.datetime, alias: str) -> Any:
    """What the ORM sends for `moment` compared with a DateTimeField on this database."""
    from django.db.models import DateTimeField

    return connections[alias].ops.adapt_datetimefield_value(
        DateTimeField().get_prep_value(moment))


class _Statement:
    def __init__(self, queryset: QuerySet[Any], alias: str, count: int,
                 timed: bool = False) -> None:
        self.kind = queryset._iterable_class
        if (self.kind not in ITERABLES or queryset._prefetch_related_lookups
                or queryset._known_related_objects):
            raise TypeError("Compiled takes a model, values() or values_list() queryset")
        query = queryset.query
        self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        fields = [*(queryset._fields or ()),
                  *(f for f in query.annotation_select if f not in (queryset._fields or ()))]
        if self.kind is not ValuesIterable and queryset._fields and fields != self.names:
            raise TypeError("values_list() mixing annotations and fields: not reproduced")
        self.compiler = query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        if self.compiler.has_extra_select:  # selected for DISTINCT, then cut by the iterable
            raise TypeError("distinct() with ORDER BY columns it does not select: not "
                            "reproduced")
        if self.kind is ModelIterable and self.compiler.annotation_col_map:
            raise TypeError("a model queryset with annotations: not reproduced (they would "
                            "be missing from the objects)")
        self.params = list(params)
        moment = _moment_value(MOMENT, alias) if timed else None
        self.moment_slots = [i for i, p in enumerate(self.params)
                             if timed and type(p) is type(moment) and p == moment]
        if timed and not self.moment_slots:
            raise ValueError("the moment is not a parameter of the compiled statement (use "
                             "`at` as is, as a DateTimeField lookup's value)")
        others = [p for i, p in enumerate(self.params) if i not in self.moment_slots]
        if _reads_the_clock(query) or _reads_the_clock(others):
            raise TypeError("a date or time in a compiled query: it would be frozen for the "
                            "connection's life (pass it outside, as `at`, or as a shape key)")
        self.slots = [[i for i, p in enumerate(self.params) if p == placeholder]
                      for placeholder in PLACEHOLDERS[:count]]
        if not all(self.slots):
            raise ValueError("a placeholder is not a parameter of the compiled statement")
        self.alias = alias
        # what results_iter works out again on every call (a converter lookup per selected
        # column: ~30 for the signed-in user with their directory entry), once per statement
        fields = [s[0] for s in self.compiler.select[0:self.compiler.col_count]]
        self.fields = fields
        self.converters = self.compiler.get_converters(fields)
        self.composite = self.compiler.has_composite_fields(fields)
        if self.kind is ModelIterable:
            klass_info, select = self.compiler.klass_info, self.compiler.select
            fields = klass_info["select_fields"]
            self.model = klass_info["model"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [f[0].target.attname for f in select[self.start:self.end]]
            self.populators = get_related_populators(klass_info, select, alias)

    def run(self, values: tuple[int, ...], at: datetime.datetime | None = None) -> list[Any]:
        ids = [int(value) for value in values]  # what the ORM sends for an id (get_prep_value)
        if not all(value in ID_RANGE for value in ids):  # /pairs/99999999999999999999/: the
            return []  # ORM's empty result, not the driver's OverflowError
        params = list(self.params)
        for slots, value in zip(self.slots, ids, strict=True):
            for i in slots:
                params[i] = value
        if self.moment_slots:
            moment = _moment_value(at, self.alias)  # type: ignore[arg-type]
            for i in self.moment_slots:
                params[i] = moment
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        # results_iter([rows], tuple_expected=True) with the converters worked out above
        converted: Any = rows
        if self.converters:
            converted = self.compiler.apply_converters(converted, self.converters)
        if self.composite:
            converted = self.compiler.composite_fields_to_tuples(converted, self.fields)
        converted = map(tuple, converted)
        if self.kind is ValuesListIterable:
            return list(converted)
        if self.kind is FlatValuesListIterable:
            return [row[0] for row in converted]
        if self.kind is ValuesIterable:
            return [dict(zip(self.names, row, strict=True)) for row in converted]
        objects = []
        for row in converted:
            obj = self.model.from_db(self.alias, self.init_list, row[self.start:self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects


class Compiled(Generic[M]):
    """`Compiled(model, build)(*ids, **shape)` is `list(build(*ids, **shape))`, compiled once
    per connection, number of ids and `shape` (keyword arguments that change the query's
    form, hashable); `(*ids, at=now, **shape)` is `list(build(*ids, at=now, **shape))`, the
    moment a parameter of the statement like the ids."""

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M, Any]]) -> None:
        self.model = model
        self.build = build

    def __call__(self, *values: int, at: datetime.datetime | None = None,
                 **shape: Hashable) -> list[Any]:
        timed = at is not None
        if timed:
            if not isinstance(at, datetime.datetime) or at.utcoffset() is None:
                raise TypeError("`at` takes an aware datetime")
            if len(values) > len(PLACEHOLDERS):
                return list(self.build(*values, at=at, **shape))
        elif len(values) > len(PLACEHOLDERS):  # an `IN` list of someone in very many programs:
            return list(self.build(*values, **shape))  # the ORM's way; few statements kept
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        # kept on the connection wrapper (each statement's compiler holds it): they go with it
        # when its thread ends, rather than keep every finished thread's wrapper and (with
        # CONN_MAX_AGE) its open connection alive, as a WeakKeyDictionary keyed by it would
        statements: dict[Hashable, _Statement] | None = getattr(connection, STATEMENTS, None)
        if statements is None:
            statements = {}
            setattr(connection, STATEMENTS, statements)
        # a missing id is another form too, and so is a read with or without a moment
        key = (self, len(values), timed, *sorted(shape.items()))
        statement = statements.get(key)
        if statement is None:
            queryset = (self.build(*PLACEHOLDERS[:len(values)], at=MOMENT, **shape) if timed
                        else self.build(*PLACEHOLDERS[:len(values)], **shape))
            statement = statements[key] = _Statement(queryset, alias, len(values), timed)
        return statement.run(values, at)
