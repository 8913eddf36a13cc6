namespace FeedPublisher.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, as numbered steps applied in order at start-up; never edit a step that has shipped. It starts
/// where SQLite's ten steps ended, with PostgreSQL's own types: instants are timestamptz, booleans boolean, and every
/// text that is compared, sorted or ranged (ids, slugs, names) is <c>COLLATE "C"</c>, byte order as on SQLite, so both
/// backends order ties and find slug ranges alike.
/// </summary>
public static class PostgresMigrations
{
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> All =
    [
        (1, "articles, bylines, tags, revisions, names, settings, the change log and retractions", """
            CREATE TABLE articles (
                id                text COLLATE "C" NOT NULL PRIMARY KEY,
                guid              text COLLATE "C" NOT NULL UNIQUE,
                slug              text COLLATE "C" NOT NULL UNIQUE,
                title             text        NOT NULL,
                summary           text        NOT NULL,
                content_html      text        NOT NULL,
                published         timestamptz NOT NULL,
                updated           timestamptz NOT NULL,
                is_draft          boolean     NOT NULL,
                content_hash      text        NOT NULL,
                revision          integer     NOT NULL,
                source_file       text        NOT NULL,
                ingested_at       timestamptz NOT NULL,
                image_url         text,
                image_alt         text,
                position          bigint,
                retracted_at      timestamptz,
                retraction_reason text,
                retracted_by      text,
                publish_at        timestamptz
            );
            CREATE INDEX ix_articles_newest ON articles (is_draft, published DESC, id);
            CREATE INDEX ix_articles_updated ON articles (updated);
            CREATE UNIQUE INDEX ix_articles_position ON articles (position) WHERE position IS NOT NULL;
            CREATE INDEX ix_articles_revised ON articles (updated DESC, id) WHERE revision > 1;
            CREATE INDEX ix_articles_by_id ON articles (id, is_draft, retracted_at, published);
            CREATE INDEX ix_articles_retracted ON articles (retracted_at) WHERE retracted_at IS NOT NULL;
            CREATE INDEX ix_articles_publish_at ON articles (publish_at) WHERE publish_at IS NOT NULL;

            CREATE TABLE article_authors (
                article_id text COLLATE "C" NOT NULL REFERENCES articles (id),
                position   integer NOT NULL,
                name       text COLLATE "C" NOT NULL,
                PRIMARY KEY (article_id, position)
            );
            CREATE INDEX ix_article_authors_name_article ON article_authors (name, article_id);

            CREATE TABLE article_tags (
                article_id text COLLATE "C" NOT NULL REFERENCES articles (id),
                tag        text COLLATE "C" NOT NULL,
                PRIMARY KEY (article_id, tag)
            );
            CREATE INDEX ix_article_tags_tag_article ON article_tags (tag, article_id);

            CREATE TABLE article_revisions (
                article_id   text COLLATE "C" NOT NULL REFERENCES articles (id),
                revision     integer     NOT NULL,
                title        text        NOT NULL,
                authors      text        NOT NULL,
                tags         text        NOT NULL,
                summary      text        NOT NULL,
                content_html text        NOT NULL,
                published    timestamptz NOT NULL,
                updated      timestamptz NOT NULL,
                is_draft     boolean     NOT NULL,
                content_hash text        NOT NULL,
                source_file  text        NOT NULL,
                stored_at    timestamptz NOT NULL,
                image_url    text,
                image_alt    text,
                PRIMARY KEY (article_id, revision)
            );

            CREATE TABLE tags (
                name text COLLATE "C" NOT NULL PRIMARY KEY,
                slug text COLLATE "C" NOT NULL UNIQUE
            );
            CREATE TABLE authors (
                name text COLLATE "C" NOT NULL PRIMARY KEY,
                slug text COLLATE "C" NOT NULL UNIQUE
            );

            CREATE TABLE publication_settings (
                name  text COLLATE "C" NOT NULL PRIMARY KEY,
                value text NOT NULL
            );

            CREATE TABLE store_changes (
                sequence   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                writer     text        NOT NULL,
                changed_at timestamptz NOT NULL,
                tags       text        NOT NULL,
                authors    text        NOT NULL,
                positions  text        NOT NULL
            );

            CREATE TABLE article_retractions (
                article_id   text COLLATE "C" NOT NULL REFERENCES articles (id),
                retracted_at timestamptz NOT NULL,
                reason       text,
                retracted_by text,
                how          text NOT NULL,
                restored_at  timestamptz,
                PRIMARY KEY (article_id, retracted_at)
            );
            """),
        // Several instances serve the same feeds: the one whose regeneration produced them stores their bytes and
        // validators here, in that regeneration's transaction, and every instance swaps in exactly those.
        (2, "served feeds: each feed's bytes, validators and generation, for every instance to serve", """
            CREATE TABLE served_feeds (
                url_path      text COLLATE "C" NOT NULL PRIMARY KEY,
                content_type  text        NOT NULL,
                tag           text        NOT NULL,
                body          bytea       NOT NULL,
                last_modified timestamptz NOT NULL,
                cache_control text        NOT NULL,
                in_memory     boolean     NOT NULL,
                generation    bigint      NOT NULL,
                gone          boolean     NOT NULL
            );
            CREATE INDEX ix_served_feeds_generation ON served_feeds (generation);
            CREATE TABLE feed_generations (
                id            integer     NOT NULL PRIMARY KEY CHECK (id = 1),
                generation    bigint      NOT NULL,
                through_change bigint     NOT NULL,
                produced_at   timestamptz NOT NULL,
                produced_by   text        NOT NULL
            );
            INSERT INTO feed_generations (id, generation, through_change, produced_at, produced_by) VALUES (1, 0, 0, now(), '');
            """),
        // An instance's inbox burst regenerates the site's feeds at once and its tags' and authors' after it: the two
        // follow the change log separately. Feed bodies are compressed for readers already; the server's own
        // compression of them only cost time.
        (3, "the change log entry the tag and author feeds cover; feed bodies stored as they are", """
            ALTER TABLE feed_generations ADD COLUMN scopes_through_change bigint NOT NULL DEFAULT 0;
            ALTER TABLE served_feeds ALTER COLUMN body SET STORAGE EXTERNAL;
            """),
    ];
}
