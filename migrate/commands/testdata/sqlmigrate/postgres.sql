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
ALTER TABLE "blog_post" DROP COLUMN "slug";
COMMIT;
