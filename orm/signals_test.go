package orm_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jazzgo/jazz/db"
	"github.com/jazzgo/jazz/orm"
)

// Signaled is the model the signal receivers below listen to.
type Signaled struct {
	orm.Model
	Name string                `jazz:"max_length=20"`
	Tags orm.ManyToMany[Topic] `jazz:"related_name=signaled"`
}

var Signaleds = orm.NewManager[Signaled]()

// sigLog records what the receivers saw, in order.
var sigLog struct {
	mu     sync.Mutex
	events []string
}

func logSig(format string, args ...any) {
	sigLog.mu.Lock()
	sigLog.events = append(sigLog.events, fmt.Sprintf(format, args...))
	sigLog.mu.Unlock()
}

func takeSigs() []string {
	sigLog.mu.Lock()
	defer sigLog.mu.Unlock()
	out := sigLog.events
	sigLog.events = nil
	return out
}

var errVeto = errors.New("vetoed by a receiver")

// rowCount counts Signaled rows with a query of its own, to see whether a
// write inside the receiver's transaction is visible (it is, in the same
// transaction).
func init() {
	orm.OnPreSave(func(ctx context.Context, s *Signaled, e orm.SaveEvent) error {
		logSig("pre_save %s created=%v fields=%v", s.Name, e.Created, e.UpdateFields)
		if s.Name == "forbidden" {
			return errVeto
		}
		return nil
	})
	orm.OnPostSave(func(ctx context.Context, s *Signaled, e orm.SaveEvent) error {
		n, err := Signaleds.Filter("pk", s.ID).Count(ctx)
		logSig("post_save %s created=%v visible=%d", s.Name, e.Created, n)
		if err != nil {
			return err
		}
		if s.Name == "rollback" {
			return errVeto
		}
		return nil
	})
	orm.OnPreDelete(func(ctx context.Context, s *Signaled) error {
		logSig("pre_delete %s", s.Name)
		if s.Name == "keep" {
			return errVeto
		}
		return nil
	})
	orm.OnPostDelete(func(ctx context.Context, s *Signaled) error {
		logSig("post_delete %s id=%v", s.Name, s.ID != 0)
		return nil
	})
	orm.OnM2MChanged(func(ctx context.Context, s *Signaled, e orm.M2MEvent) error {
		pks := slices.Clone(e.PKs)
		slices.Sort(pks)
		logSig("%s %s.%s %v", e.Action, s.Name, e.Field.Name, len(pks))
		if e.Action == orm.PreAdd && s.Name == "nolinks" {
			return errVeto
		}
		return nil
	})
}

func TestSignals(t *testing.T) {
	relDB(t, func(t *testing.T, ctx context.Context) {
		takeSigs()
		s := &Signaled{Name: "one"}
		must(t, Signaleds.Create(ctx, s))
		s.Name = "uno"
		must(t, Signaleds.Save(ctx, s, "name"))
		want := []string{
			"pre_save one created=true fields=[]",
			"post_save one created=true visible=1",
			"pre_save uno created=false fields=[name]",
			"post_save uno created=false visible=1",
		}
		if got := takeSigs(); !slices.Equal(got, want) {
			t.Errorf("save signals:\n got %q\nwant %q", got, want)
		}

		// A pre_save error aborts the write; a post_save error rolls it back.
		bad := &Signaled{Name: "forbidden"}
		if err := Signaleds.Create(ctx, bad); !errors.Is(err, errVeto) || !strings.Contains(err.Error(), "pre_save receiver of rel.Signaled") {
			t.Errorf("pre_save veto: %v", err)
		}
		rb := &Signaled{Name: "rollback"}
		if err := Signaleds.Create(ctx, rb); !errors.Is(err, errVeto) || rb.ID != 0 {
			t.Errorf("post_save veto: %v, id %d", err, rb.ID)
		}
		if n, _ := Signaleds.Count(ctx); n != 1 {
			t.Errorf("after vetoes: %d rows, want 1", n)
		}
		takeSigs()

		// m2m_changed: pre/post add with the new keys only, remove, clear.
		tp1, tp2 := &Topic{Name: "t1"}, &Topic{Name: "t2"}
		must(t, Topics.Create(ctx, tp1))
		must(t, Topics.Create(ctx, tp2))
		must(t, s.Tags.Add(ctx, tp1))
		must(t, s.Tags.Add(ctx, tp1, tp2)) // only tp2 is new
		must(t, s.Tags.Add(ctx, tp2))      // nothing new: no event
		must(t, s.Tags.Remove(ctx, tp1))
		must(t, s.Tags.Clear(ctx))
		want = []string{
			"pre_add uno.Tags 1", "post_add uno.Tags 1",
			"pre_add uno.Tags 1", "post_add uno.Tags 1",
			"pre_remove uno.Tags 1", "post_remove uno.Tags 1",
			"pre_clear uno.Tags 0", "post_clear uno.Tags 0",
		}
		if got := takeSigs(); !slices.Equal(got, want) {
			t.Errorf("m2m signals:\n got %q\nwant %q", got, want)
		}
		nl := &Signaled{Name: "nolinks"}
		must(t, Signaleds.Create(ctx, nl))
		if err := nl.Tags.Add(ctx, tp1); !errors.Is(err, errVeto) {
			t.Errorf("pre_add veto: %v", err)
		}
		if ids, err := nl.Tags.IDs(ctx); err != nil || len(ids) != 0 {
			t.Errorf("vetoed add left links: %v, %v", ids, err)
		}
		takeSigs()

		// Bulk operations send nothing, as in Django.
		must(t, Signaleds.BulkCreate(ctx, []*Signaled{{Name: "b1"}, {Name: "b2"}}))
		if _, err := Signaleds.Filter("name", "b1").Update(ctx, orm.Set{"name": "b3"}); err != nil {
			t.Fatal(err)
		}
		if got := takeSigs(); len(got) != 0 {
			t.Errorf("bulk operations sent %q", got)
		}

		// Delete: pre_delete for each object, then post_delete; a veto
		// keeps every row.
		keep := &Signaled{Name: "keep"}
		must(t, Signaleds.Create(ctx, keep))
		takeSigs()
		if _, err := orm.Delete(ctx, Signaleds.Filter("name__in", []string{"uno", "keep"})); !errors.Is(err, errVeto) {
			t.Errorf("pre_delete veto: %v", err)
		}
		if n, _ := Signaleds.Filter("name__in", []string{"uno", "keep"}).Count(ctx); n != 2 {
			t.Errorf("vetoed delete removed rows: %d left", n)
		}
		takeSigs()
		must(t, Signaleds.Delete(ctx, s))
		want = []string{"pre_delete uno", "post_delete uno id=true"}
		if got := takeSigs(); !slices.Equal(got, want) {
			t.Errorf("delete signals:\n got %q\nwant %q", got, want)
		}

		// Receivers run inside the caller's transaction: rolling it back
		// undoes the write and what the receivers did.
		err := db.Atomic(ctx, func(ctx context.Context) error {
			if err := Signaleds.Create(ctx, &Signaled{Name: "inner"}); err != nil {
				return err
			}
			return errVeto
		})
		if !errors.Is(err, errVeto) {
			t.Fatal(err)
		}
		if n, _ := Signaleds.Filter("name", "inner").Count(ctx); n != 0 {
			t.Errorf("rolled-back create left %d rows", n)
		}
	})
}
