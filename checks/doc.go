// Package checks is Jazz's system-check framework, after Django's
// core.checks: small functions that inspect a project's configuration at
// start-up and by the check command, and report problems as [Message]
// values with a level, an ID that can be silenced, and a hint.
//
//	reg := checks.New()
//	reg.Register(checks.Check{
//		Name: "security.hsts", Tags: []string{"security"}, Deploy: true,
//		Func: func(ctx context.Context) []checks.Message {
//			if settings.SecureHSTSSeconds == 0 {
//				return []checks.Message{{Level: checks.Warning, ID: "security.W004",
//					Msg: "You have not set a value for the SECURE_HSTS_SECONDS setting."}}
//			}
//			return nil
//		},
//	})
//	msgs := reg.Run(ctx, checks.RunOptions{IncludeDeploy: true})
//	checks.Report(os.Stderr, msgs, 0)
//
// Apps contribute checks by implementing [Provider]; a project registers
// them with [Registry.RegisterApps]. At start-up the project runs the
// non-deploy checks and refuses to start on any message at [Error] or
// above ([Failed]). The check command (manage.CheckCommand) runs them on
// demand, with --deploy for the production checks.
//
// IDs follow Django's convention: area, dot, the level's initial, a
// three-digit number ("security.W004", "urls.E001"). A project silences a
// finding it has decided to accept by listing its ID in its settings
// (SilencedSystemChecks), which [RunOptions].Silenced and [Silence] apply.
package checks
