package smtpmail_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// The in-process SMTP server the tests talk to: go-smtp with STARTTLS or
// implicit TLS, AUTH PLAIN, and recipients starting with "nobody" refused.

const (
	testUser = "jazz"
	testPass = "correct horse"
)

// received is one message as the server got it.
type received struct {
	From string
	To   []string
	Data []byte
}

type testServer struct {
	Addr  string
	Host  string
	Port  int
	Roots *x509.CertPool

	mu    sync.Mutex
	msgs  []received
	conns map[*smtp.Conn]bool
	// clientCert is the subject CN of the last client certificate seen.
	clientCert string
}

func (s *testServer) Messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

func (s *testServer) Raw() [][]byte {
	var out [][]byte
	for _, m := range s.Messages() {
		out = append(out, m.Data)
	}
	return out
}

func (s *testServer) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

func (s *testServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	// go-smtp starts a new session after STARTTLS; count connections.
	if s.conns == nil {
		s.conns = map[*smtp.Conn]bool{}
	}
	s.conns[c] = true
	if st, ok := c.TLSConnectionState(); ok && len(st.PeerCertificates) > 0 {
		s.clientCert = st.PeerCertificates[0].Subject.CommonName
	}
	s.mu.Unlock()
	return &session{srv: s}, nil
}

type session struct {
	srv  *testServer
	auth bool
	cur  received
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != testUser || password != testPass {
			return smtp.ErrAuthFailed
		}
		s.auth = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.auth {
		return smtp.ErrAuthRequired
	}
	s.cur = received{From: from}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(to, "nobody") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = b
	s.srv.mu.Lock()
	s.srv.msgs = append(s.srv.msgs, s.cur)
	s.srv.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }

type pki struct {
	roots      *x509.CertPool
	serverCert tls.Certificate
	caCert     *x509.Certificate
	caKey      *ecdsa.PrivateKey
}

// newPKI makes a CA and a server certificate for 127.0.0.1 and localhost.
func newPKI(t *testing.T) *pki {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Jazz Test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	p := &pki{roots: x509.NewCertPool(), caCert: ca, caKey: caKey}
	p.roots.AddCert(ca)
	certPEM, keyPEM := p.issue(t, "localhost", x509.ExtKeyUsageServerAuth)
	p.serverCert, err = tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// issue signs a leaf certificate and returns it and its key as PEM.
func (p *pki) issue(t *testing.T, cn string, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.caCert, &key.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
}

// writeClientCert writes a client certificate and key to files.
func (p *pki) writeClientCert(t *testing.T) (certFile, keyFile string) {
	certPEM, keyPEM := p.issue(t, "jazz-client", x509.ExtKeyUsageClientAuth)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

type serverMode int

const (
	startTLS serverMode = iota
	implicitTLS
)

// startServer runs a go-smtp server on a loopback port until the test ends.
func startServer(t *testing.T, p *pki, mode serverMode, requireClientCert bool) *testServer {
	t.Helper()
	ts := &testServer{Roots: p.roots}
	srv := smtp.NewServer(ts)
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.AllowInsecureAuth = false
	cfg := &tls.Config{Certificates: []tls.Certificate{p.serverCert}, MinVersion: tls.VersionTLS12}
	if requireClientCert {
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		cfg.ClientCAs = p.roots
	}
	srv.TLSConfig = cfg
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if mode == implicitTLS {
		l = tls.NewListener(l, cfg)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l) // returns an error once closed; nothing to report
	}()
	t.Cleanup(func() {
		// Closing the listener too: Close alone misses a Serve that has
		// not registered it yet.
		srv.Close()
		l.Close()
		<-done
	})
	ts.Addr = l.Addr().String()
	host, port, _ := net.SplitHostPort(ts.Addr)
	ts.Host = host
	ts.Port, _ = strconv.Atoi(port)
	return ts
}

func flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}
