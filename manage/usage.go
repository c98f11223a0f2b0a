package manage

import (
	"flag"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
)

// helpColumn is where option descriptions start, as in argparse's help
// output that Django users know.
const helpColumn = 24

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

// writeMainHelp writes the command list, grouped by app label and sorted.
func writeMainHelp(w io.Writer, prog string, cmds []Command) {
	groups := map[string][]Command{}
	width := 0
	for _, c := range cmds {
		g := groupOf(c)
		groups[g] = append(groups[g], c)
		width = max(width, len(c.Name()))
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	slices.Sort(names)
	var b strings.Builder
	fmt.Fprintf(&b, "Type '%s help <subcommand>' for help on a specific subcommand.\n\n", prog)
	b.WriteString("Available subcommands:\n")
	for _, g := range names {
		list := groups[g]
		slices.SortFunc(list, func(a, b Command) int { return strings.Compare(a.Name(), b.Name()) })
		fmt.Fprintf(&b, "\n[%s]\n", g)
		for _, c := range list {
			if h := firstLine(c.Help()); h != "" {
				fmt.Fprintf(&b, "    %-*s  %s\n", width, c.Name(), h)
			} else {
				fmt.Fprintf(&b, "    %s\n", c.Name())
			}
		}
	}
	io.WriteString(w, b.String())
}

// usageLine is "usage: prog name [options] [args]".
func usageLine(prog string, c Command, fs *flag.FlagSet) string {
	line := "usage: " + prog + " " + c.Name() + " [-h]"
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		line += " [options]"
	}
	if a, ok := c.(ArgsUsager); ok && a.ArgsUsage() != "" {
		line += " " + a.ArgsUsage()
	}
	return line
}

// option is one line of the options list: a flag and its aliases.
type option struct {
	names       []string // sorted: short names first
	placeholder string   // "" for boolean flags
	usage       string
	def         string
}

// writeCommandHelp writes a command's full usage: the usage line, its
// help text and its options.
func writeCommandHelp(w io.Writer, prog string, c Command, fs *flag.FlagSet) {
	var b strings.Builder
	b.WriteString(usageLine(prog, c, fs))
	b.WriteString("\n")
	if h := strings.TrimSpace(c.Help()); h != "" {
		b.WriteString("\n")
		b.WriteString(h)
		b.WriteString("\n")
	}
	b.WriteString("\noptions:\n")
	opts := []option{{names: []string{"h", "help"}, usage: "show this help message and exit"}}
	opts = append(opts, options(fs)...)
	for _, o := range opts {
		var inv strings.Builder
		for i, n := range o.names {
			if i > 0 {
				inv.WriteString(", ")
			}
			if len(n) == 1 {
				inv.WriteString("-")
			} else {
				inv.WriteString("--")
			}
			inv.WriteString(n)
		}
		if o.placeholder != "" {
			inv.WriteString(" ")
			inv.WriteString(o.placeholder)
		}
		text := o.usage
		if o.def != "" {
			text += " (default " + o.def + ")"
		}
		head := "  " + inv.String()
		switch {
		case text == "":
			b.WriteString(head + "\n")
		case len(head) < helpColumn-1:
			fmt.Fprintf(&b, "%-*s%s\n", helpColumn, head, indentLines(text))
		default:
			fmt.Fprintf(&b, "%s\n%s%s\n", head, strings.Repeat(" ", helpColumn), indentLines(text))
		}
	}
	io.WriteString(w, b.String())
}

func indentLines(s string) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", helpColumn))
}

// options lists fs's flags, merging aliases: flags that share one Value
// (fs.Var(v, "tag", ...) and fs.Var(v, "t", ...)) form one entry.
func options(fs *flag.FlagSet) []option {
	var out []option
	var values []flag.Value
	fs.VisitAll(func(f *flag.Flag) {
		for i, v := range values {
			if sameValue(v, f.Value) {
				out[i].names = append(out[i].names, f.Name)
				if out[i].usage == "" {
					out[i].usage = f.Usage
				}
				return
			}
		}
		values = append(values, f.Value)
		out = append(out, option{names: []string{f.Name}, usage: f.Usage, def: shownDefault(f)})
	})
	for i := range out {
		o := &out[i]
		slices.SortStableFunc(o.names, func(a, b string) int { return len(a) - len(b) })
		long := o.names[len(o.names)-1]
		f := fs.Lookup(long)
		name, usage := flag.UnquoteUsage(f)
		if usage != "" {
			o.usage = usage
		}
		if isBool(f) {
			continue
		}
		if strings.Contains(f.Usage, "`") {
			o.placeholder = strings.ToUpper(name)
		} else {
			o.placeholder = strings.ToUpper(strings.ReplaceAll(long, "-", "_"))
		}
	}
	return out
}

// sameValue reports whether a and b are the same flag variable. Only
// pointers are compared: comparing other dynamic types could panic, and
// flag values are pointers in practice.
func sameValue(a, b flag.Value) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return va.Kind() == reflect.Pointer && vb.Kind() == reflect.Pointer &&
		va.Type() == vb.Type() && va.Pointer() == vb.Pointer()
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// shownDefault is f's default when it is worth showing: not the zero
// value of its type.
func shownDefault(f *flag.Flag) string {
	switch f.DefValue {
	case "", "0", "false", "0s", "[]":
		return ""
	}
	return f.DefValue
}
