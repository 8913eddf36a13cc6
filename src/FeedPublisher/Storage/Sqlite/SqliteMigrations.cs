namespace FeedPublisher.Storage.Sqlite;

/// <summary>
/// The schema, as numbered steps applied in order at start-up. Never edit a step that has shipped; add the next one.
/// SQLite types: instants are sortable UTC text, booleans integers.
/// </summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> All =
    [
        (1, "articles, authors, tags and revisions", """
            CREATE TABLE articles (
                id            TEXT    NOT NULL PRIMARY KEY,
                guid          TEXT    NOT NULL UNIQUE,
                slug          TEXT    NOT NULL UNIQUE,
                title         TEXT    NOT NULL,
                summary       TEXT    NOT NULL,
                content_html  TEXT    NOT NULL,
                published     TEXT    NOT NULL,
                updated       TEXT    NOT NULL,
                is_draft      INTEGER NOT NULL,
                content_hash  TEXT    NOT NULL,
                revision      INTEGER NOT NULL,
                source_file   TEXT    NOT NULL,
                ingested_at   TEXT    NOT NULL
            );
            CREATE INDEX ix_articles_newest ON articles (is_draft, published DESC, id);

            CREATE TABLE article_authors (
                article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                position   INTEGER NOT NULL,
                name       TEXT    NOT NULL,
                PRIMARY KEY (article_id, position)
            );
            CREATE INDEX ix_article_authors_name ON article_authors (name);

            CREATE TABLE article_tags (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                tag        TEXT NOT NULL,
                PRIMARY KEY (article_id, tag)
            );
            CREATE INDEX ix_article_tags_tag ON article_tags (tag);

            CREATE TABLE article_revisions (
                article_id   TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                revision     INTEGER NOT NULL,
                title        TEXT    NOT NULL,
                authors      TEXT    NOT NULL,
                tags         TEXT    NOT NULL,
                summary      TEXT    NOT NULL,
                content_html TEXT    NOT NULL,
                published    TEXT    NOT NULL,
                updated      TEXT    NOT NULL,
                is_draft     INTEGER NOT NULL,
                content_hash TEXT    NOT NULL,
                source_file  TEXT    NOT NULL,
                stored_at    TEXT    NOT NULL,
                PRIMARY KEY (article_id, revision)
            );
            """),
        (2, "index on updated, for distinct entry update times", """
            CREATE INDEX ix_articles_updated ON articles (updated);
            """),
        (3, "featured images", """
            ALTER TABLE articles ADD COLUMN image_url TEXT;
            ALTER TABLE articles ADD COLUMN image_alt TEXT;
            ALTER TABLE article_revisions ADD COLUMN image_url TEXT;
            ALTER TABLE article_revisions ADD COLUMN image_alt TEXT;
            """),
        (4, "tag and author slugs, given once", """
            CREATE TABLE tags (
                name TEXT NOT NULL PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE
            );
            CREATE TABLE authors (
                name TEXT NOT NULL PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE
            );
            CREATE INDEX ix_article_authors_name_article ON article_authors (name, article_id);
            CREATE INDEX ix_article_tags_tag_article ON article_tags (tag, article_id);
            """),
        (5, "archive positions: each published article's permanent place, in order of first publication", """
            ALTER TABLE articles ADD COLUMN position INTEGER;
            UPDATE articles SET position = ranked.n
            FROM (
                SELECT a.id, ROW_NUMBER() OVER (ORDER BY COALESCE(r.stored_at, a.ingested_at), a.id) AS n
                FROM articles a LEFT JOIN article_revisions r ON r.article_id = a.id AND r.revision = 1
                WHERE a.is_draft = 0
            ) AS ranked
            WHERE articles.id = ranked.id;
            CREATE UNIQUE INDEX ix_articles_position ON articles (position) WHERE position IS NOT NULL;
            CREATE INDEX ix_articles_revised ON articles (updated DESC, id) WHERE revision > 1;
            """),
        // The draft flag and date sit after the article's text in its row, so reading them for a tag's few hundred
        // articles walked each one's overflow pages; this index answers a scope's count and order on its own.
        (6, "index of each article's draft flag and date by id, for tag and author feeds and counts", """
            CREATE INDEX ix_articles_by_id ON articles (id, is_draft, published);
            """),
        (7, "settings the stored data depends on, such as the archive page size", """
            CREATE TABLE publication_settings (
                name  TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
        (8, "a log of committed writes, so a running server learns of a command's changes", """
            CREATE TABLE store_changes (
                sequence   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                writer     TEXT    NOT NULL,
                changed_at TEXT    NOT NULL,
                tags       TEXT    NOT NULL,
                authors    TEXT    NOT NULL,
                positions  TEXT    NOT NULL
            );
            """),
        // A retraction takes an article out of every feed and keeps it: the columns say what is in force, the table
        // every retraction and restore there has been. The feeds' covering index gains the column, so that a tag's
        // feed still reads no article text to choose its articles.
        (9, "retractions (RFC 6721): when, why, by whom and how, and each restore", """
            ALTER TABLE articles ADD COLUMN retracted_at TEXT;
            ALTER TABLE articles ADD COLUMN retraction_reason TEXT;
            ALTER TABLE articles ADD COLUMN retracted_by TEXT;
            DROP INDEX ix_articles_by_id;
            CREATE INDEX ix_articles_by_id ON articles (id, is_draft, retracted_at, published);
            CREATE INDEX ix_articles_retracted ON articles (retracted_at) WHERE retracted_at IS NOT NULL;
            CREATE TABLE article_retractions (
                article_id   TEXT NOT NULL REFERENCES articles (id),
                retracted_at TEXT NOT NULL,
                reason       TEXT,
                retracted_by TEXT,
                how          TEXT NOT NULL,
                restored_at  TEXT,
                PRIMARY KEY (article_id, retracted_at)
            );
            """),
        // An article dated in the future is held, as a draft that knows when it is due, and published then.
        (10, "embargoes: when a held article is due to be published", """
            ALTER TABLE articles ADD COLUMN publish_at TEXT;
            CREATE INDEX ix_articles_publish_at ON articles (publish_at) WHERE publish_at IS NOT NULL;
            """),
    ];
}
