"""datasette-claims: Datasette hook implementations only; the work is in the modules they call."""
from datasette import hookimpl

from . import plugins  # noqa: F401  (adds our hookspecs and built-ins to Datasette's plugin manager)


@hookimpl
def register_commands(cli):
    from .cli import claims

    cli.add_command(claims)
