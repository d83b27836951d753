package web

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// uploadSlack is what a multipart body carries besides the file: the
// boundaries, the CSRF token, the language.
const uploadSlack = 64 << 10

// parseUpload reads a multipart upload before the CSRF check looks for its
// token field. The body is capped just above the largest file allowed, so
// a bigger one is cut off early with 413; file parts over 1 MiB spill to
// temporary files instead of memory, and net/http removes them after the
// request.
func (s *server) parseUpload(next echo.HandlerFunc) echo.HandlerFunc {
	return parseUploadUpTo(mingbai.MaxUploadBytes)(next)
}

// parseUploadUpTo is parseUpload for files of at most limit bytes.
func parseUploadUpTo(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit+uploadSlack)
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					return mingbai.Errorf(mingbai.ETOOLARGE, "error.upload_too_large", "upload body: %v", err)
				}
				if mingbai.ErrorCode(err) == mingbai.ETIMEOUT { // the body stopped arriving
					return err
				}
				if errors.Is(err, syscall.ENOSPC) { // the temporary files of a large upload
					return mingbai.Errorf(mingbai.EFULL, "error.storage_full_upload", "upload body: %v", err)
				}
				return mingbai.Errorf(mingbai.EINVALID, "error.form_invalid", "upload form: %v", err)
			}
			return next(c)
		}
	}
}

// uploadMedia attaches an audio file, a PDF or an image to one language
// of a material. The type comes from the file's bytes, never from its name
// or declared type; the name is not used at all, so "../" in it can reach
// no path. Over its kind's cap: 413, not an allowed type: 415, and in both
// cases nothing is stored.
func (s *server) uploadMedia(c echo.Context) error {
	l, m, err := s.pathMaterial(c)
	if err != nil {
		return err
	}
	target, err := mingbai.ParseLang(c.FormValue("lang"))
	if err != nil || m.Translations[target] == nil {
		return mingbai.Errorf(mingbai.EINVALID, "error.attach_needs_text", "attach to %q of %s", c.FormValue("lang"), m.Slug)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return mingbai.Errorf(mingbai.EINVALID, "error.upload_missing", "no file: %v", err)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, mingbai.SniffBytes)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return err
	}
	typ, err := mingbai.SniffMedia(head[:n])
	if err != nil {
		return err
	}
	if err := mingbai.CheckMediaSize(typ, fh.Size); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sha, size, err := s.media.Put(f, mingbai.MaxMediaBytes[typ.Kind])
	if errors.Is(err, syscall.ENOSPC) {
		return mingbai.Errorf(mingbai.EFULL, "error.storage_full_upload", "store upload: %v", err)
	}
	if err != nil {
		return err
	}
	ctx := s.auditing(c, "media.attach", m.Slug, mingbai.Attachment{Lang: target, Media: mingbai.Media{Type: typ}}.String()+" "+sha[:12])
	if _, err := s.store.AttachMedia(ctx, currentUser(c).ID, m.ID, target, mingbai.Media{SHA256: sha, Type: typ, Size: size}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/office/materials/"+m.ID+"#media")
}

// detachMedia removes an attachment from a material; the file stays, as
// older versions and other materials may name it.
func (s *server) detachMedia(c echo.Context) error {
	l, m, err := s.pathMaterial(c)
	if err != nil {
		return err
	}
	var id int64
	if err := echo.PathParamsBinder(c).Int64("att", &id).BindError(); err != nil {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.attachment_not_found", "attachment %q", c.Param("att"))
	}
	if err := s.store.DetachMedia(s.auditing(c, "media.detach", m.Slug, c.Param("att")), currentUser(c).ID, m.ID, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/office/materials/"+m.ID+"#media")
}

// mediaFile serves a stored file by its hash name, with range requests
// (206) so a phone can seek in audio and resume a broken download. A file
// shown by a published material is public and immutable: its name is its
// content. Anything else is for the office only, and unknown to others.
func (s *server) mediaFile(c echo.Context) error {
	sha, ext, _ := strings.Cut(c.Param("file"), ".")
	if !mingbai.ValidSHA256(sha) {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.not_found", "media %q", c.Param("file"))
	}
	mf, err := s.store.MediaByHash(c.Request().Context(), sha)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if mf.Type.Ext != ext || (!mf.Public && (u == nil || u.Role != mingbai.Office)) {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.not_found", "media %s.%s", sha, ext)
	}
	f, err := s.media.Open(sha)
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	h.Set("Content-Type", mf.Type.MIME)
	h.Set("ETag", `"`+sha+`"`)
	if mf.Public {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "private, no-store")
	}
	http.ServeContent(c.Response(), c.Request(), "", mf.CreatedAt, f)
	return nil
}
