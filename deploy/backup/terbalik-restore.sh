#!/bin/sh
# Restore a Terbalik dump into a fresh, empty PostgreSQL database and check the app on it.
#
#   createdb -h db.internal -U postgres -O terbalik terbalik_restored
#   deploy/backup/terbalik-restore.sh /var/backups/terbalik/terbalik-20270101T010000Z.dump \
#       postgres://terbalik@db.internal/terbalik_restored \
#       /var/backups/terbalik/terbalik-20270101T010000Z-media.tar.gz   # optional
#
# With the third argument (the backup's media archive) the uploaded files are unpacked into
# MEDIA_ROOT (default TERBALIK_DATA_DIR/media); it refuses a MEDIA_ROOT that is not empty.
# Refuses a database that already has tables. After pg_restore it runs, against the restored
# database and with the production environment (SECRET_KEY, ALLOWED_HOSTS, SITE_URL):
#   terbalik migrate --check   (exit 1 when the dump is older than the code: run migrate)
# TERBALIK can name another command, e.g. "/opt/terbalik/.venv/bin/terbalik".
# The restore drill (README) does this every quarter on a scratch database.
set -eu

dump=${1:?usage: terbalik-restore.sh DUMP TARGET_DATABASE_URL [MEDIA_ARCHIVE]}
target=${2:?usage: terbalik-restore.sh DUMP TARGET_DATABASE_URL [MEDIA_ARCHIVE]}
media=${3:-}
TERBALIK=${TERBALIK:-terbalik}
MEDIA_ROOT=${MEDIA_ROOT:-${TERBALIK_DATA_DIR:-/var/lib/terbalik}/media}

if [ -n "$media" ]; then
    tar -tzf "$media" >/dev/null
    if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
        echo "refusing: $MEDIA_ROOT is not empty; restore the files into an empty folder" >&2
        exit 2
    fi
fi

tables=$(psql --dbname="$target" --tuples-only --no-align --command \
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != "0" ]; then
    echo "refusing: the target database already has $tables tables; restore into a new one" >&2
    exit 2
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$target" "$dump"

# shellcheck disable=SC2086  # TERBALIK may be a command with arguments
DATABASE_URL="$target" $TERBALIK migrate --check
if [ -n "$media" ]; then
    mkdir -p "$MEDIA_ROOT"
    tar -xzf "$media" -C "$MEDIA_ROOT"
    echo "restored the uploaded files of $media into $MEDIA_ROOT"
fi
echo "restored $dump; every migration is applied"
