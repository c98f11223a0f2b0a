// Package techempower holds the two implementations the benchmarks compare: the
// TechEmpower json and plaintext endpoints as Jazz views in a full project,
// and as a bare net/http mux with encoding/json.
package techempower

import (
	"encoding/json"
	"net/http"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

type message struct {
	Message string `json:"message"`
}

const hello = "Hello, World!"

// JazzProject returns a project with the default middleware chain
// (request id, request log, recover, security, common with the host check,
// X-Frame-Options) in front of the two views. The request logger is set to
// warn so the per-request line is skipped, as a production site sending
// its access log elsewhere would; everything else runs as it would for
// any request.
func JazzProject() (*jazz.Project, error) {
	return jazz.New(jazz.Settings{
		Name:         "bench",
		SecretKey:    "bench-secret-key-not-for-production-0123456789-abcdefghijklmnop",
		AllowedHosts: []string{"127.0.0.1", "localhost"},
		LogOutput:    "discard",
		LogLevels:    map[string]string{"jazz.server": "warn"},
		URLs: []urls.Pattern{
			urls.Path("json", jazzJSON, "json"),
			urls.Path("plaintext", jazzPlaintext, "plaintext"),
		},
	})
}

func jazzJSON(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Server", "jazz")
	return web.JSON(w, http.StatusOK, message{hello})
}

func jazzPlaintext(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Server", "jazz")
	return web.Text(w, http.StatusOK, hello)
}

// Raw returns the same endpoints on a bare http.ServeMux.
func Raw() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "raw")
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(message{hello})
	})
	mux.HandleFunc("GET /plaintext", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "raw")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(hello))
	})
	return mux
}
