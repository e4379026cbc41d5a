import { MigrationInterface, QueryRunner } from 'typeorm';

/** The union org tree, incidents, their sites and the beneficiary registry. */
export class CreateOrgsIncidentsSitesBeneficiaries1764200000100 implements MigrationInterface {
  name = 'CreateOrgsIncidentsSitesBeneficiaries1764200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orgs (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        level       text NOT NULL
                    CHECK (level IN ('national','province','prefecture','county','township','enterprise')),
        parent_code text REFERENCES orgs (code),
        path        text[] NOT NULL CHECK (cardinality(path) >= 1 AND path[cardinality(path)] = code),
        created_by  text,
        created_at  timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (parent_code IS DISTINCT FROM code)
      )`);
    await q.query(`CREATE INDEX orgs_parent ON orgs (parent_code, code)`);

    await q.query(`
      CREATE TABLE incidents (
        id             uuid PRIMARY KEY,
        title          text NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('earthquake','flood','fire','landslide','other')),
        occurred_at    timestamptz NOT NULL,
        magnitude      double precision CHECK (magnitude BETWEEN 0 AND 10),
        epicenter_lat  double precision CHECK (epicenter_lat BETWEEN -90 AND 90),
        epicenter_lon  double precision CHECK (epicenter_lon BETWEEN -180 AND 180),
        area_codes     text[] NOT NULL CHECK (cardinality(area_codes) >= 1),
        response_level text NOT NULL CHECK (response_level IN ('I','II','III','IV')),
        lead_org_code  text NOT NULL REFERENCES orgs (code),
        status         text NOT NULL CHECK (status IN ('open','responding','recovery','closed')),
        created_by     text,
        created_at     timestamptz(3) NOT NULL DEFAULT now(),
        updated_at     timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((epicenter_lat IS NULL) = (epicenter_lon IS NULL))
      )`);
    await q.query(`CREATE INDEX incidents_scope ON incidents (lead_org_code, created_at, id)`);
    await q.query(`CREATE INDEX incidents_page ON incidents (created_at, id)`);

    await q.query(`
      CREATE TABLE sites (
        id          uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents (id),
        name        text NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('resettlement','work_unit','township','other')),
        area_code   text NOT NULL CHECK (area_code ~ '^[0-9]{6}$'),
        lat         double precision CHECK (lat BETWEEN -90 AND 90),
        lon         double precision CHECK (lon BETWEEN -180 AND 180),
        org_code    text NOT NULL REFERENCES orgs (code),
        created_by  text,
        created_at  timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((lat IS NULL) = (lon IS NULL)),
        -- Lets beneficiaries reference (site, incident) so a site of another incident cannot be used.
        UNIQUE (id, incident_id)
      )`);
    // "Maduo Zhalinghu" and "maduo zhalinghu" are the same site to the people on the ground.
    await q.query(
      `CREATE UNIQUE INDEX sites_name_per_incident ON sites (incident_id, lower(name))`,
    );
    await q.query(`CREATE INDEX sites_page ON sites (incident_id, created_at, id)`);

    await q.query(`
      CREATE TABLE beneficiaries (
        id               uuid PRIMARY KEY,
        incident_id      uuid NOT NULL REFERENCES incidents (id),
        site_id          uuid,
        org_code         text NOT NULL REFERENCES orgs (code),
        full_name        text NOT NULL,
        id_number_cipher text NOT NULL,
        id_number_key_id text NOT NULL,
        id_number_hash   text NOT NULL CHECK (id_number_hash ~ '^[0-9a-f]{64}$'),
        id_number_masked text NOT NULL CHECK (id_number_masked ~ '^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$'),
        category         text NOT NULL CHECK (category IN ('frontline_worker','affected_family')),
        tier             text NOT NULL CHECK (tier IN ('deep','relative','accident','none')),
        household_size   integer NOT NULL CHECK (household_size BETWEEN 1 AND 100),
        phone_cipher     text,
        phone_key_id     text,
        phone_masked     text,
        employer         text,
        consent          boolean NOT NULL CHECK (consent),
        created_by       text,
        created_at       timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((phone_cipher IS NULL) = (phone_key_id IS NULL) AND (phone_cipher IS NULL) = (phone_masked IS NULL)),
        FOREIGN KEY (site_id, incident_id) REFERENCES sites (id, incident_id)
      )`);
    // One person, one row, whichever incident: concurrent duplicates meet here, not in a prior SELECT.
    await q.query(
      `CREATE UNIQUE INDEX beneficiaries_id_number_hash ON beneficiaries (id_number_hash)`,
    );
    await q.query(`CREATE INDEX beneficiaries_page ON beneficiaries (created_at, id)`);
    await q.query(
      `CREATE INDEX beneficiaries_incident ON beneficiaries (incident_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX beneficiaries_site ON beneficiaries (site_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE beneficiaries`);
    await q.query(`DROP TABLE sites`);
    await q.query(`DROP TABLE incidents`);
    await q.query(`DROP TABLE orgs`);
  }
}
