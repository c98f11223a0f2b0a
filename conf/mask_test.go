package conf

import "testing"

func TestLooksSecretNames(t *testing.T) {
	secret := []string{"SecretKey", "SECRET_KEY", "db_password", "EMAIL_HOST_PASSWORD", "passphrase", "X-Api-Key",
		"api", "AccessToken", "csrftoken", "SIGNATURE", "Authorization", "AWS_CREDENTIALS", "SENTRY_DSN", "key"}
	plain := []string{"", "Debug", "ALLOWED_HOSTS", "TimeZone", "STATIC_URL", "name", "email"}
	for _, n := range secret {
		if !LooksSecret(n) {
			t.Errorf("LooksSecret(%q) = false", n)
		}
	}
	for _, n := range plain {
		if LooksSecret(n) {
			t.Errorf("LooksSecret(%q) = true", n)
		}
	}
}

func TestMaskURLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://app:s3cret@db.internal:5432/site?sslmode=require", "postgres://app:********@db.internal:5432/site?sslmode=require"},
		{"redis://:pw@cache:6379/0", "redis://:********@cache:6379/0"},
		{"smtp://user@mail.example:587", "smtp://user@mail.example:587"},
		{"sqlite:///var/db.sqlite3", "sqlite:///var/db.sqlite3"},
		{"https://example.com/a@b", "https://example.com/a@b"},
		{"just text", "just text"},
		{"", ""},
		{"mysql://u:p/ss#w@db/x", "mysql://u:********@db/x"},
		{"postgres://u:p@ss@db/x", "postgres://u:********@db/x"},
		{"redis://:a@h1,redis://:b@h2", "redis://:********@h1,redis://:********@h2"},
		{"redis://cache:6379/0?password=hunter2&db=1", "redis://cache:6379/0?password=********&db=1"},
		{"smtps://mail.example?tls=1&api_key=abc#frag", "smtps://mail.example?tls=1&api_key=********#frag"},
		{"https://host/?token=x", "https://host/?token=********"},
		{"https://host:8080/?next=a@b", "https://host:********@b"}, // ambiguous: hides too much, never too little
		{`dsn="postgres://u:p@h/db" other`, `dsn="postgres://u:********@h/db" other`},
	}
	for _, tt := range tests {
		if got := MaskURL(tt.in); got != tt.want {
			t.Errorf("MaskURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
