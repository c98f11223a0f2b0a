// Package orm is Jazz's object-relational mapper: models are Go structs,
// their metadata is read once from struct tags, and typed managers build
// lazy, immutable QuerySets that compile to parameterised SQL for SQLite,
// PostgreSQL and MySQL/MariaDB through db.Dialect.
//
//	type Post struct {
//		orm.Model
//		Title  string               `jazz:"max_length=200"`
//		Status string               `jazz:"max_length=10,choices=draft:Draft|published:Published,default=draft"`
//		Author orm.ForeignKey[User] `jazz:"on_delete=cascade,related_name=posts"`
//	}
//
//	var Posts = orm.NewManager[Post]()
//
//	ps, err := Posts.Filter("status", "published").
//		Filter("title__icontains", q).
//		SelectRelated("author").OrderBy("-id").Limit(10).All(ctx)
//
// # Declaring models
//
// A model is a struct that embeds [Model] (the automatic int64 primary key
// ID, column "id") or tags one field `jazz:"primary_key"`: an int64 (also
// automatic), a [UUID], or a string with max_length (a natural key such as
// a session key or a code; the caller sets it before Create, and Save
// updates the row with that key or inserts it when there is none). Models
// pointing at a model through a relation need it to have an int64 key, and
// so does a model with a ManyToMany field.
// Every exported field is a column unless tagged `jazz:"-"`. The Go type
// chooses the kind of column:
//
//	string                 text; char with max_length (and with email, url, slug, ip,
//	                       which add validation and a default length)
//	bool                   boolean
//	int16, int32           smallint, integer
//	int, int64             bigint
//	uint8/16/32/64         the next wider signed integer, with CHECK (col >= 0)
//	float32, float64       double precision
//	orm.Decimal            numeric(max_digits, decimal_places), exact, never a float
//	time.Time              datetime (UTC); with date or time, a date or a time of day
//	time.Duration          bigint microseconds, as Django
//	orm.UUID               uuid (PostgreSQL) or char(32) hex
//	[]byte                 binary
//	orm.File, orm.Image    varchar(100): a file's name in storage (upload_to=dir/ option)
//	map[string]any, []any  JSON; any other type with the json option
//	*T                     the same, nullable: NULL is nil
//	orm.ForeignKey[T]      bigint column "<name>_id" referencing T's key
//	orm.OneToOne[T]        the same, unique
//	orm.ManyToMany[T]      no column: rows of a through table (see Relations)
//
// The column is the snake_case of the Go name ("CreatedAt" -> "created_at"),
// which is also the field's name in lookups, ordering, Values keys and
// validation errors; the Go name is accepted too. The table is
// "<app label>_<lower-case model name>" ("blog_post") unless Meta.Table
// says otherwise.
//
// Tag options, comma-separated: max_length=N, null (pointer fields only;
// pointers are always nullable), blank, default=<literal>,
// choices=value:Label|value2:Label2, unique, index (or db_index),
// db_column=name, editable=false, help_text=..., verbose_name=...,
// auto_now, auto_now_add, primary_key, max_digits=N, decimal_places=N,
// on_delete=cascade|protect|restrict|set_null|set_default|do_nothing
// (required on a ForeignKey), related_name=..., json, date, time, email,
// url, slug, ip, positive, upload_to=dir/ (File and Image). A value containing a comma, an "=" or
// surrounding spaces goes in single quotes, and a quote inside a quoted
// value is doubled:
//
//	Note string `jazz:"help_text='Shown, with commas',default='it''s'"`
//
// An unknown option, a bad value, an option on the wrong type or null on a
// non-pointer stops [Register] with an error naming the model, the field
// and the option.
//
// A model's other options come from a Meta method ([MetaProvider]):
// ordering, unique_together, indexes, constraints, verbose names. A struct
// embedded without being registered is an abstract base: its fields are
// copied into each model that embeds it.
//
// # Registering
//
// Apps list their models ([ModelProvider]); the project calls
// [RegisterApps] at start-up, which computes every model's metadata once
// (field offsets included, so reading and writing rows needs no
// reflection) and resolves foreign keys across apps. [Register] does the
// same for one app, for tests and small programs. [Lookup] and [Info]
// return the read-only [ModelInfo] that forms, the admin, REST serializers
// and migrations read.
//
// # Querying
//
// Every method that does I/O takes a context first and runs on the
// connection [db.FromContext] finds there: the innermost transaction of
// [db.Atomic], else the database attached with [db.WithDB]. A Manager's
// methods start a [QuerySet]; Filter, Exclude, Where ([Q], [And], [Or],
// [Not]), OrderBy, Limit, Offset, Distinct and SelectRelated refine it
// and return a new one; All, Iter, Get, First, Last, Count, Exists,
// Values, ValuesList, FlatList, Aggregate, Update and Delete run it.
//
// Lookups follow Django: exact (nil means IS NULL), iexact, contains,
// icontains, in (an empty slice matches nothing), gt, gte, lt, lte,
// startswith, istartswith, endswith, iendswith, range, isnull, regex,
// iregex, and the date parts date, year, month, day, week_day
// (1 = Sunday), hour, minute and second, which combine with a comparison
// ("created__year__gte"). A path crosses foreign keys with a JOIN
// ("author__username__iexact"); "author", "author_id" and "author__id"
// compare the key without one. [F] refers to another column, with
// arithmetic, in filters and updates.
//
// Identifiers in the SQL come only from the metadata, quoted by the
// dialect; every value is a bound parameter, and LIKE wildcards in values
// match literally. A wrong field or lookup name is returned by the method
// that runs the query as a [*FieldError] listing the valid names.
//
// # Writing
//
// Create inserts and fills the key, auto_now(_add) fields and defaults;
// Save inserts or updates (optionally only some fields); Delete removes one
// object; BulkCreate inserts many in batches sized to the database's
// parameter limit; GetOrCreate is race-safe through a savepoint; a
// QuerySet's Update and Delete change many rows in one statement.
// [FullClean] validates an object before saving, including uniqueness.
// Database errors are wrapped, so errors.Is(err, db.ErrUniqueViolation)
// works.
//
// # Annotations and grouping
//
// [QuerySet.Annotate] adds values the database computes per row: an
// [Aggregate] (Count, Sum, Avg, Min, Max; Filter restricts the rows it
// counts, as Django's filter=), a [Subquery] named with As, a condition
// (Q(...).As, Exists(qs).As) or an expression (F("views").Mul(2).As).
// After [QuerySet.ValuesQuery] the rows are grouped by its fields:
//
//	rows, err := Posts.All().ValuesQuery("status").
//		Annotate(orm.Count("id").As("n"), orm.Count("id").Filter(orm.Q("views__gt", 100)).As("popular")).
//		Filter("n__gte", 2).OrderBy("-n").Values(ctx)
//
// On a QuerySet of objects each object is its own group and
// [QuerySet.AllAnnotated] returns [Annotated] values (the object and a
// map of its annotations). Filters naming an aggregate annotation become
// HAVING, others stay in WHERE; ordering may name annotations. Ordering
// takes ":nulls_first" or ":nulls_last" ("-rating:nulls_last"), emulated
// on MySQL.
//
// # Subqueries
//
// [Subquery], [Exists] and [OuterRef] put one QuerySet inside another,
// correlated or not; a QuerySet is also a valid "__in" value:
//
//	Posts.Filter("id__in", Comments.Filter("approved", true).ValuesQuery("post"))
//	Posts.Where(orm.Exists(Comments.Filter("post", orm.OuterRef("id"))))
//	Users.All().Annotate(orm.Subquery(Posts.Filter("author", orm.OuterRef("id")).Annotate(orm.Count("*"))).As("posts"))
//
// Each subquery gets its own table aliases, so a model may appear inside
// and outside.
//
// # Loading less, loading in bulk, streaming
//
// [QuerySet.Only] and [QuerySet.Defer] load some columns; the others stay
// zero (Go has no lazy fields), and [Manager.Refresh] loads them later.
// [QuerySet.InBulk] and [InBulk] return objects by key. [QuerySet.Iter]
// streams through one cursor; [QuerySet.Iterator] reads chunks by primary
// key, so memory stays bounded and the connection is free between chunks.
// [Manager.Raw] maps a hand-written SELECT onto objects by column name,
// refusing columns that match no field. [QuerySet.Explain] returns the
// database's plan.
//
// # Writing many
//
// [Manager.BulkUpdate] writes chosen fields of many objects with one
// UPDATE ... CASE per batch; [Manager.UpdateOrCreate] locks and updates the
// matching row or creates it.
//
// # Several databases
//
// [WithDatabases] puts a project's [db.Databases] in the context;
// [QuerySet.Using] sends a query to an alias (reads to a replica, writes
// and locking reads to the primary, everything into a transaction already
// open there), and [Alias] gives a context whose Manager writes go to an
// alias's primary.
//
// # Relations
//
// A [ForeignKey] or [OneToOne] is seen from its target by a reverse name:
// related_name, else Django's defaults ("<model>_set" for the accessor,
// "<model>" in lookups; a OneToOne's accessor is "<model>"; "+" hides it).
// [ManyToMany] fields keep their links in a through model: automatic
// (table "<app>_<model>_<field>", made by [CreateTables]) or named with
// through=Model. Clashing reverse names stop registration.
//
//	type Post struct {
//		orm.Model
//		Author orm.ForeignKey[User] `jazz:"on_delete=cascade,related_name=posts"`
//		Tags   orm.ManyToMany[Tag]  `jazz:"related_name=posts"`
//	}
//
//	err := post.Tags.Add(ctx, goTag, dbTag) // also Remove, Set, Clear, All, Query
//	posts := orm.Related[Post](user, "posts").Filter("status", "published")
//	profile, err := orm.RelatedOne[Profile](ctx, user, "profile")
//	users := Users.Filter("posts__title__icontains", "go") // reverse lookups
//	tags := Tags.Filter("posts__author__username", "ann")  // across a ManyToMany
//
// A condition across a to-many relation (reverse foreign key or
// many-to-many) compiles to "key IN (subquery)": each row comes back once
// (no DISTINCT needed, unlike Django, which repeats rows), and Exclude
// drops every row with any matching related row, as Django's exclude.
// Each condition gets its own subquery, so two conditions in one Where
// may be met by two different related rows (Django's chained filter()).
// Values and OrderBy across such a relation join, one row per related
// row, as in Django.
//
// [QuerySet.PrefetchRelated] loads forward keys, reverse sets and
// many-to-many sets (nested with "__") with one query per relation;
// [QuerySet.SelectRelated] joins forward keys into the main query.
//
// Deleting ([Manager.Delete], [QuerySet.Delete], [Delete]) follows
// on_delete in Go, in one transaction, the same on every database:
// cascade, protect ([*ProtectedError]), restrict ([*RestrictedError],
// allowed when the restricting object is deleted by another cascade),
// set_null, set_default, do_nothing; through rows go too, and the
// [DeleteResult] counts rows per model. [Collect] lists the same without
// deleting, for confirmation pages.
//
// Signals: [OnPreSave], [OnPostSave], [OnPreDelete], [OnPostDelete] and
// [OnM2MChanged] register typed receivers at start-up; they run in the
// write's transaction, and an error aborts it. BulkCreate, BulkUpdate and
// QuerySet.Update send no signals, as in Django.
//
// # Not yet
//
// Aggregating over annotations (Aggregate after Annotate), Only/Defer
// across relations, window functions and database functions (Coalesce,
// Lower...) come later.
package orm
