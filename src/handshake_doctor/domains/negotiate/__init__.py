"""TLS negotiated inside another protocol: PostgreSQL, MySQL/MariaDB, SMTP/submission, IMAP, POP3,
FTP, LDAP (STARTTLS and their implicit-TLS ports), Redis, MQTT; and ``probe host:port``."""
