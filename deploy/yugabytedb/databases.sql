-- Run once as the yugabyte superuser (ysqlsh -h yb-tservers.yugabytedb.svc -p 5433 -f ...):
-- one database and one owner per service; the services' Flyway migrations create the tables.
-- Passwords come from the Secrets the chart references (playback-royalty-db, ...): set them
-- with \password or ALTER ROLE after creating the Secrets, never in this file.
CREATE ROLE royalty LOGIN;
CREATE DATABASE royalty OWNER royalty;
CREATE ROLE admetrics LOGIN;
CREATE DATABASE admetrics OWNER admetrics;
CREATE ROLE registry LOGIN;
CREATE DATABASE registry OWNER registry;
