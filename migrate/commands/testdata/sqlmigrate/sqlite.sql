-- sqlmigrate blog 0002
BEGIN;
-- Add field slug to Post
ALTER TABLE "blog_post" ADD COLUMN "slug" varchar(200) NULL;
-- (Go code: Fill slugs from titles)
-- Create index blog_post_slug_title on Post
CREATE INDEX "blog_post_slug_title" ON "blog_post" ("slug", "title");
-- Raw SQL operation
UPDATE blog_post SET title = 'untitled' WHERE title = '';
COMMIT;
-- sqlmigrate blog 0002_post_slug --backwards
BEGIN;
-- Raw SQL operation
-- Create index blog_post_slug_title on Post
DROP INDEX "blog_post_slug_title";
-- (Go code: Fill slugs from titles)
-- Add field slug to Post
CREATE TABLE "new__blog_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(200) NOT NULL,
    "author_id" bigint,
    CONSTRAINT "new__blog_post_author_id_fk_blog_author_id" FOREIGN KEY ("author_id") REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post" ("id", "title", "author_id") SELECT "id", "title", "author_id" FROM "blog_post";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post', 'blog_post')) WHERE name = 'new__blog_post';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post', seq FROM sqlite_sequence WHERE name = 'blog_post' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post');
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_idx" ON "blog_post" ("author_id");
COMMIT;
