"""The desk: users, API tokens, tips, queue items, notes, evidence, verdicts, published
fact-checks, corrections and the append-only audit log.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = ("desk",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("active", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "desk_api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("desk_users.id"), nullable=False, index=True
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("revoked_at", sa.String()),
    )
    op.create_table(
        "desk_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("group_key", sa.Text(), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("topic", sa.Text()),
        sa.Column("assignee_id", sa.Integer(), sa.ForeignKey("desk_users.id")),
        sa.Column("duplicate_of", sa.Integer(), sa.ForeignKey("desk_items.id")),
        sa.Column("checkworthiness", sa.Float(), nullable=False, server_default=sa.text("0.0")),
        sa.Column("repeats", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("matched", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("matches", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("first_seen", sa.String(), nullable=False),
        sa.Column("last_seen", sa.String(), nullable=False),
        sa.Column("published_at", sa.String()),
    )
    op.create_table(
        "desk_item_claims",
        sa.Column(
            "claim_id",
            sa.Integer(),
            sa.ForeignKey("claims.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "item_id", sa.Integer(), sa.ForeignKey("desk_items.id"), nullable=False, index=True
        ),
    )
    op.create_table(
        "desk_tips",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text()),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("desk_items.id"), index=True),
        sa.Column("matched_url", sa.Text()),
        sa.Column("created_at", sa.String(), nullable=False, index=True),
    )
    op.create_table(
        "desk_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "item_id", sa.Integer(), sa.ForeignKey("desk_items.id"), nullable=False, index=True
        ),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("desk_users.id"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "desk_evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "item_id", sa.Integer(), sa.ForeignKey("desk_items.id"), nullable=False, index=True
        ),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("read_at", sa.String(), nullable=False),
        sa.Column("added_by", sa.Integer(), sa.ForeignKey("desk_users.id"), nullable=False),
    )
    op.create_table(
        "desk_verdicts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "item_id", sa.Integer(), sa.ForeignKey("desk_items.id"), nullable=False, index=True
        ),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("desk_users.id"), nullable=False),
        sa.Column("claim_summary", sa.Text(), nullable=False),
        sa.Column("rating_label", sa.String(32), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("appearances", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("desk_users.id")),
        sa.Column("review_comment", sa.Text()),
        sa.Column("reviewed_at", sa.String()),
    )
    op.create_table(
        "desk_factchecks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "item_id", sa.Integer(), sa.ForeignKey("desk_items.id"), nullable=False, unique=True
        ),
        sa.Column("verdict_id", sa.Integer(), sa.ForeignKey("desk_verdicts.id"), nullable=False),
        sa.Column("slug", sa.String(), nullable=False, unique=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("claim_reviewed", sa.Text(), nullable=False),
        sa.Column("rating_label", sa.String(32), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("author_name", sa.Text(), nullable=False),
        sa.Column("appearances", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("claim_date", sa.String()),
        sa.Column("date_published", sa.String(), nullable=False),
        sa.Column("date_modified", sa.String(), nullable=False),
    )
    op.create_table(
        "desk_corrections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "factcheck_id",
            sa.Integer(),
            sa.ForeignKey("desk_factchecks.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("editor_id", sa.Integer(), sa.ForeignKey("desk_users.id"), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "desk_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False, server_default="{}"),
    )
    # The audit log is append-only: the database itself refuses edits and deletions.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION desk_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the audit log is append-only' "
            "USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER desk_audit_no_{event.lower()} BEFORE {event} ON desk_audit "
                "FOR EACH ROW EXECUTE FUNCTION desk_audit_append_only()"
            )
        return
    op.execute(
        "CREATE TRIGGER desk_audit_no_update BEFORE UPDATE ON desk_audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER desk_audit_no_delete BEFORE DELETE ON desk_audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION desk_audit_append_only() CASCADE")
    else:
        op.execute("DROP TRIGGER desk_audit_no_update")
        op.execute("DROP TRIGGER desk_audit_no_delete")
    for table in (
        "desk_audit",
        "desk_corrections",
        "desk_factchecks",
        "desk_verdicts",
        "desk_evidence",
        "desk_notes",
        "desk_tips",
        "desk_item_claims",
        "desk_items",
        "desk_api_tokens",
        "desk_users",
    ):
        op.drop_table(table)
