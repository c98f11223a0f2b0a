// Command mysite is Jazz's reference site: a small real site that uses
// every feature the framework has, and grows with it.
//
//	go run ./examples/mysite                          # serves on 127.0.0.1:8000
//	go run ./examples/mysite runserver 127.0.0.1:9001 # another address
//	go run ./examples/mysite help                     # every command
//
// The settings are in settings.go, the URLconf in urls.go and the views in
// views.go; the articles app (articles/) brings its own templates and
// static files.
package main

import "github.com/jazzgo/jazz"

func main() { jazz.Run(Settings()) }
