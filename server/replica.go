package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/benbjohnson/litestream"
	_ "github.com/benbjohnson/litestream/file" // file:// replicas: a second disk
	_ "github.com/benbjohnson/litestream/s3"   // s3:// replicas: S3-compatible storage (MinIO, OSS's S3 API)

	"mingbai/server/store"
)

// Continuous replication with Litestream, as a library: the server ships
// every committed change of its database to a replica (a second disk, or
// S3-compatible storage) within about a second, so a dead disk costs that
// second of records rather than everything since the last backup. Only
// the database is replicated; media files (audio, PDFs) are kept by
// `mingbai backup`.

// replicaLevels are Litestream's compaction levels: every change (L0), a
// file per ten seconds, then per hour.
var replicaLevels = litestream.CompactionLevels{
	{Level: 0},
	{Level: 1, Interval: 10 * time.Second},
	{Level: 2, Interval: time.Hour},
}

// startReplica replicates the database at dbPath to replicaURL until the
// returned stop is called, which sends what is left first.
func startReplica(ctx context.Context, dbPath, replicaURL string, logger *slog.Logger) (stop func(), err error) {
	client, err := litestream.NewReplicaClientFromURL(replicaURL)
	if err != nil {
		return nil, fmt.Errorf("-replica %s: %w", replicaURL, err)
	}
	db := litestream.NewDB(dbPath)
	db.Logger = logger.With("part", "replica")
	db.Replica = litestream.NewReplicaWithClient(db, client)
	ls := litestream.NewStore([]*litestream.DB{db}, replicaLevels)
	if err := ls.Open(ctx); err != nil {
		return nil, fmt.Errorf("start replica %s: %w", replicaURL, err)
	}
	logger.Info("replicating the database", "to", replicaURL)
	return func() {
		if err := ls.Close(context.Background()); err != nil {
			logger.Error("stop replica", "err", err)
		}
	}, nil
}

// restoreReplica writes the latest database of replicaURL to the new file
// to, and checks it as a backup is checked.
func restoreReplica(ctx context.Context, replicaURL, to string) error {
	client, err := litestream.NewReplicaClientFromURL(replicaURL)
	if err != nil {
		return fmt.Errorf("-from-replica %s: %w", replicaURL, err)
	}
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = to
	if err := litestream.NewReplicaWithClient(nil, client).Restore(ctx, opt); err != nil {
		os.Remove(to)
		return fmt.Errorf("restore from replica %s: %w", replicaURL, err)
	}
	if err := store.Verify(ctx, to); err != nil {
		os.Remove(to)
		return fmt.Errorf("the replica cannot be restored: %w", err)
	}
	return nil
}
