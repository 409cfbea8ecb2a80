import { sql } from '@payloadcms/db-postgres'

/**
 * Page, media and settings rules as PostgreSQL enforces them (see eventRulesSql.ts for why they are
 * hand-written). Applied by `migrations/*_pages_settings_forms.ts`; an app using the plugin runs
 * `pageRulesUp` / `pageRulesDown` from its own migration.
 */
const SLUG_FORMAT = `'^[a-z0-9]+(-[a-z0-9]+)*$'`
const HEX_COLOR = `'^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$'`

/**
 * Foreign keys to media from live content (not version history, not Payload's own tables): the
 * hook refuses such a delete with a message naming the uses, and RESTRICT refuses it for any path
 * that skips the hook. `rule` is the ON DELETE action to put on them.
 */
const mediaForeignKeys = (rule: 'RESTRICT' | 'SET NULL') => `
  DO $$
  DECLARE fk record;
  BEGIN
    FOR fk IN
      SELECT c.conname, src.relname AS tbl, a.attname AS col
      FROM pg_constraint c
      JOIN pg_class src ON src.oid = c.conrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = 'public.media'::regclass
        AND src.relname NOT LIKE '\\_%' AND src.relname NOT LIKE 'payload\\_%'
    LOOP
      EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', fk.tbl, fk.conname);
      EXECUTE format(
        'ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES public.media(id) ON DELETE ${rule}',
        fk.tbl, fk.conname, fk.col);
    END LOOP;
  END $$;`

export const pageRulesUp = sql.raw(`
  ALTER TABLE pages ADD CONSTRAINT pages_slug_format CHECK (slug ~ ${SLUG_FORMAT});
  ALTER TABLE pages_blocks_gallery
    ADD CONSTRAINT pages_blocks_gallery_columns_range CHECK (columns BETWEEN 1 AND 6 AND columns = trunc(columns));
  ALTER TABLE pages_blocks_event_list
    ADD CONSTRAINT pages_blocks_event_list_count_range CHECK (count BETWEEN 1 AND 50 AND count = trunc(count));
  ALTER TABLE site_settings
    ADD CONSTRAINT site_settings_primary_color_hex CHECK (appearance_primary_color ~ ${HEX_COLOR}),
    ADD CONSTRAINT site_settings_secondary_color_hex CHECK (appearance_secondary_color ~ ${HEX_COLOR});

  -- The public site's lookup: one published, live page by slug.
  CREATE INDEX pages_public_slug_idx ON pages (slug)
    WHERE _status = 'published' AND archived IS NOT TRUE AND deleted_at IS NULL;
  ${mediaForeignKeys('RESTRICT')}
`)

export const pageRulesDown = sql.raw(`
  ${mediaForeignKeys('SET NULL')}
  DROP INDEX IF EXISTS pages_public_slug_idx;
  ALTER TABLE site_settings
    DROP CONSTRAINT IF EXISTS site_settings_primary_color_hex,
    DROP CONSTRAINT IF EXISTS site_settings_secondary_color_hex;
  ALTER TABLE pages_blocks_event_list DROP CONSTRAINT IF EXISTS pages_blocks_event_list_count_range;
  ALTER TABLE pages_blocks_gallery DROP CONSTRAINT IF EXISTS pages_blocks_gallery_columns_range;
  ALTER TABLE pages DROP CONSTRAINT IF EXISTS pages_slug_format;
`)
