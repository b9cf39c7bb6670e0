-- Run by the yugabytedb-init service of docker-compose.yml as the yugabyte superuser, on every
-- `docker compose up`: one database and one owner per report service, as in production
-- (the chart's pre-install database Job). Local passwords only; production takes them from Secrets.
SELECT 'CREATE ROLE royalty LOGIN PASSWORD ''royalty'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'royalty') \gexec
SELECT 'CREATE DATABASE royalty OWNER royalty'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'royalty') \gexec
SELECT 'CREATE ROLE admetrics LOGIN PASSWORD ''admetrics'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'admetrics') \gexec
SELECT 'CREATE DATABASE admetrics OWNER admetrics'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'admetrics') \gexec
