-- The addresses an API token may be used from: comma-separated networks in
-- CIDR form, such as "203.0.113.0/24, 2001:db8::/32"; empty for anywhere.
-- A leaked token is then of no use outside the integrator's own network.
ALTER TABLE api_tokens ADD COLUMN allowed_networks TEXT NOT NULL DEFAULT '';
