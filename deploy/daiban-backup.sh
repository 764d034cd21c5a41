#!/bin/sh
# The backup timer's job (deploy/daiban-backup.service, daily): one `daiban backup` file per run in
# DAIBAN_BACKUP_DIR, files older than DAIBAN_BACKUP_KEEP_DAYS days removed. It reads the server's own
# settings (the same EnvironmentFile): PostgreSQL when DAIBAN_DATABASE_URL is set, else the data
# folder. Copy the files off the machine as well. Restore: README.md, "Operate".
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${DAIBAN_BACKUP_DIR:-/var/lib/daiban/backups}"
keep="${DAIBAN_BACKUP_KEEP_DAYS:-14}"
case "$keep" in
  '' | *[!0-9]*) echo "DAIBAN_BACKUP_KEEP_DAYS=\"$keep\" is invalid: must be a number of days" >&2; exit 2 ;;
esac
mkdir -p "$dir"
out="$dir/daiban-$(date -u +%Y%m%dT%H%M%SZ).jsonl.gz"
if [ -n "${DAIBAN_DATABASE_URL:-}" ]; then
  node "$root/dist/daiban.js" backup --database-url "$DAIBAN_DATABASE_URL" --out "$out"
else
  node "$root/dist/daiban.js" backup --data "${DAIBAN_DATA_DIR:-/var/lib/daiban/data}" --out "$out"
fi
find "$dir" -maxdepth 1 -name 'daiban-*.jsonl.gz' -mtime +"$keep" -delete
