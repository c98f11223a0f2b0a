package dbtest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jazzgo/jazz/db"
)

// Conformance runs the suite every dialect must pass against d, which
// must be an empty database of its own (from [Open]) that allows at least
// two connections. It creates tables through the dialect's CreateTable and
// checks: every Kind round-trips exactly (NULLs, unicode, binary, limits,
// negative durations, instants given in other zones, long decimals), every
// Operator with values holding %, _, \ and quotes, DatePart, LimitOffset,
// NullsOrder, Upsert, Returning, InsertDefaults, quoting of awkward names,
// Atomic nesting, panics and OnCommit hooks, Classify for constraint
// violations, SELECT ... FOR UPDATE between two goroutines, and QueryLog.
func Conformance(t *testing.T, d *db.DB) {
	t.Run("Kinds", func(t *testing.T) { testKinds(t, d) })
	t.Run("Lookups", func(t *testing.T) { testLookups(t, d) })
	t.Run("DatePart", func(t *testing.T) { testDatePart(t, d) })
	t.Run("LimitOffsetAndOrder", func(t *testing.T) { testLimitOffset(t, d) })
	t.Run("Upsert", func(t *testing.T) { testUpsert(t, d) })
	t.Run("ReturningAndDefaults", func(t *testing.T) { testReturning(t, d) })
	t.Run("Quoting", func(t *testing.T) { testQuoting(t, d) })
	t.Run("Atomic", func(t *testing.T) { testAtomic(t, d) })
	t.Run("OnCommit", func(t *testing.T) { testOnCommit(t, d) })
	t.Run("Classify", func(t *testing.T) { testClassify(t, d) })
	t.Run("ForUpdate", func(t *testing.T) { testForUpdate(t, d) })
	t.Run("QueryLog", func(t *testing.T) { testQueryLog(t, d) })
	t.Run("ValueErrors", func(t *testing.T) { testValueErrors(t, d) })
}

// suite bundles the helpers the tests share.
type suite struct {
	t *testing.T
	d *db.DB
	q func(string) string
}

func newSuite(t *testing.T, d *db.DB) suite {
	return suite{t: t, d: d, q: d.Dialect().Quote}
}

func (s suite) exec(ctx context.Context, query string, args ...any) sql.Result {
	s.t.Helper()
	res, err := db.FromContext(ctx).ExecContext(ctx, query, args...)
	if err != nil {
		s.t.Fatalf("%s\n%v", query, err)
	}
	return res
}

func (s suite) create(tb db.Table) {
	s.t.Helper()
	ctx := db.WithDB(context.Background(), s.d)
	for _, stmt := range s.d.Dialect().CreateTable(tb) {
		s.exec(ctx, stmt)
	}
}

// insertSQL builds INSERT INTO table (cols) VALUES (placeholders).
func (s suite) insertSQL(table string, cols ...string) string {
	qc := make([]string, len(cols))
	ph := make([]string, len(cols))
	for i, c := range cols {
		qc[i] = s.q(c)
		ph[i] = s.d.Dialect().Placeholder(i + 1)
	}
	return "INSERT INTO " + s.q(table) + " (" + strings.Join(qc, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
}

func (s suite) ints(ctx context.Context, query string, args ...any) []int64 {
	s.t.Helper()
	rows, err := db.FromContext(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		s.t.Fatalf("%s\n%v", query, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n sql.NullInt64
		if err := rows.Scan(&n); err != nil {
			s.t.Fatal(err)
		}
		if !n.Valid {
			out = append(out, -1) // NULL
			continue
		}
		out = append(out, n.Int64)
	}
	if err := rows.Err(); err != nil {
		s.t.Fatal(err)
	}
	return out
}

func (s suite) bind(kind db.Kind, v any) any {
	s.t.Helper()
	b, err := s.d.Dialect().BindValue(kind, v)
	if err != nil {
		s.t.Fatalf("BindValue(%v, %#v): %v", kind, v, err)
	}
	return b
}

var kindCols = []struct {
	name string
	col  db.Column
}{
	{"b", db.Column{Kind: db.KindBool}},
	{"i16", db.Column{Kind: db.KindInt16}},
	{"i32", db.Column{Kind: db.KindInt32}},
	{"i64", db.Column{Kind: db.KindInt64}},
	{"f", db.Column{Kind: db.KindFloat64}},
	{"dec", db.Column{Kind: db.KindDecimal, MaxDigits: 30, Decimals: 10}},
	{"ch", db.Column{Kind: db.KindChar, MaxLength: 20}},
	{"tx", db.Column{Kind: db.KindText}},
	{"bin", db.Column{Kind: db.KindBinary}},
	{"dt", db.Column{Kind: db.KindDate}},
	{"dtm", db.Column{Kind: db.KindDateTime}},
	{"tm", db.Column{Kind: db.KindTime}},
	{"dur", db.Column{Kind: db.KindDuration}},
	{"u", db.Column{Kind: db.KindUUID}},
	{"js", db.Column{Kind: db.KindJSON}},
}

func testKinds(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	ctx := db.WithDB(context.Background(), d)
	tb := db.Table{Name: "conf_kinds", Columns: []db.Column{{Name: "id", Kind: db.KindAuto, PrimaryKey: true}}}
	names := []string{}
	for _, kc := range kindCols {
		c := kc.col
		c.Name, c.Null = kc.name, true
		if _, err := d.Dialect().ColumnType(c); err != nil {
			t.Fatalf("ColumnType(%s): %v", kc.name, err)
		}
		tb.Columns = append(tb.Columns, c)
		names = append(names, kc.name)
	}
	s.create(tb)

	allBytes := make([]byte, 255)
	for i := range allBytes {
		allBytes[i] = byte(i + 1) // every byte but NUL
	}
	zone := time.FixedZone("IST", 5*3600+1800)
	uuid := [16]byte{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}
	rowsIn := [][]any{
		{
			true, int16(math.MinInt16), int32(math.MinInt32), int64(math.MinInt64 + 1), math.Pi,
			"12345678901234567890.0123456789", "héllo wörld ✓ 日本語🎷x", "it's a \"quote\"\nnew line, tab\t and ☃ and \\ back",
			allBytes, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 3, 10, 6, 32, 3, 123456789, zone), time.Date(0, 1, 1, 23, 59, 58, 654321000, time.UTC),
			-(90*time.Minute + time.Microsecond), uuid, json.RawMessage(`{"a": [1, 2, {"b": null}], "s": "ü\"q"}`),
		},
		{
			false, int16(math.MaxInt16), int32(math.MaxInt32), int64(math.MaxInt64), -0.5,
			"-0.0000000001", strings.Repeat("x", 20), "", []byte{0xff}, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Duration(0), [16]byte{}, json.RawMessage(`[]`),
		},
		make([]any, len(kindCols)), // all NULL
	}
	insert := s.insertSQL("conf_kinds", names...)
	var ids []int64
	for _, row := range rowsIn {
		args := make([]any, len(row))
		for i, v := range row {
			args[i] = s.bind(kindCols[i].col.Kind, v)
		}
		s.exec(ctx, insert, args...)
	}
	ids = s.ints(ctx, "SELECT "+s.q("id")+" FROM "+s.q("conf_kinds")+" ORDER BY "+s.q("id"))
	if len(ids) != len(rowsIn) {
		t.Fatalf("inserted %d rows, read %d ids", len(rowsIn), len(ids))
	}
	qcols := make([]string, len(names))
	for i, n := range names {
		qcols[i] = s.q(n)
	}
	sel := "SELECT " + strings.Join(qcols, ", ") + " FROM " + s.q("conf_kinds") + " WHERE " + s.q("id") + " = " + d.Dialect().Placeholder(1)
	for r, want := range rowsIn {
		raw := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := d.QueryRowContext(ctx, sel, ids[r]).Scan(ptrs...); err != nil {
			t.Fatalf("row %d: %v", r, err)
		}
		for i, kc := range kindCols {
			got, err := d.Dialect().ConvertValue(kc.col.Kind, raw[i])
			if err != nil {
				t.Errorf("row %d %s: ConvertValue(%T %v): %v", r, kc.name, raw[i], raw[i], err)
				continue
			}
			if !sameValue(kc.col.Kind, want[i], got) {
				t.Errorf("row %d %s: wrote %#v, read back %#v (driver gave %T %v)", r, kc.name, want[i], got, raw[i], raw[i])
			}
		}
	}
}

// sameValue compares what was written with what came back: datetimes as
// the same instant in UTC to the microsecond, JSON as equal documents.
func sameValue(kind db.Kind, want, got any) bool {
	if want == nil {
		return got == nil
	}
	switch kind {
	case db.KindDateTime:
		g, ok := got.(time.Time)
		w := want.(time.Time).UTC().Truncate(time.Microsecond)
		return ok && g.Equal(w) && g.Location() == time.UTC
	case db.KindDate, db.KindTime:
		g, ok := got.(time.Time)
		return ok && g.Equal(want.(time.Time)) && g.Location() == time.UTC
	case db.KindJSON:
		var w, g any
		gb, ok := got.(json.RawMessage)
		if !ok || json.Unmarshal(want.(json.RawMessage), &w) != nil || json.Unmarshal(gb, &g) != nil {
			return false
		}
		return reflect.DeepEqual(w, g)
	case db.KindBinary:
		g, ok := got.([]byte)
		return ok && bytes.Equal(g, want.([]byte))
	}
	return reflect.DeepEqual(want, got)
}

func testLookups(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	dl := d.Dialect()
	ctx := db.WithDB(context.Background(), d)
	s.create(db.Table{Name: "conf_text", Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "s", Kind: db.KindChar, MaxLength: 100},
		{Name: "n", Kind: db.KindInt64},
	}})
	values := []string{`a%b`, `a_b`, `a\b`, `it's "q"`, `ABC`, `abc`, `axb`}
	byValue := map[string]int64{}
	for i, v := range values {
		s.exec(ctx, s.insertSQL("conf_text", "s", "n"), v, int64(i+1))
		byValue[v] = int64(i + 1)
	}
	cases := []struct {
		op, value string
		want      []string
	}{
		{"exact", "abc", []string{"abc"}},
		{"exact", `a\b`, []string{`a\b`}},
		{"iexact", "abc", []string{"ABC", "abc"}},
		{"iexact", `IT'S "Q"`, []string{`it's "q"`}},
		{"contains", "%", []string{"a%b"}},
		{"contains", "_", []string{"a_b"}},
		{"contains", `\`, []string{`a\b`}},
		{"contains", `'s "`, []string{`it's "q"`}},
		{"contains", "b", []string{"a%b", "a_b", `a\b`, "abc", "axb"}},
		{"icontains", "B", []string{"a%b", "a_b", `a\b`, "ABC", "abc", "axb"}},
		{"icontains", `S "Q`, []string{`it's "q"`}},
		{"startswith", "a%", []string{"a%b"}},
		{"startswith", "A", []string{"ABC"}},
		{"istartswith", "A_", []string{"a_b"}},
		{"endswith", `\b`, []string{`a\b`}},
		{"iendswith", "BC", []string{"ABC", "abc"}},
		{"regex", "^a.b$", []string{"a%b", "a_b", `a\b`, "axb"}},
		{"regex", "^ab", []string{"abc"}},
		{"iregex", "^abc$", []string{"ABC", "abc"}},
	}
	for _, c := range cases {
		arg := c.value
		switch c.op {
		case "contains", "icontains":
			arg = "%" + dl.EscapeLike(c.value) + "%"
		case "startswith", "istartswith":
			arg = dl.EscapeLike(c.value) + "%"
		case "endswith", "iendswith":
			arg = "%" + dl.EscapeLike(c.value)
		}
		where, ok := dl.Operator(c.op, s.q("s"), dl.Placeholder(1))
		if !ok {
			t.Errorf("Operator(%q) not supported", c.op)
			continue
		}
		got := s.ints(ctx, "SELECT "+s.q("n")+" FROM "+s.q("conf_text")+" WHERE "+where+" ORDER BY "+s.q("n"), arg)
		var want []int64
		for _, v := range c.want {
			want = append(want, byValue[v])
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s %q (%s): got rows %v, want %v", c.op, c.value, where, got, want)
		}
	}
	for _, c := range []struct {
		op   string
		n    int64
		want []int64
	}{{"gt", 5, []int64{6, 7}}, {"gte", 6, []int64{6, 7}}, {"lt", 2, []int64{1}}, {"lte", 2, []int64{1, 2}}} {
		where, ok := dl.Operator(c.op, s.q("n"), dl.Placeholder(1))
		if !ok {
			t.Fatalf("Operator(%q) not supported", c.op)
		}
		got := s.ints(ctx, "SELECT "+s.q("n")+" FROM "+s.q("conf_text")+" WHERE "+where+" ORDER BY "+s.q("n"), c.n)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s %d: got %v, want %v", c.op, c.n, got, c.want)
		}
	}
	if _, ok := dl.Operator("nope", "a", "b"); ok {
		t.Error(`Operator("nope") reported ok`)
	}
	if got := dl.EscapeLike(`50%_\`); got != `50\%\_\\` {
		t.Errorf("EscapeLike = %q", got)
	}
}

func testDatePart(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	dl := d.Dialect()
	ctx := db.WithDB(context.Background(), d)
	s.create(db.Table{Name: "conf_dates", Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "at", Kind: db.KindDateTime},
		{Name: "day", Kind: db.KindDate},
	}})
	// 05:00:45.5 in UTC+05:30 on Monday 11 March is 23:30:45.5 UTC on
	// Sunday 10 March: parts must come out in UTC.
	at := time.Date(2024, 3, 11, 5, 0, 45, 500000000, time.FixedZone("IST", 5*3600+1800))
	s.exec(ctx, s.insertSQL("conf_dates", "at", "day"), s.bind(db.KindDateTime, at), s.bind(db.KindDate, time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)))
	for _, c := range []struct {
		part, col string
		want      int64
	}{
		{"year", "at", 2024}, {"month", "at", 3}, {"day", "at", 10}, {"week_day", "at", 1},
		{"hour", "at", 23}, {"minute", "at", 30}, {"second", "at", 45},
		{"week_day", "day", 2}, {"day", "day", 11},
	} {
		expr, err := dl.DatePart(c.part, s.q(c.col))
		if err != nil {
			t.Fatalf("DatePart(%q): %v", c.part, err)
		}
		got := s.ints(ctx, "SELECT "+expr+" FROM "+s.q("conf_dates"))
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("DatePart(%q, %s) = %v, want %d", c.part, c.col, got, c.want)
		}
	}
	expr, err := dl.DatePart("date", s.q("at"))
	if err != nil {
		t.Fatal(err)
	}
	var raw any
	if err := d.QueryRowContext(ctx, "SELECT "+expr+" FROM "+s.q("conf_dates")).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	got, err := dl.ConvertValue(db.KindDate, raw)
	if err != nil || !got.(time.Time).Equal(time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("DatePart(date) = %v (%v), want 2024-03-10", got, err)
	}
	if _, err := dl.DatePart("fortnight", "x"); err == nil {
		t.Error("DatePart(fortnight) gave no error")
	}
}

func testLimitOffset(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	dl := d.Dialect()
	ctx := db.WithDB(context.Background(), d)
	s.create(db.Table{Name: "conf_nums", Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "n", Kind: db.KindInt32, Null: true},
	}})
	for i := 1; i <= 10; i++ {
		s.exec(ctx, s.insertSQL("conf_nums", "n"), i)
	}
	base := "SELECT " + s.q("n") + " FROM " + s.q("conf_nums") + " ORDER BY " + s.q("n") + " "
	for _, c := range []struct {
		limit, offset int64
		want          []int64
	}{
		{3, 0, []int64{1, 2, 3}},
		{3, 2, []int64{3, 4, 5}},
		{-1, 8, []int64{9, 10}},
		{0, 0, nil},
		{-1, 0, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
	} {
		if got := s.ints(ctx, base+dl.LimitOffset(c.limit, c.offset)); !slices.Equal(got, c.want) {
			t.Errorf("LimitOffset(%d, %d) = %q: got %v, want %v", c.limit, c.offset, dl.LimitOffset(c.limit, c.offset), got, c.want)
		}
	}
	if dl.LimitOffset(-1, 0) != "" {
		t.Errorf("LimitOffset(-1, 0) = %q, want empty", dl.LimitOffset(-1, 0))
	}
	s.exec(ctx, "DELETE FROM "+s.q("conf_nums")+" WHERE "+s.q("n")+" > 2")
	s.exec(ctx, s.insertSQL("conf_nums", "n"), nil)
	order := "SELECT " + s.q("n") + " FROM " + s.q("conf_nums") + " ORDER BY "
	if got := s.ints(ctx, order+dl.NullsOrder(s.q("n"), false, true)); !slices.Equal(got, []int64{-1, 1, 2}) {
		t.Errorf("NullsOrder(asc, nulls first): got %v (-1 is NULL)", got)
	}
	if got := s.ints(ctx, order+dl.NullsOrder(s.q("n"), true, false)); !slices.Equal(got, []int64{2, 1, -1}) {
		t.Errorf("NullsOrder(desc, nulls last): got %v (-1 is NULL)", got)
	}
	if got := s.ints(ctx, order+dl.RandomOrder()); len(got) != 3 {
		t.Errorf("RandomOrder: got %v", got)
	}
}

func testUpsert(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	dl := d.Dialect()
	ctx := db.WithDB(context.Background(), d)
	s.create(db.Table{Name: "conf_upsert", Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "k", Kind: db.KindChar, MaxLength: 10, Unique: true},
		{Name: "v", Kind: db.KindInt64},
	}})
	ins := s.insertSQL("conf_upsert", "k", "v")
	up := ins + " " + dl.Upsert([]string{s.q("k")}, []string{s.q("v")})
	s.exec(ctx, up, "a", 1)
	s.exec(ctx, up, "a", 2)
	s.exec(ctx, up, "b", 3)
	if got := s.ints(ctx, "SELECT "+s.q("v")+" FROM "+s.q("conf_upsert")+" ORDER BY "+s.q("k")); !slices.Equal(got, []int64{2, 3}) {
		t.Errorf("after upserts: got %v, want [2 3]", got)
	}
	s.exec(ctx, ins+" "+dl.Upsert([]string{s.q("k")}, nil), "a", 9)
	if got := s.ints(ctx, "SELECT "+s.q("v")+" FROM "+s.q("conf_upsert")+" ORDER BY "+s.q("k")); !slices.Equal(got, []int64{2, 3}) {
		t.Errorf("upsert without update columns changed the row: got %v, want [2 3]", got)
	}
}

func testReturning(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	dl := d.Dialect()
	ctx := db.WithDB(context.Background(), d)
	s.create(db.Table{Name: "conf_ret", Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "v", Kind: db.KindInt64, Default: "7"},
	}})
	s.exec(ctx, dl.InsertDefaults("conf_ret"))
	if got := s.ints(ctx, "SELECT "+s.q("v")+" FROM "+s.q("conf_ret")); !slices.Equal(got, []int64{7}) {
		t.Errorf("InsertDefaults: got %v, want [7]", got)
	}
	ret := dl.Returning([]string{s.q("id"), s.q("v")})
	if !dl.Features().CanReturnRows {
		if ret != "" {
			t.Errorf("Returning = %q without Features.CanReturnRows", ret)
		}
		res := s.exec(ctx, s.insertSQL("conf_ret", "v"), 8)
		if id, err := res.LastInsertId(); err != nil || id != 2 {
			t.Errorf("LastInsertId = %d, %v; want 2", id, err)
		}
		return
	}
	var id, v int64
	if err := d.QueryRowContext(ctx, s.insertSQL("conf_ret", "v")+" "+ret, 8).Scan(&id, &v); err != nil {
		t.Fatal(err)
	}
	if id != 2 || v != 8 {
		t.Errorf("RETURNING gave id=%d v=%d, want 2, 8", id, v)
	}
}

func testQuoting(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	ctx := db.WithDB(context.Background(), d)
	table := "we\"ird`Table"
	s.create(db.Table{Name: table, Columns: []db.Column{
		{Name: "select", Kind: db.KindInt64, PrimaryKey: true},
		{Name: "Mixed Case", Kind: db.KindChar, MaxLength: 10, Null: true},
	}, Indexes: []db.Index{{Columns: []string{"Mixed Case"}}}})
	s.exec(ctx, s.insertSQL(table, "select", "Mixed Case"), 1, "x")
	if got := s.ints(ctx, "SELECT "+s.q("select")+" FROM "+s.q(table)); !slices.Equal(got, []int64{1}) {
		t.Errorf("got %v", got)
	}
	s.exec(ctx, d.Dialect().DropTable(table))
	s.create(db.Table{Name: table, Columns: []db.Column{{Name: "id", Kind: db.KindAuto, PrimaryKey: true}}})
}

func (s suite) counterTable(name string) {
	s.create(db.Table{Name: name, Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "n", Kind: db.KindInt64},
	}})
}

func testAtomic(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	s.counterTable("conf_atomic")
	ctx := context.Background()
	ins := s.insertSQL("conf_atomic", "n")
	all := "SELECT " + s.q("n") + " FROM " + s.q("conf_atomic") + " ORDER BY " + s.q("n")
	errInner := errors.New("inner fails")
	err := d.Atomic(ctx, func(ctx context.Context) error {
		if _, ok := db.FromContext(ctx).(*db.Tx); !ok {
			t.Errorf("FromContext inside Atomic = %T, want *db.Tx", db.FromContext(ctx))
		}
		s.exec(ctx, ins, 1)
		if err := d.Atomic(ctx, func(ctx context.Context) error {
			s.exec(ctx, ins, 2)
			return errInner
		}); !errors.Is(err, errInner) {
			t.Errorf("inner Atomic returned %v, want its error", err)
		}
		if err := db.Atomic(ctx, func(ctx context.Context) error {
			s.exec(ctx, ins, 3)
			return nil
		}); err != nil {
			t.Errorf("second inner Atomic: %v", err)
		}
		func() {
			defer func() { recover() }()
			_ = d.Atomic(ctx, func(ctx context.Context) error {
				s.exec(ctx, ins, 4)
				panic("inner panic")
			})
		}()
		s.exec(ctx, ins, 5)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.ints(db.WithDB(ctx, d), all); !slices.Equal(got, []int64{1, 3, 5}) {
		t.Errorf("after nested Atomic: got %v, want [1 3 5] (inner rollbacks keep outer work)", got)
	}

	var recovered any
	func() {
		defer func() { recovered = recover() }()
		_ = d.Atomic(ctx, func(ctx context.Context) error {
			s.exec(ctx, ins, 6)
			panic("boom")
		})
	}()
	if recovered != "boom" {
		t.Errorf("panic not propagated: recovered %v", recovered)
	}
	errOuter := errors.New("outer fails")
	if err := d.Atomic(ctx, func(ctx context.Context) error {
		s.exec(ctx, ins, 7)
		return errOuter
	}); !errors.Is(err, errOuter) {
		t.Errorf("Atomic returned %v, want fn's error", err)
	}
	if got := s.ints(db.WithDB(ctx, d), all); !slices.Equal(got, []int64{1, 3, 5}) {
		t.Errorf("after panic and error: got %v, want [1 3 5]", got)
	}
	if err := db.Atomic(ctx, func(context.Context) error { return nil }); !errors.Is(err, db.ErrNoDatabase) {
		t.Errorf("package Atomic without a database: %v, want ErrNoDatabase", err)
	}
	if err := db.Atomic(db.WithDB(ctx, d), func(ctx context.Context) error {
		s.exec(ctx, ins, 8)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := s.ints(db.WithDB(ctx, d), all); !slices.Equal(got, []int64{1, 3, 5, 8}) {
		t.Errorf("package Atomic: got %v", got)
	}
}

func testOnCommit(t *testing.T, d *db.DB) {
	ctx := context.Background()
	var mu sync.Mutex
	var ran []string
	hook := func(name string) func() {
		return func() { mu.Lock(); ran = append(ran, name); mu.Unlock() }
	}
	snapshot := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(ran) }

	err := d.Atomic(ctx, func(ctx context.Context) error {
		db.OnCommit(ctx, hook("outer1"))
		_ = d.Atomic(ctx, func(ctx context.Context) error {
			db.OnCommit(ctx, hook("kept"))
			return nil
		})
		_ = d.Atomic(ctx, func(ctx context.Context) error {
			db.OnCommit(ctx, hook("dropped"))
			_ = d.Atomic(ctx, func(ctx context.Context) error {
				db.OnCommit(ctx, hook("dropped-inner"))
				return nil
			})
			return errors.New("roll back")
		})
		db.OnCommit(ctx, hook("outer2"))
		if got := snapshot(); len(got) != 0 {
			t.Errorf("hooks ran before commit: %v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := snapshot(); !slices.Equal(got, []string{"outer1", "kept", "outer2"}) {
		t.Errorf("hooks after commit: %v, want [outer1 kept outer2]", got)
	}
	ran = nil
	_ = d.Atomic(ctx, func(ctx context.Context) error {
		db.OnCommit(ctx, hook("never"))
		return errors.New("roll back")
	})
	if got := snapshot(); len(got) != 0 {
		t.Errorf("hooks of a rolled-back transaction ran: %v", got)
	}
	db.OnCommit(ctx, hook("now"))
	if got := snapshot(); !slices.Equal(got, []string{"now"}) {
		t.Errorf("OnCommit outside a transaction: %v, want it run at once", got)
	}
}

func testClassify(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	ctx := db.WithDB(context.Background(), d)
	s.create(db.Table{Name: "conf_parent", Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "code", Kind: db.KindChar, MaxLength: 10, Unique: true},
	}})
	s.create(db.Table{Name: "conf_child", Columns: []db.Column{
		{Name: "id", Kind: db.KindAuto, PrimaryKey: true},
		{Name: "parent_id", Kind: db.KindInt64, References: &db.ForeignKeyRef{Table: "conf_parent", Column: "id"}},
		{Name: "qty", Kind: db.KindInt32, Check: d.Dialect().Quote("qty") + " >= 0"},
	}, Indexes: []db.Index{{Columns: []string{"parent_id"}}}})
	insP := s.insertSQL("conf_parent", "code")
	insC := s.insertSQL("conf_child", "parent_id", "qty")
	s.exec(ctx, insP, "a")
	check := func(name string, err, want error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Errorf("%s: got %v, want errors.Is(err, %v)", name, err, want)
			return
		}
		var e *db.Error
		if !errors.As(err, &e) || e.Err == nil || errors.Is(e.Err, want) {
			t.Errorf("%s: the driver error is not reachable: %#v", name, err)
		}
		for _, other := range []error{db.ErrUniqueViolation, db.ErrForeignKey, db.ErrNotNull, db.ErrCheck, db.ErrRetryable} {
			if other != want && errors.Is(err, other) {
				t.Errorf("%s: also classified as %v", name, other)
			}
		}
	}
	_, err := d.ExecContext(ctx, insP, "a")
	check("duplicate", err, db.ErrUniqueViolation)
	_, err = d.ExecContext(ctx, insC, 999, 1)
	check("missing parent", err, db.ErrForeignKey)
	_, err = d.ExecContext(ctx, insC, nil, 1)
	check("null parent", err, db.ErrNotNull)
	if d.Dialect().Features().SupportsCheckConstraints {
		var pid int64
		if err := d.QueryRowContext(ctx, "SELECT "+s.q("id")+" FROM "+s.q("conf_parent")).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		_, err = d.ExecContext(ctx, insC, pid, -1)
		check("negative qty", err, db.ErrCheck)
	}
	// Inside a transaction the foreign key may be checked at COMMIT
	// (deferred): Atomic must classify that error too.
	err = d.Atomic(context.Background(), func(ctx context.Context) error {
		_, err := db.FromContext(ctx).ExecContext(ctx, insC, 999, 1)
		return err
	})
	check("missing parent in Atomic", err, db.ErrForeignKey)
	if got := d.Dialect().Classify(errors.New("something else")); got != nil {
		t.Errorf("Classify(unrelated) = %v, want nil", got)
	}
	if db.ClassifyError(d.Dialect(), nil) != nil {
		t.Error("ClassifyError(nil) != nil")
	}
}

func testForUpdate(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	s.counterTable("conf_lock")
	ctx := context.Background()
	s.exec(db.WithDB(ctx, d), s.insertSQL("conf_lock", "n"), 0)
	clause, err := d.Dialect().ForUpdate(db.LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Dialect().ForUpdate(db.LockOptions{NoWait: true, SkipLocked: true}); err == nil && d.Dialect().Features().HasSelectForUpdate {
		t.Error("ForUpdate(NoWait and SkipLocked) gave no error")
	}
	sel := "SELECT " + s.q("n") + " FROM " + s.q("conf_lock") + " WHERE " + s.q("id") + " = 1 " + clause
	upd := "UPDATE " + s.q("conf_lock") + " SET " + s.q("n") + " = " + s.q("n") + " + 1"

	second := make(chan int64, 1)
	secondErr := make(chan error, 1)
	err = d.Atomic(ctx, func(txCtx context.Context) error {
		if got := s.ints(txCtx, sel); !slices.Equal(got, []int64{0}) {
			t.Errorf("first read %v", got)
		}
		go func() {
			secondErr <- d.Atomic(ctx, func(ctx2 context.Context) error {
				got := s2ints(ctx2, sel)
				if len(got) == 1 {
					second <- got[0]
				}
				_, err := db.FromContext(ctx2).ExecContext(ctx2, upd)
				return err
			})
		}()
		// Give the second transaction time to reach the lock. This is a
		// grace period, not an assertion: on a slow machine the check
		// below passes vacuously, never falsely.
		time.Sleep(200 * time.Millisecond)
		select {
		case n := <-second:
			t.Errorf("second transaction read n=%d while the first held the lock", n)
		default:
		}
		s.exec(txCtx, upd)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-secondErr; err != nil {
		t.Fatalf("second transaction: %v", err)
	}
	select {
	case n := <-second:
		if n != 1 {
			t.Errorf("second transaction read n=%d, want 1 (the first's committed write)", n)
		}
	default:
		t.Error("second transaction read nothing")
	}
	if got := s.ints(db.WithDB(ctx, d), "SELECT "+s.q("n")+" FROM "+s.q("conf_lock")); !slices.Equal(got, []int64{2}) {
		t.Errorf("final n = %v, want 2", got)
	}
}

// s2ints is suite.ints without t, for goroutines (t.Fatal must not be
// called off the test goroutine); it returns nil on error.
func s2ints(ctx context.Context, query string) []int64 {
	rows, err := db.FromContext(ctx).QueryContext(ctx, query)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if rows.Scan(&n) != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

func testQueryLog(t *testing.T, d *db.DB) {
	s := newSuite(t, d)
	s.counterTable("conf_qlog")
	ctx, outer := db.WithQueryLog(db.WithDB(context.Background(), d))
	ins := s.insertSQL("conf_qlog", "n")
	s.exec(ctx, ins, 1)
	inner, log := db.WithQueryLog(ctx)
	_ = d.Atomic(inner, func(ctx context.Context) error {
		s.exec(ctx, ins, 2)
		s.exec(ctx, ins, 3)
		return nil
	})
	s.ints(inner, "SELECT "+s.q("n")+" FROM "+s.q("conf_qlog"))
	if log.Count() != 3 {
		t.Errorf("inner log counted %d statements, want 3 (transaction control is not counted): %v", log.Count(), log.Queries())
	}
	if outer.Count() != 4 {
		t.Errorf("outer log counted %d, want 4", outer.Count())
	}
	if q := log.Queries(); len(q) > 0 && q[0].SQL != ins {
		t.Errorf("first recorded SQL = %q, want %q", q[0].SQL, ins)
	}
	log.Reset()
	if log.Count() != 0 {
		t.Error("Reset kept entries")
	}
	before := outer.Count()
	s.exec(db.WithDB(context.Background(), d), ins, 4)
	if outer.Count() != before {
		t.Error("a statement without the log's context was recorded")
	}
}

func testValueErrors(t *testing.T, d *db.DB) {
	dl := d.Dialect()
	for _, c := range []struct {
		kind db.Kind
		v    any
	}{
		{db.KindUUID, "not-a-uuid"},
		{db.KindDecimal, "12,5"},
		{db.KindDateTime, "yesterday"},
		{db.KindJSON, json.RawMessage("{bad")},
		{db.KindDuration, "1h"},
	} {
		if _, err := dl.BindValue(c.kind, c.v); err == nil {
			t.Errorf("BindValue(%v, %#v) gave no error", c.kind, c.v)
		}
	}
	if _, err := dl.ConvertValue(db.KindInt16, int64(70000)); err == nil {
		t.Error("ConvertValue(int16, 70000) gave no error")
	}
	if v, err := dl.ConvertValue(db.KindText, nil); v != nil || err != nil {
		t.Errorf("ConvertValue(NULL) = %v, %v", v, err)
	}
	for _, k := range []db.Kind{db.KindAuto, db.KindBool, db.KindInt16, db.KindInt32, db.KindInt64, db.KindFloat64,
		db.KindDecimal, db.KindChar, db.KindText, db.KindBinary, db.KindDate, db.KindDateTime, db.KindTime,
		db.KindDuration, db.KindUUID, db.KindJSON} {
		if _, err := dl.ColumnType(db.Column{Name: "c", Kind: k, MaxLength: 10, MaxDigits: 10, Decimals: 2}); err != nil {
			t.Errorf("ColumnType(%v): %v", k, err)
		}
	}
	if _, err := dl.ColumnType(db.Column{Name: "c", Kind: db.Kind(999)}); err == nil {
		t.Error("ColumnType(unknown kind) gave no error")
	}
	if dl.Name() == "" || dl.Features().MaxPlaceholders <= 0 {
		t.Errorf("Name %q / MaxPlaceholders %d", dl.Name(), dl.Features().MaxPlaceholders)
	}
	_ = fmt.Sprint()
}
