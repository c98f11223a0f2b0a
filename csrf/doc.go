// Package csrf protects a site against cross-site request forgery the way
// Django's CsrfViewMiddleware does, with tokens, cookies and failure
// reasons a Django site shares:
//
//	protect := csrf.Middleware(csrf.Options{
//		TrustedOrigins: []string{"https://*.example.com"},
//		CookieSecure:   true,
//	})
//	http.ListenAndServe(":8000", protect(mux))
//
// and in a template (with [Funcs] added to the engine):
//
//	<form method="post">{{csrf_input .request}} ... </form>
//
// # How it works
//
// Each browser gets a random 32-character secret in the "csrftoken" cookie
// (or in its session, with Options.UseSessions). Pages embed a token: the
// secret masked with a fresh random 32-character pad, so the 64-character
// token differs on every page and a compression side channel (BREACH)
// cannot recover it. On a POST, PUT, PATCH, DELETE or any other unsafe
// method the middleware
//
//  1. checks the Origin header, when there is one, against the request's
//     own origin and Options.TrustedOrigins ("https://app.example.com",
//     or "https://*.example.com" for a domain and its subdomains);
//  2. without an Origin, on HTTPS, requires a Referer that is https and of
//     the same host, a trusted origin, or under Options.CookieDomain;
//  3. unmasks the token from the "csrfmiddlewaretoken" form field, or else
//     from the X-CSRFToken header, and compares it with the secret in
//     constant time.
//
// A failure answers 403 with one of Django's reasons ("CSRF cookie not
// set.", "CSRF token missing.", "CSRF token from POST incorrect.",
// "Origin checking failed - https://evil.example does not match any
// trusted origins."...), logged at WARN and shown on the page only with
// Options.Debug; Options.FailureView replaces the page.
//
// # Django compatibility
//
// Both cookie forms are read: the 32-character secret Django 4.1+ writes
// and the 64-character masked token of Django 3.2 and earlier; both token
// forms too. The cookie is written unmasked by default, as Django 4.1+
// does; Options.CookieMasked writes the masked form, for a site sharing
// the cookie with Django 3.2 (which re-masks a raw cookie anyway). The
// session key is Django's "_csrftoken". The vectors in csrf.json, made by
// a real Django, pass in this package's tests.
//
// Where Jazz differs: Django 3.2 reports every token problem as "CSRF
// token missing or incorrect."; Jazz gives Django 4.x's precise reasons. A
// malformed cookie is replaced by a fresh one at once (4.1+ behaviour).
//
// # Sec-Fetch-Site and http.CrossOriginProtection
//
// The standard library's [http.CrossOriginProtection] refuses cross-origin
// browser requests by their Sec-Fetch-Site or Origin header. This package
// does not use it: browsers send Origin with every unsafe cross-origin
// request, so Sec-Fetch-Site adds no information here, and
// CrossOriginProtection has neither Django's wildcard trusted origins nor
// its reasons, and lets requests without either header through, where
// Django's HTTPS Referer rule and token check still apply. A site that
// wants it anyway can put it in front of this middleware.
//
// # Tokens in views and templates
//
// [Token] returns a freshly masked token and makes the response send the
// cookie; [Rotate] replaces the secret (login does, so a token learned
// before login is useless after). [Funcs] provides csrf_input and
// csrf_token for templates and [ContextProcessor] a lazy .csrf_token, for
// a meta tag or a script that sets the X-CSRFToken header. Both must run
// before the response starts, since the cookie is a header.
//
// # Exemptions
//
// [Exempt] marks a view (a webhook, say) that unsafe requests reach
// without a token. The middleware sits in front of the router, so it sees
// exemptions through Options.Resolve, which the project wires to its
// router. Test clients can mark a request's context with [WithoutChecks],
// as Django's test client skips the checks.
package csrf
