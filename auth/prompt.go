package auth

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jazzgo/jazz/manage"
)

// prompter asks questions on a command's IO, one line per answer.
type prompter struct {
	io *manage.IO
	in *bufio.Reader
}

func newPrompter(o *manage.IO) *prompter {
	return &prompter{io: o, in: bufio.NewReader(o.Stdin)}
}

// ask prints question and returns the answer without its line ending. At
// the end of the input it returns manage.ErrAborted, so a closed stdin
// never loops.
func (p *prompter) ask(question string) (string, error) {
	fmt.Fprint(p.io.Stdout, question)
	line, err := p.in.ReadString('\n')
	if errors.Is(err, io.EOF) && line == "" {
		fmt.Fprintln(p.io.Stdout)
		return "", manage.ErrAborted
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the answer: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
