package storage_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/jazzgo/jazz/storage"
)

// Saving an upload: clean the client's name, save, keep the returned name.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "media")
	defer os.RemoveAll(dir)
	media, err := storage.NewFileSystem(storage.FileSystemOptions{Root: dir, BaseURL: "/media/"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer media.Close()

	name, err := media.Save(ctx, "covers/"+storage.SafeName("my cat.png"), strings.NewReader("meow"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(name, media.URL(name))

	// The same name again gets a new, unique name.
	again, _ := media.Save(ctx, name, strings.NewReader("purr"))
	fmt.Println(again != name, strings.HasPrefix(again, "covers/my_cat_"), strings.HasSuffix(again, ".png"))

	f, _ := media.Open(ctx, name)
	defer f.Close()
	b, _ := io.ReadAll(f)
	fmt.Println(string(b))
	// Output:
	// covers/my_cat.png /media/covers/my_cat.png
	// true true true
	// meow
}

func ExampleSafeName() {
	for _, s := range []string{"../../etc/passwd", `C:\Users\me\Holiday photo.JPG`, "evil\x00name\n.png", "CON.txt", "..."} {
		fmt.Printf("%q\n", storage.SafeName(s))
	}
	// Output:
	// "passwd"
	// "Holiday_photo.JPG"
	// "evilname.png"
	// "_CON.txt"
	// "file"
}

func ExampleHandler() {
	media := storage.NewMemory(storage.MemoryOptions{BaseURL: "/media/"})
	name, _ := media.Save(context.Background(), "notes/hello.txt", strings.NewReader("hello"))

	mux := http.NewServeMux()
	mux.Handle("/media/", http.StripPrefix("/media", storage.Handler(media)))

	for _, u := range []string{media.URL(name), "/media/missing.txt", "/media/notes"} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", u, nil))
		fmt.Println(u, w.Code, w.Header().Get("Content-Type"))
	}
	// Output:
	// /media/notes/hello.txt 200 text/plain; charset=utf-8
	// /media/missing.txt 404 text/plain; charset=utf-8
	// /media/notes 404 text/plain; charset=utf-8
}
