"""Shared API shapes: camelCase models and the page envelope of every list."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

T = TypeVar("T")

MAX_PAGE_SIZE = 100


class ApiModel(BaseModel):
    """Base of request and response bodies: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class Page(ApiModel, Generic[T]):
    """One page of a list."""

    items: list[T] = Field(..., description="The items of this page.")
    total: int = Field(
        ..., ge=0, description="Number of items matching the query, over all pages.", examples=[42]
    )
    page: int = Field(..., ge=1, description="This page's number (1-based).", examples=[1])
    page_size: int = Field(..., ge=1, le=MAX_PAGE_SIZE, description="Items per page.", examples=[20])
