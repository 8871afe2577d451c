"""Party language: the one of CICA's two working languages the Secretariat writes to a party in

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 04:00:00

"""
from alembic import op



revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# As meetings/data/parties.csv seeds new databases: the member and observer states whose ministries
# work with CICA in Russian, and the organisations whose working language is Russian. Parties that
# an organizer added by hand keep English until changed on their page.
RUSSIAN = ('AZ', 'BY', 'KG', 'KZ', 'RU', 'TJ', 'TM', 'UZ', 'EEC', 'SCO', 'SCO-RATS')


def upgrade():
    # One ALTER TABLE with the check on the column, which SQLite and PostgreSQL both accept: a batch
    # rebuild of the table on SQLite would drop it, which its enforced foreign keys refuse.
    op.execute("ALTER TABLE party ADD COLUMN language VARCHAR(2) DEFAULT 'en' NOT NULL "
               "CONSTRAINT ck_party_language CHECK (language IN ('en', 'ru'))")
    codes = ', '.join(f"'{code}'" for code in RUSSIAN)
    op.execute(f"UPDATE party SET language = 'ru' WHERE code IN ({codes})")


def downgrade():
    op.drop_column('party', 'language')  # its check goes with it (SQLite 3.35 or later drops columns)
