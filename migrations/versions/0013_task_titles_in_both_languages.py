"""Task titles in both languages

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 20:00:00

A task kept one title, in the language of whoever applied the checklist: Russian pages showed
"Invitations sent". The title becomes title_en and gains title_ru; tasks of a standard checklist
(meetings/data/task_templates.toml) get both of the template's titles, whichever one they had.
Downgrade keeps the English title (the Russian one where there is no English).
"""
import tomllib
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TEMPLATES = Path(__file__).resolve().parents[2] / "meetings" / "data" / "task_templates.toml"


def _template_titles() -> set[tuple[str, str]]:
    with open(TEMPLATES, "rb") as f:
        data = tomllib.load(f)
    return {(row["title_en"], row.get("title_ru", "")) for rows in data.values() for row in rows
            if row.get("title_en") and row.get("title_ru")}


def upgrade():
    with op.batch_alter_table('task') as batch:
        batch.alter_column('title', new_column_name='title_en', existing_type=sa.String(300),
                           existing_nullable=False)
        batch.add_column(sa.Column('title_ru', sa.String(300), nullable=False, server_default=''))
    task = sa.table('task', sa.column('title_en', sa.String), sa.column('title_ru', sa.String))
    for en, ru in sorted(_template_titles()):
        op.execute(task.update().where(task.c.title_en.in_([en, ru]), task.c.title_ru == '')
                   .values(title_en=en, title_ru=ru))


def downgrade():
    task = sa.table('task', sa.column('title_en', sa.String), sa.column('title_ru', sa.String))
    op.execute(task.update().where(task.c.title_en == '').values(title_en=task.c.title_ru))
    with op.batch_alter_table('task') as batch:
        batch.drop_column('title_ru')
        batch.alter_column('title_en', new_column_name='title', existing_type=sa.String(300),
                           existing_nullable=False)
