package smtpmail

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jazzgo/jazz/mail"
)

func init() {
	mail.Register("smtp", func(u *url.URL) (mail.Backend, error) { return openURL(u, false) })
	mail.Register("smtps", func(u *url.URL) (mail.Backend, error) { return openURL(u, true) })
}

// ParseURL turns an EMAIL_URL into Options:
//
//	smtp://user:pass@host:587?tls=starttls   STARTTLS (EmailUseTLS)
//	smtp://host:25?tls=none                  no TLS (the default for smtp://)
//	smtps://user:pass@host:465               implicit TLS (EmailUseSSL)
//
// Other parameters: timeout (a Go duration or seconds), cert and key
// (client certificate files), helo. User and password are URL-decoded,
// so a password with "@" or "/" is written %40 or %2F. Unknown
// parameters are errors.
func ParseURL(u *url.URL) (Options, error) {
	var o Options
	switch strings.ToLower(u.Scheme) {
	case "smtp":
	case "smtps":
		o.UseSSL = true
	default:
		return o, fmt.Errorf("smtpmail: scheme %q is not smtp or smtps", u.Scheme)
	}
	o.Host = u.Hostname()
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return o, fmt.Errorf("smtpmail: bad port %q", p)
		}
		o.Port = n
	}
	if u.User != nil {
		o.Username = u.User.Username()
		o.Password, _ = u.User.Password()
	}
	for k, vs := range u.Query() {
		v := vs[len(vs)-1]
		switch k {
		case "tls":
			switch strings.ToLower(v) {
			case "starttls":
				o.UseTLS = true
			case "none", "":
			case "ssl", "implicit":
				o.UseSSL = true
			default:
				return o, fmt.Errorf("smtpmail: tls=%q; use starttls or none (or the smtps:// scheme for implicit TLS)", v)
			}
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil {
				secs, serr := strconv.ParseFloat(v, 64)
				if serr != nil {
					return o, fmt.Errorf("smtpmail: timeout=%q; use a duration such as 10s", v)
				}
				d = time.Duration(secs * float64(time.Second))
			}
			o.Timeout = d
		case "cert":
			o.CertFile = v
		case "key":
			o.KeyFile = v
		case "helo":
			o.HELO = v
		default:
			return o, fmt.Errorf("smtpmail: unknown EMAIL_URL parameter %q; known: tls, timeout, cert, key, helo", k)
		}
	}
	return o, nil
}

func openURL(u *url.URL, _ bool) (mail.Backend, error) {
	o, err := ParseURL(u)
	if err != nil {
		return nil, err
	}
	b, err := New(o)
	if err != nil {
		return nil, err
	}
	return b, nil
}
