#!/bin/sh
# docker-compose.yml's primary: lets the standby container clone and stream from it (pg_basebackup -R).
# The image's pg_hba.conf admits replication connections from localhost only.
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
