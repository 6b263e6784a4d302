#!/bin/sh
# Terbalik's nightly PostgreSQL backup (README, "Backups and the restore drill").
#
#   DATABASE_URL=postgres://terbalik@db.internal/terbalik deploy/backup/terbalik-backup.sh
#
# Writes BACKUP_DIR/terbalik-<UTC time>.dump (pg_dump custom format: compressed, restorable
# table by table), checks that pg_restore can read it, and deletes dumps older than
# BACKUP_KEEP_DAYS. Prints the new file's path. Run it from cron or the systemd timer in
# deploy/systemd/ on a machine whose pg_dump is at least the server's major version; copy
# BACKUP_DIR off the machine (object storage, another site) — a backup on the database's own
# disk is not a backup.
#
# Uploaded files (participants' profile photos) live on disk in MEDIA_ROOT (default
# TERBALIK_DATA_DIR/media, as in settings). When that folder exists the script also writes
# BACKUP_DIR/terbalik-<UTC time>-media.tar.gz next to the dump (printed before the dump's
# path) and deletes archives older than BACKUP_KEEP_DAYS like the dumps.
set -eu

: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/terbalik}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
MEDIA_ROOT=${MEDIA_ROOT:-${TERBALIK_DATA_DIR:-/var/lib/terbalik}/media}

umask 077
mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/terbalik-$stamp.dump"

pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
    --file="$target.partial"
pg_restore --list "$target.partial" >/dev/null  # a dump that cannot be listed is no backup
mv "$target.partial" "$target"

if [ -d "$MEDIA_ROOT" ]; then
    media="$BACKUP_DIR/terbalik-$stamp-media.tar.gz"
    tar -czf "$media.partial" -C "$MEDIA_ROOT" .
    tar -tzf "$media.partial" >/dev/null  # an archive that cannot be listed is no backup
    mv "$media.partial" "$media"
    echo "$media"
fi

find "$BACKUP_DIR" -name 'terbalik-*.dump' -type f -mtime +"$BACKUP_KEEP_DAYS" -delete
find "$BACKUP_DIR" -name 'terbalik-*-media.tar.gz' -type f -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "$target"
