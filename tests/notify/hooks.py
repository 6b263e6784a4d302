"""A scheduled hook that always fails (the tick must survive it)."""

CALLS: list[object] = []


def boom(*, now: object) -> None:
    CALLS.append(now)
    raise RuntimeError("broken job")
