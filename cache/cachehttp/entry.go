package cachehttp

import (
	"encoding/binary"
	"errors"
	"net/http"
)

// A stored page is one byte string, so that a hit costs one cache read
// and one pass over it, with no serializer:
//
//	byte     format version (entryVersion)
//	uvarint  status
//	varint   expiry, Unix nanoseconds
//	uvarint  number of header keys
//	uvarint  number of header values, all keys together
//	uvarint  length of the header block
//	header block: per key: uvarint len, key, uvarint count, then per value
//	              uvarint len, value. A key with count 0 records a header
//	              the view deleted from the outer middleware's defaults.
//	body     the rest
const entryVersion = 1

var errBadEntry = errors.New("cachehttp: stored page is corrupt or from another version; it is ignored and will be replaced")

// appendEntry encodes a page onto dst.
func appendEntry(dst []byte, status int, expires int64, h http.Header, deleted []string, body []byte) []byte {
	nvals := 0
	blockLen := 0
	for k, vs := range h {
		nvals += len(vs)
		blockLen += uvarintLen(len(k)) + len(k) + uvarintLen(len(vs))
		for _, v := range vs {
			blockLen += uvarintLen(len(v)) + len(v)
		}
	}
	for _, k := range deleted {
		blockLen += uvarintLen(len(k)) + len(k) + 1
	}
	dst = append(dst, entryVersion)
	dst = binary.AppendUvarint(dst, uint64(status))
	dst = binary.AppendVarint(dst, expires)
	dst = binary.AppendUvarint(dst, uint64(len(h)+len(deleted)))
	dst = binary.AppendUvarint(dst, uint64(nvals))
	dst = binary.AppendUvarint(dst, uint64(blockLen))
	for k, vs := range h {
		dst = appendString(dst, k)
		dst = binary.AppendUvarint(dst, uint64(len(vs)))
		for _, v := range vs {
			dst = appendString(dst, v)
		}
	}
	for _, k := range deleted {
		dst = appendString(dst, k)
		dst = binary.AppendUvarint(dst, 0)
	}
	return append(dst, body...)
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func uvarintLen(n int) int {
	l := 1
	for n >= 0x80 {
		n >>= 7
		l++
	}
	return l
}

// entry is a decoded page. Its header block is still encoded: apply walks
// it straight into the response's header map.
type entry struct {
	status  int
	expires int64
	nkeys   int
	nvals   int
	block   string
	body    []byte
}

// decodeEntry parses data; body aliases data. Any inconsistency is
// errBadEntry, never a panic: the bytes come from a cache server that
// another program (or an older Jazz) may have written.
func decodeEntry(data []byte) (entry, error) {
	var e entry
	if len(data) == 0 || data[0] != entryVersion {
		return e, errBadEntry
	}
	p := data[1:]
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(p)
		if n <= 0 {
			return 0, false
		}
		p = p[n:]
		return v, true
	}
	status, ok1 := next()
	exp, n := binary.Varint(p)
	if !ok1 || n <= 0 || status < 100 || status > 999 {
		return e, errBadEntry
	}
	p = p[n:]
	nkeys, ok2 := next()
	nvals, ok3 := next()
	blockLen, ok4 := next()
	if !ok2 || !ok3 || !ok4 || blockLen > uint64(len(p)) || nkeys > blockLen || nvals > blockLen {
		return e, errBadEntry
	}
	e.status, e.expires = int(status), exp
	e.nkeys, e.nvals = int(nkeys), int(nvals)
	e.block = string(p[:blockLen])
	e.body = p[blockLen:]
	if !e.valid() {
		return entry{}, errBadEntry
	}
	return e, nil
}

// valid walks the header block once so that apply can trust it.
func (e *entry) valid() bool {
	s := e.block
	keys, vals := 0, 0
	for s != "" {
		var k string
		var ok bool
		if k, s, ok = readString(s); !ok || k == "" {
			return false
		}
		var cnt uint64
		if cnt, s, ok = readUvarint(s); !ok || cnt > uint64(len(s)) {
			return false
		}
		for range cnt {
			if _, s, ok = readString(s); !ok {
				return false
			}
		}
		keys++
		vals += int(cnt)
	}
	return keys == e.nkeys && vals == e.nvals
}

// apply copies the stored headers into h: each stored key replaces h's
// values, except Vary, which is merged; a deletion record removes the key.
// The value slices share one backing array, so a hit allocates little.
func (e *entry) apply(h http.Header) {
	backing := make([]string, e.nvals)
	s := e.block
	for s != "" {
		k, rest, _ := readString(s)
		cnt, rest, _ := readUvarint(rest)
		s = rest
		if cnt == 0 {
			delete(h, k)
			continue
		}
		vs := backing[:cnt:cnt]
		backing = backing[cnt:]
		for i := range vs {
			vs[i], s, _ = readString(s)
		}
		if k == "Vary" {
			if len(h["Vary"]) > 0 {
				PatchVary(h, vs...)
				continue
			}
		}
		h[k] = vs
	}
}

func readUvarint(s string) (uint64, string, bool) {
	var v uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return v | uint64(b)<<shift, s[i+1:], true
		}
		v |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, s, false
}

func readString(s string) (string, string, bool) {
	n, rest, ok := readUvarint(s)
	if !ok || n > uint64(len(rest)) {
		return "", s, false
	}
	return rest[:n], rest[n:], true
}
