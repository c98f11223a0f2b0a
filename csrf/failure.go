package csrf

import (
	"html/template"
	"net/http"
)

// failurePage is the default answer to a refused request, modelled on
// Django's csrf_failure page: it says what happened to everyone, and why
// (with the usual causes) only in Debug.
var failurePage = template.Must(template.New("csrf").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE"><title>403 Forbidden</title></head>
<body>
<h1>Forbidden <span>(403)</span></h1>
<p>CSRF verification failed. Request aborted.</p>
{{- if .NoReferer}}
<p>You are seeing this message because this HTTPS site requires a Referer header to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>
<p>If you have configured your browser to disable Referer headers, please re-enable them, at least for this site, or for HTTPS connections, or for same-origin requests.</p>
{{- end}}
{{- if .NoCookie}}
<p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>
<p>If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for same-origin requests.</p>
{{- end}}
{{- if .Debug}}
<h2>Help</h2>
<p>Reason given for failure:</p>
<pre>{{.Reason}}</pre>
<p>In general, this can occur when there is a genuine Cross Site Request Forgery, or when the CSRF mechanism has not been used correctly. For POST forms, you need to ensure that:</p>
<ul>
<li>Your browser is accepting cookies.</li>
<li>The view passes a request to the template's render method, and the template uses {{"{{"}}csrf_input .request{{"}}"}} inside each POST form that targets an internal URL.</li>
<li>A form that posts with JavaScript sends the token in the X-CSRFToken header.</li>
<li>The form has a valid CSRF token. After logging in in another browser tab or hitting the back button after a login, you may need to reload the page with the form, because the token is rotated after a login.</li>
</ul>
<p>You're seeing the help section of this page because you have Debug on. Turn it off in production, and only the initial error message will be displayed.</p>
{{- else}}
<p>More information is available with Debug on.</p>
{{- end}}
</body>
</html>
`))

// writeFailure writes the default 403 page for reason.
func writeFailure(w http.ResponseWriter, reason string, debug bool) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusForbidden)
	_ = failurePage.Execute(w, struct {
		Reason              string
		Debug               bool
		NoReferer, NoCookie bool
	}{reason, debug, reason == ReasonNoReferer, reason == ReasonNoCookie})
}
