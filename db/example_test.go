package db_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/jazzgo/jazz/db"
	_ "github.com/jazzgo/jazz/db/sqlite"
)

func Example() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite://:memory:", db.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()
	d.ExecContext(ctx, `CREATE TABLE account (name text PRIMARY KEY, balance integer NOT NULL)`)
	d.ExecContext(ctx, `INSERT INTO account VALUES ('ann', 100), ('bob', 0)`)

	transfer := func(ctx context.Context, amount int) error {
		return d.Atomic(ctx, func(ctx context.Context) error {
			q := db.FromContext(ctx) // the transaction
			q.ExecContext(ctx, `UPDATE account SET balance = balance - ? WHERE name = 'ann'`, amount)
			q.ExecContext(ctx, `UPDATE account SET balance = balance + ? WHERE name = 'bob'`, amount)
			var left int
			q.QueryRowContext(ctx, `SELECT balance FROM account WHERE name = 'ann'`).Scan(&left)
			if left < 0 {
				return errors.New("insufficient funds")
			}
			db.OnCommit(ctx, func() { fmt.Println("moved", amount) })
			return nil
		})
	}
	fmt.Println(transfer(ctx, 30))
	fmt.Println(transfer(ctx, 500)) // rolled back

	var ann, bob int
	d.QueryRowContext(ctx, `SELECT (SELECT balance FROM account WHERE name = 'ann'), (SELECT balance FROM account WHERE name = 'bob')`).Scan(&ann, &bob)
	fmt.Println(ann, bob)
	// Output:
	// moved 30
	// <nil>
	// insufficient funds
	// 70 30
}

func ExampleWithQueryLog() {
	ctx := context.Background()
	d, _ := db.Open(ctx, "sqlite://:memory:", db.Options{})
	defer d.Close()
	ctx, log := db.WithQueryLog(ctx)
	d.ExecContext(ctx, "CREATE TABLE t (x integer)")
	d.ExecContext(ctx, "INSERT INTO t VALUES (1)")
	fmt.Println(log.Count(), log.Queries()[1].SQL)
	// Output: 2 INSERT INTO t VALUES (1)
}
