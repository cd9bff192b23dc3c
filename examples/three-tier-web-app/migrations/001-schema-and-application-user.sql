-- The reference app's schema and its application user. Run once per database,
-- as the master user, before the API stack's functions take traffic (see the
-- example's README, "Create the schema and the application user"). It can be
-- run again: every statement leaves an existing object as it is.
--
-- The functions connect as webapp_app through RDS Proxy with IAM
-- authentication end to end: webapp_app has no password, only rds_iam, and
-- may read and write the rows the handlers use, nothing else. The master user
-- (webapp) keeps the schema.

CREATE TABLE IF NOT EXISTS orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner text NOT NULL,
  item text NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS orders_by_owner ON orders (owner, created_at DESC);

CREATE TABLE IF NOT EXISTS user_profiles (
  owner text PRIMARY KEY,
  display_name text NOT NULL,
  email text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
  CREATE ROLE webapp_app LOGIN;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;
-- RDS and Aurora PostgreSQL sign in a member of rds_iam with an IAM token only.
GRANT rds_iam TO webapp_app;

-- Nothing on the schema beyond using it: no CREATE, so no new tables or functions.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO webapp_app;
-- Orders are placed and read, never changed or removed; profiles are upserted.
GRANT SELECT, INSERT ON orders TO webapp_app;
GRANT SELECT, INSERT, UPDATE ON user_profiles TO webapp_app;
