"""Estoca Mock API operator (kopf): CRs -> PostgreSQL mirror + per-group mockservers."""
