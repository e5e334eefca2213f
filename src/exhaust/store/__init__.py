"""Storage: SQLAlchemy models, the database (SQLite by default, PostgreSQL by URL), migrations."""
