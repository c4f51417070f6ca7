"""Index on the datasets' dct:identifier (package.extras ->> 'identifier').

Every harvested record is checked against the identifiers of all active datasets, so
that no record duplicates a dataset of another source or of an editor
(``JenaHarvester.identifier_conflict``); without the index that check reads the whole
package table once per record.

Revision ID: 4f1c2a7d9e01
Revises:
Create Date: 2026-11-26
"""

from alembic import op

revision = "4f1c2a7d9e01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "CREATE INDEX IF NOT EXISTS idx_jena_package_identifier "
        "ON package ((extras ->> 'identifier'))"
    )


def downgrade():
    op.execute("DROP INDEX IF EXISTS idx_jena_package_identifier")
