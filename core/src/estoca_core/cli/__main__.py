"""``python -m estoca_core.cli`` runs the ``estoca-mock`` command line."""

from estoca_core.cli import main

raise SystemExit(main())
