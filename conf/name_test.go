package conf

import "testing"

func TestEnvName(t *testing.T) {
	for _, tc := range []struct{ field, want string }{
		{"Debug", "JAZZ_DEBUG"},
		{"StaticRoot", "JAZZ_STATIC_ROOT"},
		{"StaticURL", "JAZZ_STATIC_URL"},
		{"MediaRoot", "JAZZ_MEDIA_ROOT"},
		{"SessionFilePath", "JAZZ_SESSION_FILE_PATH"},
		{"SecureHSTSSeconds", "JAZZ_SECURE_HSTS_SECONDS"},
		{"SecureSSLRedirect", "JAZZ_SECURE_SSL_REDIRECT"},
		{"AllowedHosts", "JAZZ_ALLOWED_HOSTS"},
		{"SecretKey", "JAZZ_SECRET_KEY"},
		{"SecretKeyFallbacks", "JAZZ_SECRET_KEY_FALLBACKS"},
		{"CSRFTrustedOrigins", "JAZZ_CSRF_TRUSTED_ORIGINS"},
		{"CSRFCookieSecure", "JAZZ_CSRF_COOKIE_SECURE"},
		{"EmailUseTLS", "JAZZ_EMAIL_USE_TLS"},
		{"EmailUseSSL", "JAZZ_EMAIL_USE_SSL"},
		{"DatabaseURL", "JAZZ_DATABASE_URL"},
		{"XFrameOptions", "JAZZ_X_FRAME_OPTIONS"},
		{"SecureCSP", "JAZZ_SECURE_CSP"},
		{"SecureCSPReportOnly", "JAZZ_SECURE_CSP_REPORT_ONLY"},
		{"Argon2Memory", "JAZZ_ARGON2_MEMORY"},
		{"HTTP2Enabled", "JAZZ_HTTP2_ENABLED"},
		{"S3Bucket", "JAZZ_S3_BUCKET"},
		{"URL", "JAZZ_URL"},
		{"URLs", "JAZZ_URLS"},
		{"CacheURLs", "JAZZ_CACHE_URLS"},
		{"AllowedIPs", "JAZZ_ALLOWED_IPS"},
		{"IPsAllowed", "JAZZ_IPS_ALLOWED"},
		{"HTTPSOnly", "JAZZ_HTTPS_ONLY"},
		{"HTTPSettings", "JAZZ_HTTP_SETTINGS"},
		{"ID", "JAZZ_ID"},
		{"A", "JAZZ_A"},
		{"already_snake", "JAZZ_ALREADY_SNAKE"},
		{"Already_Snake", "JAZZ_ALREADY_SNAKE"},
		{"LogLevels", "JAZZ_LOG_LEVELS"},
		{"DataUploadMaxMemorySize", "JAZZ_DATA_UPLOAD_MAX_MEMORY_SIZE"},
		{"", ""},
	} {
		if got := EnvName(tc.field); got != tc.want {
			t.Errorf("EnvName(%q) = %q, want %q", tc.field, got, tc.want)
		}
	}
}
