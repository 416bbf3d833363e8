"""Estoca Mock API core: spec models, storage, migrations, settings and the CLI."""
