"""Estoca Mock API data plane: pure ASGI over compiled mocks."""
