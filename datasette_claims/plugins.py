"""Our hookspecs on Datasette's plugin manager, with the built-in implementations registered."""
from datasette.plugins import pm

from . import builtins, hookspecs

pm.add_hookspecs(hookspecs)
if not pm.is_registered(builtins):
    pm.register(builtins, name="datasette_claims.builtins")


def _merged_dicts(results):
    merged = {}
    for result in reversed(results):  # pluggy calls newest registrations first
        merged.update(result or {})
    return merged


def readers():
    """Suffix -> reader, built-ins overridden by later plugins."""
    return _merged_dicts(pm.hook.register_claims_readers())


def scorers():
    """Name -> scorer from every plugin."""
    return {s.name: s for result in pm.hook.register_claims_scorers() for s in (result or [])}


def known_sources():
    return [s for result in pm.hook.register_claims_sources() for s in (result or [])]
