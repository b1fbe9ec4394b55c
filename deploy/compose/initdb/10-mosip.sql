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

-- database mosip_master
CREATE DATABASE "mosip_master";
\connect mosip_master
-- MOSIP's master data the documents are joined with (admin-services' DDL, the columns that matter here).
-- Every table holds one row per language: the language code is part of the primary key.
CREATE SCHEMA IF NOT EXISTS master;
CREATE TABLE IF NOT EXISTS master.location (
  code                 varchar(36)  NOT NULL,
  name                 varchar(128) NOT NULL,
  hierarchy_level      smallint     NOT NULL,
  hierarchy_level_name varchar(64)  NOT NULL,
  parent_loc_code      varchar(36),
  lang_code            varchar(3)   NOT NULL,
  is_active            boolean      NOT NULL,
  cr_by                varchar(256) NOT NULL,
  cr_dtimes            timestamp    NOT NULL,
  upd_by               varchar(256),
  upd_dtimes           timestamp,
  is_deleted           boolean      DEFAULT FALSE,
  del_dtimes           timestamp,
  CONSTRAINT pk_loc_code PRIMARY KEY (code, lang_code)
);
CREATE TABLE IF NOT EXISTS master.registration_center (
  id               varchar(10)  NOT NULL,
  name             varchar(128) NOT NULL,
  cntrtyp_code     varchar(36),
  addr_line1       varchar(256),
  addr_line2       varchar(256),
  addr_line3       varchar(256),
  latitude         varchar(32),
  longitude        varchar(32),
  location_code    varchar(36)  NOT NULL,
  contact_phone    varchar(16),
  contact_person   varchar(128),
  number_of_kiosks smallint,
  working_hours    varchar(32),
  time_zone        varchar(64),
  zone_code        varchar(36),
  lang_code        varchar(3)   NOT NULL,
  is_active        boolean      NOT NULL,
  cr_by            varchar(256) NOT NULL,
  cr_dtimes        timestamp    NOT NULL,
  upd_by           varchar(256),
  upd_dtimes       timestamp,
  is_deleted       boolean      DEFAULT FALSE,
  del_dtimes       timestamp,
  CONSTRAINT pk_regcntr_code PRIMARY KEY (id, lang_code)
);
CREATE TABLE IF NOT EXISTS master.doc_type (
  code       varchar(128) NOT NULL,
  name       varchar(64)  NOT NULL,
  descr      varchar(128),
  lang_code  varchar(3)   NOT NULL,
  is_active  boolean      NOT NULL,
  cr_by      varchar(256) NOT NULL,
  cr_dtimes  timestamp    NOT NULL,
  upd_by     varchar(256),
  upd_dtimes timestamp,
  is_deleted boolean      DEFAULT FALSE,
  del_dtimes timestamp,
  CONSTRAINT pk_doctyp_code PRIMARY KEY (code, lang_code)
);

GRANT CONNECT ON DATABASE "mosip_master" TO "profile_cdc";
GRANT USAGE ON SCHEMA "master" TO "profile_cdc";
GRANT SELECT ("id", "lang_code", "name", "cntrtyp_code", "location_code", "latitude", "longitude", "zone_code", "time_zone", "is_active", "cr_by", "cr_dtimes", "upd_by", "upd_dtimes", "is_deleted", "del_dtimes") ON "master"."registration_center" TO "profile_cdc";
GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO "profile_cdc";
CREATE PUBLICATION "profile_cdc_master_centres" FOR TABLE "master"."registration_center" ("id", "lang_code", "name", "cntrtyp_code", "location_code", "latitude", "longitude", "zone_code", "time_zone", "is_active", "cr_by", "cr_dtimes", "upd_by", "upd_dtimes", "is_deleted", "del_dtimes");
GRANT CONNECT ON DATABASE "mosip_master" TO "profile_cdc";
GRANT USAGE ON SCHEMA "master" TO "profile_cdc";
GRANT SELECT ("code", "lang_code", "name", "is_active", "cr_by", "cr_dtimes", "upd_by", "upd_dtimes", "is_deleted", "del_dtimes") ON "master"."doc_type" TO "profile_cdc";
GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO "profile_cdc";
CREATE PUBLICATION "profile_cdc_master_document_types" FOR TABLE "master"."doc_type" ("code", "lang_code", "name", "is_active", "cr_by", "cr_dtimes", "upd_by", "upd_dtimes", "is_deleted", "del_dtimes");
GRANT CONNECT ON DATABASE "mosip_master" TO "profile_cdc";
GRANT USAGE ON SCHEMA "master" TO "profile_cdc";
GRANT SELECT ("code", "lang_code", "name", "hierarchy_level", "hierarchy_level_name", "parent_loc_code", "is_active", "cr_by", "cr_dtimes", "upd_by", "upd_dtimes", "is_deleted", "del_dtimes") ON "master"."location" TO "profile_cdc";
GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO "profile_cdc";
CREATE PUBLICATION "profile_cdc_master_locations" FOR TABLE "master"."location" ("code", "lang_code", "name", "hierarchy_level", "hierarchy_level_name", "parent_loc_code", "is_active", "cr_by", "cr_dtimes", "upd_by", "upd_dtimes", "is_deleted", "del_dtimes");
