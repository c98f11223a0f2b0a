package signing_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/jazzgo/jazz/signing"
)

// The key below is the one the Django test vectors use; a real site takes
// its SecretKey from settings.
const secret = "jazz-interop-test-secret-key-0123456789-DO-NOT-USE-IN-PRODUCTION"

func Example() {
	s, err := signing.New(signing.Options{Key: secret})
	if err != nil {
		panic(err)
	}
	signed := s.Sign("hello")
	fmt.Println(signed)

	v, err := s.Unsign(signed)
	fmt.Println(v, err)

	_, err = s.Unsign("hellO" + signed[5:])
	fmt.Println(errors.Is(err, signing.ErrBadSignature))
	// Output:
	// hello:u1rAwv7O1chf-qUk7fUq1q53p6rs__4SxgiMl4V-47c
	// hello <nil>
	// true
}

func ExampleTimestampSigner() {
	signedAt := time.Unix(1700000000, 0)
	ts, _ := signing.NewTimestampSigner(signing.Options{
		Key: secret,
		Now: func() time.Time { return signedAt },
	})
	signed := ts.Sign("hello")
	fmt.Println(signed)

	// An hour later the value is too old for a 10-minute limit.
	later, _ := signing.NewTimestampSigner(signing.Options{
		Key: secret,
		Now: func() time.Time { return signedAt.Add(time.Hour) },
	})
	_, err := later.Unsign(signed, 10*time.Minute)
	fmt.Println(errors.Is(err, signing.ErrSignatureExpired), errors.Is(err, signing.ErrBadSignature))
	v, err := later.Unsign(signed, 2*time.Hour)
	fmt.Println(v, err)
	// Output:
	// hello:1r31eq:NtHBd_JsKA9VnYPVsx5mAqD9pr5DEWJx0FK3VUNYICg
	// true true
	// hello <nil>
}

func ExampleCodec() {
	c, _ := signing.NewCodec(signing.Options{
		Key:  secret,
		Salt: "my.app.salt",
		Now:  func() time.Time { return time.Unix(1700000000, 0) },
	})
	type claim struct {
		UserID int    `json:"user_id"`
		Role   string `json:"role"`
	}
	// What Django's signing.dumps({"user_id": 42, "role": "admin"},
	// salt="my.app.salt") returns at the same moment:
	s, _ := c.Dumps(claim{42, "admin"})
	fmt.Println(s)

	var back claim
	err := c.Loads(s, time.Hour, &back)
	fmt.Println(back, err)

	var anything any // numbers come back as json.Number
	c.Loads(s, 0, &anything)
	fmt.Println(anything)
	// Output:
	// eyJ1c2VyX2lkIjo0Miwicm9sZSI6ImFkbWluIn0:1r31eq:RJb8XMDjZpJvIcXLCPzrpcltLyu8yrZJaXt_fSWKJDY
	// {42 admin} <nil>
	// map[role:admin user_id:42]
}

func ExampleEncodeBase62() {
	fmt.Println(signing.EncodeBase62(1700000000))
	n, err := signing.DecodeBase62("1r31eq")
	fmt.Println(n, err)
	// Output:
	// 1r31eq
	// 1700000000 <nil>
}
