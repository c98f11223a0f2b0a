-- Rename model Tag to Label
ALTER TABLE "blog_tag" RENAME TO "blog_label";
CREATE TABLE "new__blog_post_tags" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "post_id" bigint NOT NULL,
    "label_id" bigint NOT NULL,
    CONSTRAINT "blog_post_tags_post_id_label_id_uniq" UNIQUE ("post_id", "label_id"),
    CONSTRAINT "new__blog_post_tags_post_id_fk_blog_post_id" FOREIGN KEY ("post_id") REFERENCES "blog_post" ("id") DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "new__blog_post_tags_label_id_fk_blog_label_id" FOREIGN KEY ("label_id") REFERENCES "blog_label" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_post_tags" ("id", "post_id", "label_id") SELECT "id", "post_id", "tag_id" FROM "blog_post_tags";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_post_tags', 'blog_post_tags')) WHERE name = 'new__blog_post_tags';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_post_tags', seq FROM sqlite_sequence WHERE name = 'blog_post_tags' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_post_tags');
DROP TABLE "blog_post_tags";
ALTER TABLE "new__blog_post_tags" RENAME TO "blog_post_tags";
CREATE INDEX "blog_post_tags_post_id_idx" ON "blog_post_tags" ("post_id");
CREATE INDEX "blog_post_tags_label_id_idx" ON "blog_post_tags" ("label_id");
-- Rename model Post to Entry
ALTER TABLE "blog_post" RENAME TO "blog_entry";
DROP INDEX "blog_post_writer_id_idx";
DROP INDEX "blog_post_live_slug_idx";
CREATE INDEX "blog_entry_writer_id_idx" ON "blog_entry" ("writer_id");
CREATE INDEX "blog_entry_live_slug_idx" ON "blog_entry" ("live", "slug");
ALTER TABLE "blog_post_tags" RENAME TO "blog_entry_tags";
CREATE TABLE "new__blog_entry_tags" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entry_id" bigint NOT NULL,
    "label_id" bigint NOT NULL,
    CONSTRAINT "blog_entry_tags_entry_id_label_id_uniq" UNIQUE ("entry_id", "label_id"),
    CONSTRAINT "new__blog_entry_tags_entry_id_fk_blog_entry_id" FOREIGN KEY ("entry_id") REFERENCES "blog_entry" ("id") DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "new__blog_entry_tags_label_id_fk_blog_label_id" FOREIGN KEY ("label_id") REFERENCES "blog_label" ("id") DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO "new__blog_entry_tags" ("id", "entry_id", "label_id") SELECT "id", "post_id", "label_id" FROM "blog_entry_tags";
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('new__blog_entry_tags', 'blog_entry_tags')) WHERE name = 'new__blog_entry_tags';
INSERT INTO sqlite_sequence (name, seq) SELECT 'new__blog_entry_tags', seq FROM sqlite_sequence WHERE name = 'blog_entry_tags' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new__blog_entry_tags');
DROP TABLE "blog_entry_tags";
ALTER TABLE "new__blog_entry_tags" RENAME TO "blog_entry_tags";
CREATE INDEX "blog_entry_tags_entry_id_idx" ON "blog_entry_tags" ("entry_id");
CREATE INDEX "blog_entry_tags_label_id_idx" ON "blog_entry_tags" ("label_id");
-- Rename table for Entry to entries
ALTER TABLE "blog_entry" RENAME TO "entries";
DROP INDEX "blog_entry_writer_id_idx";
DROP INDEX "blog_entry_live_slug_idx";
CREATE INDEX "entries_writer_id_idx" ON "entries" ("writer_id");
CREATE INDEX "entries_live_slug_idx" ON "entries" ("live", "slug");
ALTER TABLE "blog_entry_tags" RENAME TO "entries_tags";
DROP INDEX "blog_entry_tags_entry_id_idx";
DROP INDEX "blog_entry_tags_label_id_idx";
CREATE INDEX "entries_tags_entry_id_idx" ON "entries_tags" ("entry_id");
CREATE INDEX "entries_tags_label_id_idx" ON "entries_tags" ("label_id");
-- Remove field tags from Entry
DROP TABLE "entries_tags";
-- Delete model Entry
DROP TABLE "entries";
