package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"mingbai/server/mingbai"
)

// AttachMedia attaches a stored file to one language of a material, as a
// new version of it by actorID. An audio file or PDF replaces the
// language's previous one; images add up. It returns ENOTFOUND for an
// unknown material and EINVALID when the material has no text in that
// language yet (a recording of nothing has no place on the page).
func (s *Store) AttachMedia(ctx context.Context, actorID, materialID string, l mingbai.Lang, md mingbai.Media) (mingbai.Attachment, error) {
	var att mingbai.Attachment
	err := s.changeMaterial(ctx, actorID, materialID, func(tx *sql.Tx, m *mingbai.Material) ([]string, error) {
		if m.Translations[l] == nil {
			return nil, mingbai.Errorf(mingbai.EINVALID, "error.attach_needs_text", "%s has no %s text", m.Slug, l)
		}
		now := formatTime(s.clock.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO media (sha256, ext, size, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (sha256) DO NOTHING`, md.SHA256, md.Type.Ext, md.Size, now); err != nil {
			return nil, fmt.Errorf("record media: %w", err)
		}
		kind := string(md.Type.Kind)
		if md.Type.Kind != mingbai.Image {
			if _, err := tx.ExecContext(ctx, `DELETE FROM attachments WHERE material_id = ? AND lang = ? AND kind = ?`,
				materialID, string(l), kind); err != nil {
				return nil, fmt.Errorf("replace %s: %w", kind, err)
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO attachments (material_id, lang, kind, sha256, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, materialID, string(l), kind, md.SHA256, now).Scan(&att.ID)
		if err != nil {
			return nil, fmt.Errorf("attach: %w", err)
		}
		att.Lang, att.Media = l, md
		return []string{string(l) + "." + kind}, nil
	})
	return att, err
}

// DetachMedia removes an attachment from a material, as a new version. The
// file stays stored: history and other materials may name it. It returns
// ENOTFOUND when the material has no such attachment.
func (s *Store) DetachMedia(ctx context.Context, actorID, materialID string, attachmentID int64) error {
	return s.changeMaterial(ctx, actorID, materialID, func(tx *sql.Tx, m *mingbai.Material) ([]string, error) {
		var lang, kind string
		err := tx.QueryRowContext(ctx, `DELETE FROM attachments WHERE id = ? AND material_id = ? RETURNING lang, kind`,
			attachmentID, materialID).Scan(&lang, &kind)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.attachment_not_found", "attachment %d of %s", attachmentID, materialID)
		}
		if err != nil {
			return nil, fmt.Errorf("detach: %w", err)
		}
		return []string{lang + "." + kind + "_removed"}, nil
	})
}

// MediaFile is a stored file and who may fetch it.
type MediaFile struct {
	mingbai.Media
	// Public is true when a published material shows the file; anything
	// else is for the office's eyes until it is published.
	Public bool
}

// MediaByHash returns a stored file's metadata, or ENOTFOUND.
func (s *Store) MediaByHash(ctx context.Context, sha string) (MediaFile, error) {
	var f MediaFile
	var ext, created string
	err := s.r.QueryRowContext(ctx, `SELECT sha256, ext, size, created_at, EXISTS (
			SELECT 1 FROM attachments a JOIN materials m ON m.id = a.material_id
			WHERE a.sha256 = media.sha256 AND m.status = 'published')
		FROM media WHERE sha256 = ?`, sha).Scan(&f.SHA256, &ext, &f.Size, &created, &f.Public)
	if errors.Is(err, sql.ErrNoRows) {
		return f, mingbai.Errorf(mingbai.ENOTFOUND, "error.not_found", "media %s", sha)
	}
	if err != nil {
		return f, fmt.Errorf("media %s: %w", sha, err)
	}
	t, ok := mingbai.MediaTypeByExt(ext)
	if !ok {
		return f, fmt.Errorf("media %s: stored type %q is not allowed", sha, ext)
	}
	f.Type = t
	f.CreatedAt, err = parseTime(created)
	return f, err
}

// fillAttachments loads the media of the materials byID (ids as query
// arguments) onto their translations, oldest attachment first.
func fillAttachments(ctx context.Context, q querier, byID map[string]*mingbai.Material, ids []any) error {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.material_id, a.lang, m.sha256, m.ext, m.size, m.created_at
		FROM attachments a JOIN media m ON m.sha256 = a.sha256
		WHERE a.material_id IN `+placeholders(len(ids))+` ORDER BY a.id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a mingbai.Attachment
		var materialID, lang, ext, created string
		if err := rows.Scan(&a.ID, &materialID, &lang, &a.Media.SHA256, &ext, &a.Media.Size, &created); err != nil {
			return err
		}
		a.Lang = mingbai.Lang(lang)
		a.Media.Type, _ = mingbai.MediaTypeByExt(ext)
		if a.Media.CreatedAt, err = parseTime(created); err != nil {
			return err
		}
		if t := byID[materialID].Translations[a.Lang]; t != nil {
			t.Media = append(t.Media, a)
		}
	}
	return rows.Err()
}
