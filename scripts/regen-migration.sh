#!/usr/bin/env bash
# Regenerates the newest migration (while it is still unreleased) after entity changes:
#   scripts/regen-migration.sh <Name>
# Removes <Name> from both providers and adds it again from the current model. Serialised with a
# lock so that several people (or agents) can run it. Only for a migration that is not yet released.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name=${1:?usage: scripts/regen-migration.sh <Name>}
exec 9>/tmp/signpost-migration.lock
flock 9
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project=src/Signpost.Migrations.$provider
  if ls "$project"/Migrations/*_"$name".cs >/dev/null 2>&1; then
    dotnet ef migrations remove --force --project "$project" --startup-project "$project" >/dev/null
  fi
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations >/dev/null
done
echo "migration $name regenerated for SQLite and PostgreSQL"
