-- Add field live to Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(200) NOT NULL,
    "author_id" bigint NOT NULL,
    "views" integer NOT NULL CHECK ("views" >= 0),
    "live" bool NOT NULL,
    CONSTRAINT "blog_post_title_author_id_uniq" UNIQUE ("title", "author_id"),
    CONSTRAINT "new__blog_post_author_id_fk_blog_author_id" FOREIGN KEY ("author_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "author_id", "views", "live") SELECT "id", "title", "author_id", "views", 1 FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_idx" ON "blog_post" ("author_id");
-- Add field slug to Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(200) NOT NULL,
    "author_id" bigint NOT NULL,
    "views" integer NOT NULL CHECK ("views" >= 0),
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL,
    CONSTRAINT "blog_post_title_author_id_uniq" UNIQUE ("title", "author_id"),
    CONSTRAINT "new__blog_post_author_id_fk_blog_author_id" FOREIGN KEY ("author_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "author_id", "views", "live", "slug") SELECT "id", "title", "author_id", "views", "live", 'x' FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_idx" ON "blog_post" ("author_id");
-- Add field body to Post
ALTER TABLE "blog_post" ADD COLUMN "body" text NULL;
-- Alter field body on Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(200) NOT NULL,
    "author_id" bigint NOT NULL,
    "views" integer NOT NULL CHECK ("views" >= 0),
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL,
    "body" text NOT NULL,
    CONSTRAINT "blog_post_title_author_id_uniq" UNIQUE ("title", "author_id"),
    CONSTRAINT "new__blog_post_author_id_fk_blog_author_id" FOREIGN KEY ("author_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "author_id", "views", "live", "slug", "body") SELECT "id", "title", "author_id", "views", "live", "slug", COALESCE("body", '') FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_idx" ON "blog_post" ("author_id");
-- Alter field title on Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(300) NOT NULL,
    "author_id" bigint NOT NULL,
    "views" integer NOT NULL CHECK ("views" >= 0),
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL,
    "body" text NOT NULL,
    CONSTRAINT "blog_post_title_author_id_uniq" UNIQUE ("title", "author_id"),
    CONSTRAINT "new__blog_post_author_id_fk_blog_author_id" FOREIGN KEY ("author_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "author_id", "views", "live", "slug", "body") SELECT "id", "title", "author_id", "views", "live", "slug", "body" FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_idx" ON "blog_post" ("author_id");
-- Alter field slug on Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(300) NOT NULL,
    "author_id" bigint NOT NULL,
    "views" integer NOT NULL CHECK ("views" >= 0),
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL UNIQUE,
    "body" text NOT NULL,
    CONSTRAINT "blog_post_title_author_id_uniq" UNIQUE ("title", "author_id"),
    CONSTRAINT "new__blog_post_author_id_fk_blog_author_id" FOREIGN KEY ("author_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "author_id", "views", "live", "slug", "body") SELECT "id", "title", "author_id", "views", "live", "slug", "body" FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_idx" ON "blog_post" ("author_id");
-- Rename field author on Post to writer
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(300) NOT NULL,
    "writer_id" bigint NOT NULL,
    "views" integer NOT NULL CHECK ("views" >= 0),
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL UNIQUE,
    "body" text NOT NULL,
    CONSTRAINT "blog_post_title_writer_id_uniq" UNIQUE ("title", "writer_id"),
    CONSTRAINT "new__blog_post_writer_id_fk_blog_author_id" FOREIGN KEY ("writer_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "writer_id", "views", "live", "slug", "body") SELECT "id", "title", "author_id", "views", "live", "slug", "body" FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_writer_id_idx" ON "blog_post" ("writer_id");
-- Remove field views from Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(300) NOT NULL,
    "writer_id" bigint NOT NULL,
    "live" bool NOT NULL,
    "slug" varchar(50) NOT NULL UNIQUE,
    "body" text NOT NULL,
    CONSTRAINT "blog_post_title_writer_id_uniq" UNIQUE ("title", "writer_id"),
    CONSTRAINT "new__blog_post_writer_id_fk_blog_author_id" FOREIGN KEY ("writer_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "writer_id", "live", "slug", "body") SELECT "id", "title", "writer_id", "live", "slug", "body" FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_writer_id_idx" ON "blog_post" ("writer_id");
