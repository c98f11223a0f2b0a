// Command server is the end-to-end benchmark target: the TechEmpower
// "json" and "plaintext" test types, served either through a full Jazz
// project (default middleware chain, router, error handling) or by a bare
// net/http handler, so the two can be measured side by side. See
// bench/README.md and bench/run.sh.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/jazzgo/jazz/bench/techempower"
)

func main() {
	mode := flag.String("mode", "jazz", "jazz or raw")
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()

	var h http.Handler
	switch *mode {
	case "jazz":
		p, err := techempower.JazzProject()
		if err != nil {
			log.Fatal(err)
		}
		h = p
	case "raw":
		h = techempower.Raw()
	default:
		fmt.Fprintf(os.Stderr, "unknown -mode %q (jazz or raw)\n", *mode)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s listening on %s\n", *mode, ln.Addr())
	log.Fatal(http.Serve(ln, h))
}
