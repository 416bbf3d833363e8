"""Local ``$ref`` resolution, and the rewrite that lets jsonschema_rs resolve refs of subschemas.

A validator for a subschema (an ``anyOf`` branch, a merged ``allOf``) must still resolve
``#/$defs/...`` against the ROOT document: the root is registered under ``ROOT_URI`` and local refs
of the subschema are rewritten to point there.
"""

from __future__ import annotations

from typing import Any

from estoca_core.datagen.base import SchemaNotGeneratable

ROOT_URI = "urn:estoca:schema"


def absolute(schema: Any) -> Any:
    """A copy whose local ``$ref``s point into the registered root document."""
    if isinstance(schema, dict):
        out = {k: absolute(v) for k, v in schema.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            out["$ref"] = ROOT_URI + ref
        return out
    if isinstance(schema, list):
        return [absolute(v) for v in schema]
    return schema


def resolve_ref(root: Any, ref: str) -> Any:
    """The target of a local ``$ref`` (``#``, ``#/json/pointer`` or ``#anchor``) inside ``root``."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise SchemaNotGeneratable(f"$ref {ref!r}: only local references ('#/...') are supported")
    pointer = ref[1:]
    if pointer and not pointer.startswith("/"):
        found = _anchor(root, pointer)
        if found is None:
            raise SchemaNotGeneratable(f"$ref {ref!r}: no $anchor {pointer!r} in the schema")
        return found
    node = root
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        try:
            node = node[int(key)] if isinstance(node, list) else node[key]
        except (KeyError, IndexError, ValueError, TypeError):
            raise SchemaNotGeneratable(f"$ref {ref!r} points to nothing in the schema") from None
    return node


def _anchor(node: Any, name: str) -> Any:
    if isinstance(node, dict):
        if node.get("$anchor") == name:
            return node
        children: Any = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _anchor(child, name)
        if found is not None:
            return found
    return None
