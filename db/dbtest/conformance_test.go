package dbtest

import (
	"testing"

	"github.com/jazzgo/jazz/db"
)

func TestConformance(t *testing.T) {
	Each(t, func(t *testing.T, d *db.DB) { Conformance(t, d) })
}
