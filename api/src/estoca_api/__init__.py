"""Estoca Mock API control plane (FastAPI)."""
