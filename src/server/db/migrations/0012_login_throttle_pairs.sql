-- Log-in throttling counts failures per (e-mail, address) and per address, no longer per e-mail
-- alone (one address's failures must not lock an account for everyone). `ip` holds the address
-- key: an IPv4 address, or the /64 network of an IPv6 address.
drop index if exists login_failures_email_idx;
create index login_failures_pair_idx on login_failures (email, ip, failed_at);
