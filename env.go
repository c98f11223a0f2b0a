package jazz

import (
	"fmt"

	"github.com/jazzgo/jazz/conf"
)

// FromEnv returns s with the overrides found in environ (os.Environ()
// format): JAZZ_<SETTING> for every scalar and list setting, and the
// operator URLs (DATABASE_URL, CACHE_URL, EMAIL_URL) as the backends that
// read them arrive. A malformed value, or a JAZZ_ variable that names no
// setting, is an error naming the variable.
func FromEnv(s Settings, environ []string) (Settings, error) {
	if err := conf.ApplyEnv(&s, environ); err != nil {
		return s, fmt.Errorf("jazz: environment: %w", err)
	}
	return s, nil
}
