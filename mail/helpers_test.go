package mail_test

import (
	"flag"
	"io"
	"net/url"
)

type urlT = url.URL

func newFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("sendtestemail", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}
