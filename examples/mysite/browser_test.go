package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/examples/mysite/posts"
	"github.com/jazzgo/jazz/internal/testenv"
	"github.com/jazzgo/jazz/jazztest"
)

// page drives a headless Chromium against the site served on a real HTTP
// server: JavaScript runs, cookies are kept, CSRF is enforced.
type page struct {
	t    *testing.T
	ctx  context.Context
	base string
	p    *jazz.Project
}

func browser(t *testing.T) *page {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe := testenv.Chromium(t)
	p := jazztest.NewProject(t, testSettings(t))
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Flag("headless", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// The first action starts the browser, which lives as long as the
	// context of that call: give it one without a deadline.
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	t.Cleanup(cancel)
	return &page{t: t, ctx: ctx, base: srv.URL, p: p}
}

func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(sel))
	if err != nil {
		p.t.Fatal(err)
	}
	return strings.TrimSpace(s)
}

func (p *page) until(js string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		p.t.Fatalf("waiting for %s: %v", js, err)
	}
}

func TestBrowserLikeAndContact(t *testing.T) {
	b := browser(t)
	// The AJAX like: a fetch POST with the X-CSRFToken header.
	b.do(chromedp.Navigate(b.base+"/articles/2026/routing-with-converters/"), chromedp.WaitVisible("#like"), chromedp.Click("#like"))
	b.until(`document.getElementById("likes").textContent === "1"`)
	// Kept: the count is in the database.
	b.do(chromedp.Reload(), chromedp.WaitVisible("#likes"))
	if got := b.text("#likes"); got != "1" {
		t.Errorf("likes after reloading = %q, want 1", got)
	}
	// A form with its CSRF token, then the flash message after the redirect.
	b.do(chromedp.Navigate(b.base+"/contact/"),
		chromedp.SendKeys("#id_name", "Ann"),
		chromedp.SendKeys("#id_email", "ann@example.com"),
		chromedp.SendKeys("#id_message", "Hello from a browser"),
		chromedp.Submit("#id_message"),
		chromedp.WaitVisible(".alert-success"))
	if got := b.text(".alert-success"); !strings.Contains(got, "Thank you, Ann") {
		t.Errorf("alert = %q", got)
	}
}

// The browser scenario: log in through the form, see the message,
// use the AJAX action, reload and see the result kept.
func TestBrowserLoginMessageAndLike(t *testing.T) {
	b := browser(t)
	if _, err := auth.CreateUser(b.p.Context(context.Background()), "bea", "bea@example.com", "a long secret phrase"); err != nil {
		t.Fatal(err)
	}
	// A members-only page sends the anonymous visitor to the login form...
	b.do(chromedp.Navigate(b.base+"/members/"), chromedp.WaitVisible("#id_username"),
		chromedp.SendKeys("#id_username", "bea"),
		chromedp.SendKeys("#id_password", "a long secret phrase"),
		chromedp.Submit("#id_password"),
		// ...and back, logged in, with the flash message.
		chromedp.WaitVisible("#members"))
	if got := b.text(".alert-success"); !strings.Contains(got, "You are now logged in as bea") {
		t.Errorf("message = %q", got)
	}
	if got := b.text("#username"); got != "bea" {
		t.Errorf("navigation shows %q", got)
	}
	b.do(chromedp.Navigate(b.base+"/articles/2026/static-files/"), chromedp.WaitVisible("#like"), chromedp.Click("#like"))
	b.until(`document.getElementById("likes").textContent === "1"`)
	b.do(chromedp.Reload(), chromedp.WaitVisible("#likes"))
	if got := b.text("#likes"); got != "1" {
		t.Errorf("likes after reloading = %q, want 1", got)
	}
	if got := b.text("#username"); got != "bea" {
		t.Errorf("still logged in after reloading? navigation shows %q", got)
	}
}

// The posts scenario: create a post with an image through the form, see
// the validation errors on bad input, edit it, delete it after the
// confirmation page.
func TestBrowserPostWithImage(t *testing.T) {
	b := browser(t)
	ctx := b.p.Context(context.Background())
	if _, err := auth.CreateUser(ctx, "cy", "cy@example.com", "a long secret phrase"); err != nil {
		t.Fatal(err)
	}
	cover := filepath.Join(t.TempDir(), "cover.png")
	if err := os.WriteFile(cover, pngBytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Navigate(b.base+"/posts/new/"), chromedp.WaitVisible("#id_username"),
		chromedp.SendKeys("#id_username", "cy"),
		chromedp.SendKeys("#id_password", "a long secret phrase"),
		chromedp.Submit("#id_password"),
		chromedp.WaitVisible("#post-form"),
		// Bad input first: a slug with spaces, no body.
		chromedp.SendKeys("#id_title", "Seen from a browser"),
		chromedp.SendKeys("#id_slug", "not a slug"),
		chromedp.Click("#save"),
		chromedp.WaitVisible(".invalid-feedback"))
	if got := b.text("#id_slug_error"); got == "" {
		t.Errorf("no error under the slug")
	}
	b.do(chromedp.Clear("#id_slug"), chromedp.SendKeys("#id_slug", "seen-from-a-browser"),
		chromedp.SendKeys("#id_body", "Written in headless Chromium."),
		chromedp.SetUploadFiles("#id_cover", []string{cover}),
		chromedp.Click("#save"),
		chromedp.WaitVisible("#post-title"))
	if got := b.text("#post-title"); got != "Seen from a browser" {
		t.Errorf("title = %q", got)
	}
	b.until(`document.getElementById("cover") !== null && document.getElementById("cover").getAttribute("src").startsWith("/media/covers/")`)

	b.do(chromedp.Click("#edit"), chromedp.WaitVisible("#post-form"),
		chromedp.Clear("#id_title"), chromedp.SendKeys("#id_title", "Edited in a browser"),
		chromedp.Click("#save"), chromedp.WaitVisible("#post-title"))
	if got := b.text("#post-title"); got != "Edited in a browser" {
		t.Errorf("title after editing = %q", got)
	}
	b.do(chromedp.Click("#delete"), chromedp.WaitVisible("#confirm-delete"),
		chromedp.Click("#confirm-delete"), chromedp.WaitVisible("#new-post"))
	if n, err := posts.Posts.Count(ctx); err != nil || n != 0 {
		t.Errorf("posts left: %d, %v", n, err)
	}
}
