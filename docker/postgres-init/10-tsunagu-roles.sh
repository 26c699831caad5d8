#!/bin/sh
# Run by the postgres image on its first start only (an empty data directory), as the superuser: the two database
# roles of README "Database roles" and the database, owned by the owner role. The app role gets its privileges
# from `migrate` (the `migrate` service in docker-compose.yml).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$TSUNAGU_OWNER_PASSWORD" -v app_password="$TSUNAGU_APP_PASSWORD" <<'SQL'
CREATE ROLE tsunagu_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE tsunagu_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE tsunagu OWNER tsunagu_owner;
SQL
