-- Runs once, when the postgres container starts on an empty data directory (docker-entrypoint-initdb.d):
-- the four MOSIP databases with their anonymous_profile tables exactly as fixture/schema.sql, and the
-- least-privilege role profile-cdc runs as, with what `profile-cdc setup --print-sql` asks a DBA for.
-- test/integration/deploy.test.ts checks both against their sources and runs this file on a scratch server.
\set ON_ERROR_STOP on

-- The role's password is the file the pipeline reads too (a compose secret).
\getenv password_file PROFILE_CDC_PG_PASSWORD_FILE
\set password `cat :'password_file'`
CREATE ROLE "profile_cdc" WITH LOGIN REPLICATION PASSWORD :'password';

-- database mosip_prereg
CREATE DATABASE "mosip_prereg";
\connect mosip_prereg
CREATE SCHEMA IF NOT EXISTS prereg;
CREATE TABLE IF NOT EXISTS prereg.anonymous_profile (
  id          varchar(36)  NOT NULL PRIMARY KEY,
  profile     varchar      NOT NULL,
  cr_by       varchar(256) NOT NULL,
  cr_dtimes   timestamp    NOT NULL,
  upd_by      varchar(256),
  upd_dtimes  timestamp,
  is_deleted  boolean,
  del_dtimes  timestamp
);

GRANT CONNECT ON DATABASE "mosip_prereg" TO "profile_cdc";
GRANT USAGE ON SCHEMA "prereg" TO "profile_cdc";
GRANT SELECT ON "prereg"."anonymous_profile" TO "profile_cdc";
GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO "profile_cdc";
CREATE PUBLICATION "profile_cdc_prereg" FOR TABLE "prereg"."anonymous_profile";

-- database mosip_regprc
CREATE DATABASE "mosip_regprc";
\connect mosip_regprc
CREATE SCHEMA IF NOT EXISTS regprc;
CREATE TABLE IF NOT EXISTS regprc.anonymous_profile (
  id            varchar(39)  NOT NULL PRIMARY KEY,
  process_stage varchar(36)  NOT NULL,
  profile       varchar      NOT NULL,
  cr_by         varchar(256) NOT NULL,
  cr_dtimes     timestamp    NOT NULL,
  upd_by        varchar(256),
  upd_dtimes    timestamp,
  is_deleted    boolean DEFAULT false,
  del_dtimes    timestamp
);

GRANT CONNECT ON DATABASE "mosip_regprc" TO "profile_cdc";
GRANT USAGE ON SCHEMA "regprc" TO "profile_cdc";
GRANT SELECT ON "regprc"."anonymous_profile" TO "profile_cdc";
GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO "profile_cdc";
CREATE PUBLICATION "profile_cdc_regprc" FOR TABLE "regprc"."anonymous_profile";

-- database mosip_idrepo
CREATE DATABASE "mosip_idrepo";
\connect mosip_idrepo
CREATE SCHEMA IF NOT EXISTS idrepo;
CREATE TABLE IF NOT EXISTS idrepo.anonymous_profile (
  id          varchar(36)  NOT NULL PRIMARY KEY,
  profile     varchar      NOT NULL,
  cr_by       varchar(256) NOT NULL,
  cr_dtimes   timestamp    NOT NULL,
  upd_by      varchar(256),
  upd_dtimes  timestamp,
  is_deleted  boolean DEFAULT false,
  del_dtimes  timestamp
);

GRANT CONNECT ON DATABASE "mosip_idrepo" TO "profile_cdc";
GRANT USAGE ON SCHEMA "idrepo" TO "profile_cdc";
GRANT SELECT ON "idrepo"."anonymous_profile" TO "profile_cdc";
GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO "profile_cdc";
CREATE PUBLICATION "profile_cdc_idrepo" FOR TABLE "idrepo"."anonymous_profile";

-- database mosip_ida
CREATE DATABASE "mosip_ida";
\connect mosip_ida
CREATE SCHEMA IF NOT EXISTS ida;
CREATE TABLE IF NOT EXISTS ida.anonymous_profile (
  id          varchar(36)  NOT NULL PRIMARY KEY,
  profile     varchar      NOT NULL,
  cr_by       varchar(256) NOT NULL,
  cr_dtimes   timestamp    NOT NULL,
  upd_by      varchar(256),
  upd_dtimes  timestamp,
  is_deleted  boolean DEFAULT false,
  del_dtimes  timestamp
);

GRANT CONNECT ON DATABASE "mosip_ida" TO "profile_cdc";
GRANT USAGE ON SCHEMA "ida" TO "profile_cdc";
GRANT SELECT ON "ida"."anonymous_profile" TO "profile_cdc";
GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO "profile_cdc";
CREATE PUBLICATION "profile_cdc_ida" FOR TABLE "ida"."anonymous_profile";
