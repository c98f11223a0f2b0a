// Command mysite is Jazz's reference site: a small real site that uses
// every feature the framework has, and grows with it.
//
//	go run ./examples/mysite                          # serves on 127.0.0.1:8000
//	go run ./examples/mysite runserver 127.0.0.1:9001 # another address
//	go run ./examples/mysite help                     # every command
//	go run ./examples/mysite makemigrations           # after changing a model
//	go run ./examples/mysite migrate                  # apply them (the bare command above does it too)
//
// The settings are in settings.go, the URLconf in urls.go and the views in
// views.go; the articles app (articles/) brings its own templates and
// static files.
package main

import (
	"os"

	"github.com/jazzgo/jazz"
)

func main() {
	s := Settings()
	if len(os.Args) == 1 && os.Getenv("DATABASE_URL") == "" {
		// The demo on its own SQLite file: bring it up to date before
		// serving, so `go run ./examples/mysite` works on a fresh clone.
		// runserver never migrates by itself: elsewhere, run `migrate`
		// when deploying.
		if code := jazz.RunCommand(s, "migrate"); code != 0 {
			os.Exit(code)
		}
	}
	jazz.Run(s)
}
