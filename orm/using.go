package orm

import (
	"context"
	"fmt"

	"github.com/jazzgo/jazz/db"
)

type databasesKey struct{}

// WithDatabases returns a context carrying the project's databases, for
// QuerySet.Using and Alias. A Jazz project puts them in every request's
// and command's context; tests and programs call it themselves. A nil dbs
// hides any Databases of ctx.
func WithDatabases(ctx context.Context, dbs *db.Databases) context.Context {
	return context.WithValue(ctx, databasesKey{}, dbs)
}

// DatabasesFrom returns the Databases of ctx, or nil.
func DatabasesFrom(ctx context.Context) *db.Databases {
	dbs, _ := ctx.Value(databasesKey{}).(*db.Databases)
	return dbs
}

// Using returns the QuerySet routed to the database alias of the
// Databases in ctx (see WithDatabases), Django's using(): reads go to
// Databases.ForRead (a replica, when the alias has some), while Update,
// Delete and ForUpdate queries go to the primary (ForWrite). When ctx
// carries a transaction on that alias's primary, every query runs in it,
// so the transaction sees its own writes. Using("") means the connection
// of ctx (db.FromContext), as without Using. An unknown alias, or no
// Databases in ctx, is returned by the method that runs the query.
func (qs QuerySet[T]) Using(alias string) QuerySet[T] {
	n := qs.clone()
	n.q.using = alias
	return n
}

// Alias returns a context whose connection (db.FromContext) is the primary
// of alias in ctx's Databases, so Manager methods (Create, Save,
// BulkCreate, BulkUpdate, Atomic...) write there. It fails when ctx has no
// Databases or no such alias.
func Alias(ctx context.Context, alias string) (context.Context, error) {
	dbs := DatabasesFrom(ctx)
	if dbs == nil {
		return nil, fmt.Errorf("orm: Alias(%q): no databases in context; attach them with orm.WithDatabases", alias)
	}
	d, err := dbs.ForWrite(alias)
	if err != nil {
		return nil, fmt.Errorf("orm: %w", err)
	}
	if tx, ok := db.FromContext(ctx).(*db.Tx); ok && tx.DB() == d {
		return ctx, nil // already inside a transaction there
	}
	return db.WithDB(ctx, d), nil
}

// conn returns the connection the QuerySet runs on: its Using alias, or
// the connection of ctx.
func (qs QuerySet[T]) conn(ctx context.Context, write bool) (db.Querier, error) {
	if qs.q.using == "" {
		return querier(ctx)
	}
	dbs := DatabasesFrom(ctx)
	if dbs == nil {
		return nil, fmt.Errorf("orm: Using(%q): no databases in context; attach them with orm.WithDatabases", qs.q.using)
	}
	primary, err := dbs.ForWrite(qs.q.using)
	if err != nil {
		return nil, fmt.Errorf("orm: %w", err)
	}
	if tx, ok := db.FromContext(ctx).(*db.Tx); ok && tx.DB() == primary {
		return tx, nil
	}
	if write {
		return primary, nil
	}
	d, err := dbs.ForRead(qs.q.using)
	if err != nil {
		return nil, fmt.Errorf("orm: %w", err)
	}
	return d, nil
}
