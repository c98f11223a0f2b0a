-- Create model Author
CREATE TABLE `blog_author` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `name` varchar(100) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Create model Tag
CREATE TABLE `blog_tag` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `name` varchar(30) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Create model Post
CREATE TABLE `blog_post` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `title` varchar(200) NOT NULL,
    `author_id` bigint NOT NULL,
    `views` integer NOT NULL CHECK (`views` >= 0),
    CONSTRAINT `blog_post_title_author_id_uniq` UNIQUE (`title`, `author_id`),
    CONSTRAINT `blog_post_author_id_fk_blog_author_id` FOREIGN KEY (`author_id`) REFERENCES `blog_author` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `blog_post_author_id_idx` ON `blog_post` (`author_id`);
CREATE TABLE `blog_post_tags` (
    `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,
    `post_id` bigint NOT NULL,
    `tag_id` bigint NOT NULL,
    CONSTRAINT `blog_post_tags_post_id_tag_id_uniq` UNIQUE (`post_id`, `tag_id`),
    CONSTRAINT `blog_post_tags_post_id_fk_blog_post_id` FOREIGN KEY (`post_id`) REFERENCES `blog_post` (`id`),
    CONSTRAINT `blog_post_tags_tag_id_fk_blog_tag_id` FOREIGN KEY (`tag_id`) REFERENCES `blog_tag` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX `blog_post_tags_post_id_idx` ON `blog_post_tags` (`post_id`);
CREATE INDEX `blog_post_tags_tag_id_idx` ON `blog_post_tags` (`tag_id`);
