#!/usr/bin/env bash
# makemigrations on a large project: 50 models with 10 fields each (500
# fields, a foreign key in every model after the first), with an initial
# migration already written, so the run finds no changes. It times the
# whole command as a user runs it — process start, loading and replaying
# the migrations, reading the model registry, comparing — and reports the
# median of the runs. Usage: bench/makemigrations.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
repo=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed 's/^module .*/module example.com\/big/' go.mod >"$tmp/go.mod"
printf '\nrequire github.com/jazzgo/jazz v0.0.0\n\nreplace github.com/jazzgo/jazz => %s\n' "$repo" >>"$tmp/go.mod"
cp go.sum "$tmp/go.sum"
mkdir -p "$tmp/shop"
cat >"$tmp/main.go" <<'GO'
package main

import (
	"github.com/jazzgo/jazz"
	"github.com/jazzgo/jazz/apps"

	"example.com/big/shop"
)

func main() {
	jazz.Run(jazz.Settings{InstalledApps: []apps.App{shop.App}, SecretKey: "bench-secret-key-bench-secret-key-bench-secret"})
}
GO
{
	echo 'package shop'
	echo
	echo 'import ('
	echo '	"time"'
	echo
	echo '	"github.com/jazzgo/jazz/apps"'
	echo '	"github.com/jazzgo/jazz/orm"'
	echo ')'
	echo
	echo 'type app struct{ apps.Base }'
	echo
	echo 'var App apps.App = &app{apps.Base{Name: "shop"}}'
	echo
	models=""
	for i in $(seq 1 50); do
		echo "type Model$i struct {"
		echo '	orm.Model'
		echo '	Name      string    `jazz:"max_length=100"`'
		echo '	Slug      string    `jazz:"slug,max_length=100,unique"`'
		echo '	Body      string    `jazz:"blank"`'
		echo '	Count     int64     `jazz:"default=0"`'
		echo '	Price     float64   `jazz:"default=0"`'
		echo '	Active    bool      `jazz:"default=true"`'
		echo '	Created   time.Time `jazz:"auto_now_add"`'
		echo '	Note      *string   `jazz:"max_length=200"`'
		if [ "$i" -gt 1 ]; then
			echo "	Parent    orm.ForeignKey[Model$((i - 1))] \`jazz:\"on_delete=cascade\"\`"
		else
			echo '	Code      string    `jazz:"max_length=20,index"`'
		fi
		echo '}'
		echo
		models="$models(*Model$i)(nil), "
	done
	echo "func (*app) Models() []any { return []any{$models} }"
} >"$tmp/shop/models.go"
gofmt -w "$tmp/shop/models.go"

build() { (cd "$tmp" && GOFLAGS=-mod=mod GOWORK=off go build -o "$tmp/big" .); }
build
(cd "$tmp" && DATABASE_URL="sqlite:///$tmp/big.db" ./big makemigrations >/dev/null)
cat >"$tmp/shop/app.go" <<'GO'
package shop

import (
	"github.com/jazzgo/jazz/migrate"

	"example.com/big/shop/migrations"
)

func (*app) Migrations() []*migrate.Migration { return migrations.All() }
GO
build
out=$(cd "$tmp" && DATABASE_URL="sqlite:///$tmp/big.db" ./big makemigrations --check)
[ "$out" = "No changes detected" ] || { echo "expected no changes, got: $out" >&2; exit 1; }
for _ in $(seq "$runs"); do
	start=$(date +%s%N)
	(cd "$tmp" && DATABASE_URL="sqlite:///$tmp/big.db" ./big makemigrations --check >/dev/null)
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
done | sort -n | awk '{a[NR]=$1} END {printf "makemigrations --check, 50 models / 500 fields, no changes: median %d ms, min %d ms, max %d ms (%d runs)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
