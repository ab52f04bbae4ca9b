"""Images: stored content-addressed images, their perceptual hashes, the images fact-checks are
about and the images readers sent with a queued tip.

Revision ID: 0010
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0001"
branch_labels = ("images",)
depends_on = ("0002",)  # item_images refers to the desk's queue items


def upgrade() -> None:
    op.create_table(
        "images",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "image_hashes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "sha256",
            sa.String(64),
            sa.ForeignKey("images.sha256", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("pdq", sa.String(64), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=False),
        sa.UniqueConstraint("sha256", "variant"),
    )
    op.create_index("ix_image_hashes_sha256", "image_hashes", ["sha256"])
    op.create_table(
        "factcheck_images",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("factcheck_url", sa.Text(), nullable=False),
        sa.Column(
            "sha256",
            sa.String(64),
            sa.ForeignKey("images.sha256", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.UniqueConstraint("factcheck_url", "sha256"),
    )
    op.create_index("ix_factcheck_images_factcheck_url", "factcheck_images", ["factcheck_url"])
    op.create_index("ix_factcheck_images_sha256", "factcheck_images", ["sha256"])
    op.create_table(
        "item_images",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "item_id",
            sa.Integer(),
            sa.ForeignKey("desk_items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "sha256",
            sa.String(64),
            sa.ForeignKey("images.sha256", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.UniqueConstraint("item_id", "sha256"),
    )
    op.create_index("ix_item_images_sha256", "item_images", ["sha256"])


def downgrade() -> None:
    op.drop_table("item_images")
    op.drop_table("factcheck_images")
    op.drop_table("image_hashes")
    op.drop_table("images")
