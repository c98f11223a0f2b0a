-- Add field live to Post
ALTER TABLE "blog_post" ADD COLUMN "live" boolean DEFAULT TRUE NOT NULL;
ALTER TABLE "blog_post" ALTER COLUMN "live" DROP DEFAULT;
-- Add field slug to Post
ALTER TABLE "blog_post" ADD COLUMN "slug" varchar(50) DEFAULT 'x' NOT NULL;
ALTER TABLE "blog_post" ALTER COLUMN "slug" DROP DEFAULT;
-- Add field body to Post
ALTER TABLE "blog_post" ADD COLUMN "body" text NULL;
-- Alter field body on Post
UPDATE "blog_post" SET "body" = '' WHERE "body" IS NULL;
ALTER TABLE "blog_post" ALTER COLUMN "body" SET NOT NULL;
-- Alter field title on Post
ALTER TABLE "blog_post" ALTER COLUMN "title" TYPE varchar(300);
-- Alter field slug on Post
ALTER TABLE "blog_post" ADD UNIQUE ("slug");
-- Rename field author on Post to writer
ALTER TABLE "blog_post" RENAME COLUMN "author_id" TO "writer_id";
ALTER INDEX "blog_post_author_id_idx" RENAME TO "blog_post_writer_id_idx";
ALTER TABLE "blog_post" RENAME CONSTRAINT "blog_post_title_author_id_uniq" TO "blog_post_title_writer_id_uniq";
-- Remove field views from Post
ALTER TABLE "blog_post" DROP CONSTRAINT "blog_post_views_check";
ALTER TABLE "blog_post" DROP COLUMN "views";
