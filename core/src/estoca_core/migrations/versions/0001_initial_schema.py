"""Initial schema: the seed tables, live-only unique indexes and the change-notification triggers.

Every write to groups, endpoints and their contract rows sends ``NOTIFY estoca_changes`` with a JSON
payload ``{"table", "op", "id", "group_id", "deleted", ...}`` (``id`` is the endpoint's id for endpoint
and contract rows, the group's id for groups), so whoever writes -- the API, ``estoca-mock apply`` or the
operator -- the mockservers listening on the channel reload the affected endpoint.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 10:19:04.636206
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

EPOCH_MS = sa.text("(extract(epoch from now()) * 1000)::bigint")
NOTIFY_TABLES = ("groups", "endpoints", "url_parameters", "headers", "request_bodies")

NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION estoca_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rec record;
    payload json;
    owner_group uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        rec := OLD;
    ELSE
        rec := NEW;
    END IF;
    IF TG_TABLE_NAME = 'groups' THEN
        payload := json_build_object(
            'table', TG_TABLE_NAME, 'op', TG_OP, 'id', rec.id, 'group_id', rec.id,
            'namespace', rec.namespace, 'name', rec.name, 'deleted', rec.deleted_at IS NOT NULL);
    ELSIF TG_TABLE_NAME = 'endpoints' THEN
        payload := json_build_object(
            'table', TG_TABLE_NAME, 'op', TG_OP, 'id', rec.id, 'group_id', rec.group_id,
            'old_group_id', CASE WHEN TG_OP = 'UPDATE' THEN OLD.group_id END,
            'namespace', rec.namespace, 'name', rec.name, 'deleted', rec.deleted_at IS NOT NULL);
    ELSE
        SELECT e.group_id INTO owner_group FROM endpoints e WHERE e.id = rec.endpoint_id;
        payload := json_build_object(
            'table', TG_TABLE_NAME, 'op', TG_OP, 'id', rec.endpoint_id, 'group_id', owner_group,
            'deleted', rec.deleted_at IS NOT NULL);
    END IF;
    PERFORM pg_notify('estoca_changes', payload::text);
    RETURN NULL;
END
$$;
"""

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at_epoch", sa.BigInteger(), server_default=EPOCH_MS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_index(
        "uq_users_email_live", "users", ["email"], unique=True, postgresql_where=sa.text("deleted_at IS NULL")
    )
    op.create_table(
        "groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("server", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("namespace", sa.String(length=63), nullable=False),
        sa.Column("name", sa.String(length=253), nullable=False),
        sa.Column("labels", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("k8s_uid", sa.String(length=64), nullable=True),
        sa.Column("k8s_generation", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at_epoch", sa.BigInteger(), server_default=EPOCH_MS, nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_groups_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
    )
    op.create_index(op.f("ix_groups_created_by"), "groups", ["created_by"], unique=False)
    op.create_index(
        "ix_groups_live_name",
        "groups",
        ["name"],
        unique=False,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "uq_groups_k8s_uid_live",
        "groups",
        ["k8s_uid"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "uq_groups_namespace_name_live",
        "groups",
        ["namespace", "name"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "endpoints",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("min_wait_time", sa.Integer(), nullable=False),
        sa.Column("max_wait_time", sa.Integer(), nullable=False),
        sa.Column("chaos_mode", sa.Boolean(), nullable=False),
        sa.Column("chaos", sa.JSON(), nullable=False),
        sa.Column("response_status_code", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("response_schema", sa.JSON(), nullable=True),
        sa.Column("response_headers", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("namespace", sa.String(length=63), nullable=False),
        sa.Column("name", sa.String(length=253), nullable=False),
        sa.Column("labels", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("k8s_uid", sa.String(length=64), nullable=True),
        sa.Column("k8s_generation", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at_epoch", sa.BigInteger(), server_default=EPOCH_MS, nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_endpoints_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_endpoints_group_id_groups"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endpoints")),
    )
    op.create_index(op.f("ix_endpoints_created_by"), "endpoints", ["created_by"], unique=False)
    op.create_index(op.f("ix_endpoints_group_id"), "endpoints", ["group_id"], unique=False)
    op.create_index(
        "uq_endpoints_group_method_path_live",
        "endpoints",
        ["group_id", "method", "path"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "uq_endpoints_k8s_uid_live",
        "endpoints",
        ["k8s_uid"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "uq_endpoints_namespace_name_live",
        "endpoints",
        ["namespace", "name"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "headers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("schema", sa.JSON(), nullable=True),
        sa.Column("has_default_response", sa.Boolean(), nullable=False),
        sa.Column("default_status_code", sa.Integer(), nullable=True),
        sa.Column("default_response", sa.Text(), nullable=True),
        sa.Column("default_response_schema", sa.JSON(), nullable=True),
        sa.Column("default_response_headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at_epoch", sa.BigInteger(), server_default=EPOCH_MS, nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["endpoints.id"],
            name=op.f("fk_headers_endpoint_id_endpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_headers")),
    )
    op.create_index(op.f("ix_headers_endpoint_id"), "headers", ["endpoint_id"], unique=False)
    op.create_table(
        "request_bodies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("schema", sa.JSON(), nullable=True),
        sa.Column("has_default_response", sa.Boolean(), nullable=False),
        sa.Column("default_status_code", sa.Integer(), nullable=True),
        sa.Column("default_response", sa.Text(), nullable=True),
        sa.Column("default_response_schema", sa.JSON(), nullable=True),
        sa.Column("default_response_headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at_epoch", sa.BigInteger(), server_default=EPOCH_MS, nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["endpoints.id"],
            name=op.f("fk_request_bodies_endpoint_id_endpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_bodies")),
    )
    op.create_index(
        "uq_request_bodies_endpoint_live",
        "request_bodies",
        ["endpoint_id"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "url_parameters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("schema", sa.JSON(), nullable=True),
        sa.Column("has_default_response", sa.Boolean(), nullable=False),
        sa.Column("default_status_code", sa.Integer(), nullable=True),
        sa.Column("default_response", sa.Text(), nullable=True),
        sa.Column("default_response_schema", sa.JSON(), nullable=True),
        sa.Column("default_response_headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at_epoch", sa.BigInteger(), server_default=EPOCH_MS, nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["endpoints.id"],
            name=op.f("fk_url_parameters_endpoint_id_endpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_url_parameters")),
    )
    op.create_index(op.f("ix_url_parameters_endpoint_id"), "url_parameters", ["endpoint_id"], unique=False)
    op.execute(NOTIFY_FUNCTION)
    for table in NOTIFY_TABLES:
        op.execute(
            f"CREATE TRIGGER estoca_notify_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION estoca_notify_change()"
        )


def downgrade() -> None:
    for table in NOTIFY_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS estoca_notify_{table} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS estoca_notify_change()")
    op.drop_index(op.f("ix_url_parameters_endpoint_id"), table_name="url_parameters")
    op.drop_table("url_parameters")
    op.drop_index(
        "uq_request_bodies_endpoint_live",
        table_name="request_bodies",
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_table("request_bodies")
    op.drop_index(op.f("ix_headers_endpoint_id"), table_name="headers")
    op.drop_table("headers")
    op.drop_index(
        "uq_endpoints_namespace_name_live",
        table_name="endpoints",
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_index(
        "uq_endpoints_k8s_uid_live", table_name="endpoints", postgresql_where=sa.text("deleted_at IS NULL")
    )
    op.drop_index(
        "uq_endpoints_group_method_path_live",
        table_name="endpoints",
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_index(op.f("ix_endpoints_group_id"), table_name="endpoints")
    op.drop_index(op.f("ix_endpoints_created_by"), table_name="endpoints")
    op.drop_table("endpoints")
    op.drop_index(
        "uq_groups_namespace_name_live", table_name="groups", postgresql_where=sa.text("deleted_at IS NULL")
    )
    op.drop_index(
        "uq_groups_k8s_uid_live", table_name="groups", postgresql_where=sa.text("deleted_at IS NULL")
    )
    op.drop_index("ix_groups_live_name", table_name="groups", postgresql_where=sa.text("deleted_at IS NULL"))
    op.drop_index(op.f("ix_groups_created_by"), table_name="groups")
    op.drop_table("groups")
    op.drop_index("uq_users_email_live", table_name="users", postgresql_where=sa.text("deleted_at IS NULL"))
    op.drop_table("users")
