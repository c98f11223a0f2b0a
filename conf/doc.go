// Package conf holds what settings need beyond plain Go values: the
// [Secret] type that never prints its value, environment overrides for
// twelve-factor deployment ([ApplyEnv]), and a masked listing of settings
// for the debug page and diffsettings-style output ([Describe]).
//
//	type Settings struct {
//		Debug        bool
//		SecretKey    conf.Secret
//		AllowedHosts []string
//		DatabaseURL  string `env:"DATABASE_URL"`
//	}
//
//	s := Settings{AllowedHosts: []string{"localhost"}}
//	if err := conf.ApplyEnv(&s, os.Environ()); err != nil {
//		log.Fatal(err) // names every bad or unknown JAZZ_* variable
//	}
//
// # Environment variables
//
// Every exported field is read from JAZZ_<NAME_IN_UPPER_SNAKE_CASE>
// ([EnvName]: SecureHSTSSeconds is JAZZ_SECURE_HSTS_SECONDS) or from the
// variable its env tag names; env:"-" keeps a field out of the environment.
// Lists are comma-separated, maps are "k=v,k2=v2", durations are Go syntax
// or a number of seconds. A JAZZ_* variable that no field reads is an error
// with a suggestion, so a typo cannot silently leave a production site in
// debug mode.
//
// # Secrets
//
// A [Secret] prints as ******** through fmt, encoding/json, encoding/xml
// and log/slog. [Describe] also masks fields whose names look secret
// ([LooksSecret]) and passwords inside URLs ([MaskURL]).
//
// Nothing in this package holds state; every function is safe for
// concurrent use. ApplyEnv and Describe use reflection and are meant for
// start-up and for pages shown to developers, not for request paths.
package conf
