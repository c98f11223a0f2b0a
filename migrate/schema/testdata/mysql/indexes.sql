-- Create index on live, slug on Post
CREATE INDEX `blog_post_live_slug_idx` ON `blog_post` (`live`, `slug`);
-- Alter unique_together for Post (0 constraint(s))
ALTER TABLE `blog_post` DROP INDEX `blog_post_title_writer_id_uniq`;
-- Create constraint post_title_set on model Post
ALTER TABLE `blog_post` ADD CONSTRAINT `post_title_set` CHECK (title <> '');
-- Create constraint post_slug_live on model Post
-- Remove constraint post_title_set from model Post
ALTER TABLE `blog_post` DROP CONSTRAINT `post_title_set`;
