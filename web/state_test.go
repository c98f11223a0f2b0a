package web

import (
	"context"
	"net/http/httptest"
	"testing"
)

type valueKey struct{}

func TestSiteValuesReachRequests(t *testing.T) {
	site := &Site{Values: context.WithValue(context.Background(), valueKey{}, "db-handle")}
	r := WithSite(httptest.NewRequest("GET", "/", nil), site)
	if got := r.Context().Value(valueKey{}); got != "db-handle" {
		t.Fatalf("site value = %v", got)
	}
	// A value set closer to the view wins over the site's.
	r2 := r.WithContext(context.WithValue(r.Context(), valueKey{}, "tx"))
	if got := r2.Context().Value(valueKey{}); got != "tx" {
		t.Fatalf("inner value = %v", got)
	}
	if SiteOf(r2) != site {
		t.Fatal("site lost")
	}
	// Request id and route slots are filled in place.
	if r3 := WithRequestID(r, "abc"); r3 != r || RequestID(r) != "abc" {
		t.Fatalf("request id: same request %v, id %q", r3 == r, RequestID(r))
	}
	if !AttachRoute(r, 42) || AttachedRoute(r2) != 42 {
		t.Fatal("route slot")
	}
	bare := httptest.NewRequest("GET", "/", nil)
	if AttachRoute(bare, 1) || AttachedRoute(bare) != nil {
		t.Fatal("a request without state has no route slot")
	}
	if r4 := WithRequestID(bare, "x"); r4 == bare || RequestID(r4) != "x" {
		t.Fatal("request id without state")
	}
}
