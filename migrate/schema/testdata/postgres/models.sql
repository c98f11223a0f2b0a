-- Rename model Tag to Label
ALTER TABLE "blog_tag" RENAME TO "blog_label";
ALTER TABLE "blog_post_tags" RENAME COLUMN "tag_id" TO "label_id";
ALTER INDEX "blog_post_tags_tag_id_idx" RENAME TO "blog_post_tags_label_id_idx";
ALTER TABLE "blog_post_tags" RENAME CONSTRAINT "blog_post_tags_post_id_tag_id_uniq" TO "blog_post_tags_post_id_label_id_uniq";
-- Rename model Post to Entry
ALTER TABLE "blog_post" RENAME TO "blog_entry";
ALTER INDEX "blog_post_writer_id_idx" RENAME TO "blog_entry_writer_id_idx";
ALTER INDEX "blog_post_live_slug_idx" RENAME TO "blog_entry_live_slug_idx";
ALTER TABLE "blog_post_tags" RENAME TO "blog_entry_tags";
ALTER TABLE "blog_entry_tags" RENAME COLUMN "post_id" TO "entry_id";
ALTER INDEX "blog_post_tags_post_id_idx" RENAME TO "blog_entry_tags_entry_id_idx";
ALTER INDEX "blog_post_tags_label_id_idx" RENAME TO "blog_entry_tags_label_id_idx";
ALTER TABLE "blog_entry_tags" RENAME CONSTRAINT "blog_post_tags_post_id_label_id_uniq" TO "blog_entry_tags_entry_id_label_id_uniq";
-- Rename table for Entry to entries
ALTER TABLE "blog_entry" RENAME TO "entries";
ALTER INDEX "blog_entry_writer_id_idx" RENAME TO "entries_writer_id_idx";
ALTER INDEX "blog_entry_live_slug_idx" RENAME TO "entries_live_slug_idx";
ALTER TABLE "blog_entry_tags" RENAME TO "entries_tags";
ALTER INDEX "blog_entry_tags_entry_id_idx" RENAME TO "entries_tags_entry_id_idx";
ALTER INDEX "blog_entry_tags_label_id_idx" RENAME TO "entries_tags_label_id_idx";
ALTER TABLE "entries_tags" RENAME CONSTRAINT "blog_entry_tags_entry_id_label_id_uniq" TO "entries_tags_entry_id_label_id_uniq";
-- Remove field tags from Entry
DROP TABLE "entries_tags";
-- Delete model Entry
DROP TABLE "entries";
