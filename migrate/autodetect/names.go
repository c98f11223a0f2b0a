package autodetect

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jazzgo/jazz/migrate"
)

// maxNameLength is the longest name made of the operations' fragments;
// longer ones become "auto_<date>_<time>", as in Django.
const maxNameLength = 52

// Name returns the name of the new migration m numbered num: "0001_initial"
// for an initial migration, the fragment of its operation
// ("0002_post_slug", "0003_remove_post_slug"), the fragments of several
// joined by "_" while short enough, else "0004_auto_20261125_1450" from
// now. custom, when not empty, replaces everything after the number. The
// name is also the file name, so it never ends in a suffix that the go
// tool reads as a build constraint ("_test", "_linux", "_wasm"): such a
// name gets "_m" appended.
func Name(m *migrate.Migration, num int, custom string, now time.Time) string {
	var rest string
	switch {
	case custom != "":
		rest = sanitize(custom)
	case m.Initial:
		rest = "initial"
	default:
		rest = fragments(m.Operations)
		if rest == "" || len(rest) > maxNameLength {
			rest = "auto_" + now.Format("20060102_1504")
		}
	}
	return SafeFileName(fmt.Sprintf("%04d_%s", num, rest))
}

func fragments(ops []migrate.Operation) string {
	var parts []string
	for _, op := range ops {
		f := Fragment(op)
		if f == "" {
			return ""
		}
		parts = append(parts, f)
	}
	return strings.Join(parts, "_")
}

// Fragment returns the part of a migration name that describes op
// ("post_slug" for adding slug to Post), or "" when op has none (RunSQL,
// RunGo).
func Fragment(op migrate.Operation) string {
	l := strings.ToLower
	var s string
	switch o := op.(type) {
	case migrate.CreateModel:
		s = l(o.Name)
	case migrate.DeleteModel:
		s = "delete_" + l(o.Name)
	case migrate.RenameModel:
		s = "rename_" + l(o.Old) + "_" + l(o.New)
	case migrate.AlterModelTable:
		s = "alter_" + l(o.Name) + "_table"
	case migrate.AddField:
		s = l(o.Model) + "_" + l(o.Field.Name)
	case migrate.RemoveField:
		s = "remove_" + l(o.Model) + "_" + l(o.Name)
	case migrate.AlterField:
		s = "alter_" + l(o.Model) + "_" + l(o.Name)
	case migrate.RenameField:
		s = "rename_" + l(o.Old) + "_" + l(o.Model) + "_" + l(o.New)
	case migrate.AddIndex:
		s = l(o.Model) + "_" + l(indexLabel(o.Index))
	case migrate.RemoveIndex:
		s = "remove_" + l(o.Model) + "_" + l(indexLabel(o.Index))
	case migrate.AddConstraint:
		s = l(o.Model) + "_" + l(o.Constraint.Name)
	case migrate.RemoveConstraint:
		s = "remove_" + l(o.Model) + "_" + l(o.Constraint.Name)
	case migrate.AlterUniqueTogether:
		s = "alter_" + l(o.Model) + "_unique_together"
	default:
		return ""
	}
	return sanitize(s)
}

func indexLabel(ix migrate.Index) string {
	if ix.Name != "" {
		return ix.Name
	}
	return strings.Join(ix.Fields, "_")
}

// sanitize keeps a name to lower-case letters, digits and underscores,
// so that it is a file name on every system.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return strings.Trim(b.String(), "_")
}

// buildSuffixes are the last parts of a file name that the go tool reads
// as a build constraint: _test, and every known GOOS and GOARCH.
var buildSuffixes = map[string]bool{"test": true}

func init() {
	for _, s := range strings.Fields(`aix android darwin dragonfly freebsd hurd illumos ios js linux nacl
		netbsd openbsd plan9 solaris wasip1 windows zos
		386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32
		mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm`) {
		buildSuffixes[s] = true
	}
}

// SafeFileName returns name, with "_m" appended when its last
// underscore-separated part would make "<name>.go" a test file or a file
// built only for one system or architecture.
func SafeFileName(name string) string {
	i := strings.LastIndexByte(name, '_')
	if i >= 0 && buildSuffixes[strings.ToLower(name[i+1:])] {
		return name + "_m"
	}
	return name
}

// Number returns the number a migration name starts with ("0002_x" is
// 2), or, for a squashed migration, the number of the last one it
// replaces ("0001_squashed_0004_y" is 4); 0 when there is none.
func Number(name string) int {
	if _, after, ok := strings.Cut(name, "_squashed_"); ok {
		name = after
	}
	digits, _, _ := strings.Cut(name, "_")
	n, err := strconv.Atoi(digits)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
