-- One database and one owner per report service, as in production.
CREATE USER royalty WITH PASSWORD 'royalty';
CREATE DATABASE royalty OWNER royalty;
CREATE USER admetrics WITH PASSWORD 'admetrics';
CREATE DATABASE admetrics OWNER admetrics;
