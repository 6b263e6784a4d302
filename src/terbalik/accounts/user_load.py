"""The session's user and their directory entry, read with a statement compiled once.

Every signed-in request loads its user (AuthenticationMiddleware -> EmailBackend.get_user):
`User.objects.select_related("employee").get(pk=...)`. Building that query (filter, clone,
the compiler walking 32 columns) cost about twice what running it and making the two model
instances cost (bench/bench_request_cost.py). Its SQL never changes, only the id: the ORM
compiles it once per database connection (so per thread) and every request runs that SQL with
its id. The rows become model instances exactly as the queryset makes them (the compiler's
converters, `from_db`, the select_related populator): same columns, same objects.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from django.db import connections, router
from django.db.models.query import get_related_populators

from .models import User

#: the placeholder id the statement is compiled with; its parameter is swapped per request
_PLACEHOLDER = -918273645


class _Compiled:
    def __init__(self, alias: str) -> None:
        query = User._default_manager.select_related("employee").filter(pk=_PLACEHOLDER).query
        self.compiler = query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.slot = self.params.index(_PLACEHOLDER)  # the only parameter: the user's id
        klass_info, select = self.compiler.klass_info, self.compiler.select
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start:self.end]]
        self.populators = get_related_populators(klass_info, select, alias)
        self.alias = alias

    def get(self, pk: Any) -> User | None:
        params = list(self.params)
        params[self.slot] = User._meta.pk.get_db_prep_value(pk, self.compiler.connection)
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = next(iter(self.compiler.results_iter([[row]])))
        user = User.from_db(self.alias, self.init_list, row[self.start:self.end])
        for populator in self.populators:
            populator.populate(row, user)
        return user


#: per connection object: Django gives each thread its own, and a new one after a settings
#: change in tests; the compiled statement goes with it
_compiled: WeakKeyDictionary[Any, _Compiled] = WeakKeyDictionary()


def user_with_employee(pk: Any) -> User | None:
    """What `User._default_manager.select_related("employee").get(pk=pk)` returns, or None."""
    alias = router.db_for_read(User)
    connection = connections[alias]
    compiled = _compiled.get(connection)
    if compiled is None:
        compiled = _compiled[connection] = _Compiled(alias)
    return compiled.get(pk)
