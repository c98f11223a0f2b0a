package jazz

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jazzgo/jazz/conf"
)

// validate checks the settings that can be wrong on their own, and returns
// every problem at once, each naming the setting and its variable.
func (s *Settings) validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("jazz: setting %s (%s): %s", field, conf.EnvName(field), fmt.Sprintf(format, args...)))
	}
	for _, f := range []struct{ name, v string }{{"StaticURL", s.StaticURL}, {"MediaURL", s.MediaURL}} {
		if !strings.HasPrefix(f.v, "/") || !strings.HasSuffix(f.v, "/") {
			bad(f.name, "%q must start and end with a slash, like \"/static/\"", f.v)
		}
	}
	if s.StaticURL == s.MediaURL {
		bad("MediaURL", "%q is also StaticURL; user uploads and static files need different URLs", s.MediaURL)
	}
	switch strings.ToUpper(s.XFrameOptions) {
	case "DENY", "SAMEORIGIN":
		s.XFrameOptions = strings.ToUpper(s.XFrameOptions)
	default:
		bad("XFrameOptions", "%q is not DENY or SAMEORIGIN", s.XFrameOptions)
	}
	if s.SecureProxySSLHeader != "" {
		name, value, ok := strings.Cut(s.SecureProxySSLHeader, ":")
		if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(value) == "" {
			bad("SecureProxySSLHeader", "%q must look like \"X-Forwarded-Proto: https\"", s.SecureProxySSLHeader)
		}
	}
	for _, e := range s.SecureRedirectExempt {
		if _, err := regexp.Compile(e); err != nil {
			bad("SecureRedirectExempt", "%q is not a regular expression: %v", e, err)
		}
	}
	if s.SecureHSTSSeconds < 0 {
		bad("SecureHSTSSeconds", "%d is negative", s.SecureHSTSSeconds)
	}
	if s.SecretKey == "" {
		bad("SecretKey", "is empty; set it to a long random string (it signs cookies and tokens)")
	}
	return errors.Join(errs...)
}
