"""Our hookspecs on Datasette's plugin manager, with the built-in implementations registered.

The loader asks for readers, scorers and source lists before it extracts anything. Importing
Datasette's plugin manager imports Datasette and all its default plugins (~85 ms, as long as the
loader's own imports), so where Datasette is not running (``datasette-claims load``) the hooks
are called on a plugin manager of the same project ("datasette") holding only our hookspecs, the
built-ins and the plugins installed under the ``datasette`` entry point: the ones Datasette would
load, implementing our hooks the same way.
"""
import os
import sys
from functools import cache

import pluggy

from . import builtins, hookspecs


def _with_ours(pm: pluggy.PluginManager) -> pluggy.PluginManager:
    if not pm.is_registered(builtins):  # the first time on this manager: specs, then built-ins
        pm.add_hookspecs(hookspecs)
        pm.register(builtins, name="datasette_claims.builtins")
    return pm


@cache
def _standalone_manager() -> pluggy.PluginManager:
    pm = _with_ours(pluggy.PluginManager("datasette"))
    pm.load_setuptools_entrypoints("datasette")
    return pm


def manager() -> pluggy.PluginManager:
    """Datasette's plugin manager once Datasette is imported (its server and CLI, tests that
    register plugins on it) or when DATASETTE_LOAD_PLUGINS chooses plugins; else the standalone one."""
    if "datasette.plugins" in sys.modules or "DATASETTE_LOAD_PLUGINS" in os.environ:
        from datasette.plugins import pm

        return _with_ours(pm)
    return _standalone_manager()


def _merged_dicts(results):
    merged = {}
    for result in reversed(results):  # pluggy calls newest registrations first
        merged.update(result or {})
    return merged


def readers():
    """Suffix -> reader, built-ins overridden by later plugins."""
    return _merged_dicts(manager().hook.register_claims_readers())


def scorers():
    """Name -> scorer from every plugin."""
    return {s.name: s for result in manager().hook.register_claims_scorers() for s in (result or [])}


def known_sources():
    return [s for result in manager().hook.register_claims_sources() for s in (result or [])]
