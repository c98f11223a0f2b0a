-- Create index on live, slug on Post
CREATE INDEX "blog_post_live_slug_idx" ON "blog_post" ("live", "slug");
-- Alter unique_together for Post (0 constraint(s))
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(300) NOT NULL,
    "writer_id" bigint NOT NULL,
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL UNIQUE,
    "body" text NOT NULL,
    CONSTRAINT "new__blog_post_writer_id_fk_blog_author_id" FOREIGN KEY ("writer_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "writer_id", "live", "slug", "body") SELECT "id", "title", "writer_id", "live", "slug", "body" FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_writer_id_idx" ON "blog_post" ("writer_id");
CREATE INDEX "blog_post_live_slug_idx" ON "blog_post" ("live", "slug");
-- Create constraint post_title_set on model Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(300) NOT NULL,
    "writer_id" bigint NOT NULL,
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL UNIQUE,
    "body" text NOT NULL,
    CONSTRAINT "post_title_set" CHECK (title <> ''),
    CONSTRAINT "new__blog_post_writer_id_fk_blog_author_id" FOREIGN KEY ("writer_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "writer_id", "live", "slug", "body") SELECT "id", "title", "writer_id", "live", "slug", "body" FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_writer_id_idx" ON "blog_post" ("writer_id");
CREATE INDEX "blog_post_live_slug_idx" ON "blog_post" ("live", "slug");
-- Create constraint post_slug_live on model Post
CREATE UNIQUE INDEX "post_slug_live" ON "blog_post" ("slug") WHERE live;
-- Remove constraint post_title_set from model Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(300) NOT NULL,
    "writer_id" bigint NOT NULL,
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL UNIQUE,
    "body" text NOT NULL,
    CONSTRAINT "new__blog_post_writer_id_fk_blog_author_id" FOREIGN KEY ("writer_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "writer_id", "live", "slug", "body") SELECT "id", "title", "writer_id", "live", "slug", "body" FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE UNIQUE INDEX "post_slug_live" ON "blog_post" ("slug") WHERE live;
CREATE INDEX "blog_post_writer_id_idx" ON "blog_post" ("writer_id");
CREATE INDEX "blog_post_live_slug_idx" ON "blog_post" ("live", "slug");
