package manage

// DefaultGroup is the group of commands that do not implement [Grouper]:
// the framework's own commands.
const DefaultGroup = "jazz"

// Grouper is implemented by commands that belong to an app. The command
// list shown by help groups commands under their app label, as Django's
// manage.py does ("[auth]", "[sessions]"); commands without a group, or
// with an empty one, are listed under [DefaultGroup].
type Grouper interface {
	Group() string
}

// ArgsUsager is implemented by commands that take positional arguments,
// to show them in their usage line: a runserver command returns
// "[addrport]", giving "usage: prog runserver [options] [addrport]".
type ArgsUsager interface {
	ArgsUsage() string
}

func groupOf(c Command) string {
	if g, ok := c.(Grouper); ok {
		if name := g.Group(); name != "" {
			return name
		}
	}
	return DefaultGroup
}
