// Package jazztest is Jazz's test kit, what Django's test client and
// TestCase give: build a project for a test, drive it in-process with a
// client that keeps cookies and follows redirects, and check responses,
// including which templates they rendered and with what context.
//
//	func TestHome(t *testing.T) {
//		p := jazztest.NewProject(t, mysite.Settings())
//		c := jazztest.NewClient(t, p)
//		c.Get("/").AssertStatus(200).AssertTemplateUsed("home.html").AssertContains("Welcome")
//		c.Post("/contact/", url.Values{"email": {"a@example.com"}}).AssertRedirects(302, "/thanks/")
//	}
//
// Requests go to the host [Host] ("testserver"), which NewProject adds to
// AllowedHosts. Nothing listens on a port, so tests run in parallel freely.
package jazztest
