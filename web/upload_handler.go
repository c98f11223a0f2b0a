package web

import "context"

// UploadHandler watches uploaded files as [ParseMultipart] streams them, one
// chunk (up to 64 KiB) at a time: to report progress, enforce a quota, hash
// or scan the content. The parser still decides where the bytes go (memory
// or a temp file); a handler only sees them.
//
// ReceiveChunk is called for each chunk of each file, in order, before the
// chunk is stored; f.Size already counts it. The chunk is only valid during
// the call and must not be modified. Returning [ErrSkipFile] drops the file
// (the rest of its part is discarded); any other error stops the parse and
// is returned by ParseMultipart, wrapped: give it a status with an
// *[HTTPError] (for example 413 for a quota), or it becomes a 500.
//
// A handler may also implement [UploadFileStarter], [UploadFileFinisher] and
// [UploadFinisher]. One handler value serves every request of the site, so
// it must be safe for concurrent use; keep per-request state in a map keyed
// by the *UploadedFile or in the request context.
type UploadHandler interface {
	ReceiveChunk(ctx context.Context, f *UploadedFile, chunk []byte) error
}

// UploadFileStarter is an optional [UploadHandler] hook, called when a file
// part begins: f has its Field, Name, RawName, ContentType and Header, and
// Size 0. Returning [ErrSkipFile] drops the file.
type UploadFileStarter interface {
	StartFile(ctx context.Context, f *UploadedFile) error
}

// UploadFileFinisher is an optional [UploadHandler] hook, called when a file
// has been received completely and stored: f.Size is final and f.Open
// works. Returning [ErrSkipFile] drops the file.
type UploadFileFinisher interface {
	FinishFile(ctx context.Context, f *UploadedFile) error
}

// UploadFinisher is an optional [UploadHandler] hook, called once the whole
// body has been read, before ParseMultipart returns m.
type UploadFinisher interface {
	FinishUpload(ctx context.Context, m *Multipart) error
}

// UploadHandlerFunc adapts a function to [UploadHandler], for the common
// case of a progress callback.
type UploadHandlerFunc func(ctx context.Context, f *UploadedFile, chunk []byte) error

// ReceiveChunk calls fn.
func (fn UploadHandlerFunc) ReceiveChunk(ctx context.Context, f *UploadedFile, chunk []byte) error {
	return fn(ctx, f, chunk)
}

var _ UploadHandler = UploadHandlerFunc(nil)
