package checks_test

import (
	"context"
	"os"

	"github.com/jazzgo/jazz/checks"
)

func ExampleRegistry() {
	hstsSeconds, debug := 0, true

	reg := checks.New()
	reg.Register(
		checks.Check{
			Name: "security.hsts", Tags: []string{"security"}, Deploy: true,
			Func: func(context.Context) []checks.Message {
				if hstsSeconds == 0 {
					return []checks.Message{{Level: checks.Warning, ID: "security.W004",
						Msg:  "You have not set a value for the SECURE_HSTS_SECONDS setting.",
						Hint: "Set SecureHSTSSeconds once the whole site is served over HTTPS."}}
				}
				return nil
			},
		},
		checks.Check{
			Name: "security.debug", Tags: []string{"security"}, Deploy: true,
			Func: func(context.Context) []checks.Message {
				if debug {
					return []checks.Message{{Level: checks.Warning, ID: "security.W018",
						Msg: "You should not have DEBUG set to True in deployment."}}
				}
				return nil
			},
		},
	)

	msgs := reg.Run(context.Background(), checks.RunOptions{IncludeDeploy: true})
	kept, silenced := checks.Silence(msgs, []string{"security.W018"})
	checks.Report(os.Stdout, kept, silenced)
	os.Stdout.WriteString("failed at WARNING: ")
	if checks.Failed(kept, checks.Warning) {
		os.Stdout.WriteString("yes\n")
	}
	// Output:
	// System check identified some issues:
	//
	// WARNINGS:
	// ?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.
	// 	HINT: Set SecureHSTSSeconds once the whole site is served over HTTPS.
	//
	// System check identified 1 issue (1 silenced).
	// failed at WARNING: yes
}
