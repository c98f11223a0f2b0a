package auth_test

import (
	"testing"
	"time"

	"github.com/jazzgo/jazz/auth"
	"github.com/jazzgo/jazz/jazztest"
)

func TestThrottleLocksOut(t *testing.T) {
	eachDB(t, func(t *testing.T, dialect string) {
		cfg := testConfig(t)
		cfg.Throttle = auth.Throttle{MaxFailures: 3, Window: time.Minute, LockFor: 300 * time.Millisecond}
		s := newSite(t, dialect, cfg)
		s.user("gina", "s3cret-Pass", nil)
		s.user("hank", "s3cret-Pass", nil)
		a := jazztest.NewClient(t, withRemoteAddr(s.p, "192.0.2.10:1000"))
		c := jazztest.NewClient(t, withRemoteAddr(s.p, "192.0.2.11:1000"))

		// Two failures, then a success, clear the username's count (not
		// the address's).
		login(a, "gina", "wrong").AssertStatus(401)
		login(a, "gina", "wrong").AssertStatus(401)
		login(a, "gina", "s3cret-Pass").AssertStatus(200)
		login(c, "gina", "wrong").AssertStatus(401)
		login(c, "gina", "wrong").AssertStatus(401)
		login(c, "gina", "wrong").AssertStatus(401) // the third: locked from now on
		// Even the right password is refused while locked.
		login(c, "gina", "s3cret-Pass").AssertStatus(429)

		// The same client address reached its limit too: another account
		// from it is refused, from another address it is not.
		login(c, "hank", "s3cret-Pass").AssertStatus(429)
		other := jazztest.NewClient(t, withRemoteAddr(s.p, "198.51.100.7:4000"))
		login(other, "hank", "s3cret-Pass").AssertStatus(200)
		time.Sleep(350 * time.Millisecond)
		login(c, "gina", "s3cret-Pass").AssertStatus(200)
		login(c, "hank", "s3cret-Pass").AssertStatus(200)
	})
}

func TestThrottlePerUsernameAcrossAddresses(t *testing.T) {
	cfg := testConfig(t)
	cfg.Throttle = auth.Throttle{MaxFailures: 2, Window: time.Minute, LockFor: time.Minute}
	s := newSite(t, "sqlite", cfg)
	s.user("ivy", "s3cret-Pass", nil)
	for _, addr := range []string{"192.0.2.1:1000", "192.0.2.2:1000"} {
		c := jazztest.NewClient(t, withRemoteAddr(s.p, addr))
		login(c, "ivy", "wrong").AssertStatus(401)
	}
	c := jazztest.NewClient(t, withRemoteAddr(s.p, "192.0.2.3:1000"))
	login(c, "ivy", "s3cret-Pass").AssertStatus(429)
}
