import { addCheck, dropCheck, literal } from './sqlRules'

/**
 * Page, media and settings rules as PostgreSQL enforces them (see eventRulesSql.ts for why they are
 * hand-written). Every statement is idempotent.
 */
const HEX_COLOR = `'^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$'`

export const pageRulesUp = (): string => `
  ${addCheck('pages', 'pages_slug_format', `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)}
  ${addCheck('pages_blocks_gallery', 'pages_blocks_gallery_columns_range', 'columns BETWEEN 1 AND 6 AND columns = trunc(columns)')}
  ${addCheck('pages_blocks_event_list', 'pages_blocks_event_list_count_range', 'count BETWEEN 1 AND 50 AND count = trunc(count)')}
  -- The public site's lookup: one published, live page by slug.
  CREATE INDEX IF NOT EXISTS pages_public_slug_idx ON pages (slug)
    WHERE _status = 'published' AND archived IS NOT TRUE AND deleted_at IS NULL;
`

export const pageRulesDown = (): string => `
  DROP INDEX IF EXISTS pages_public_slug_idx;
  ${dropCheck('pages_blocks_event_list', 'pages_blocks_event_list_count_range')}
  ${dropCheck('pages_blocks_gallery', 'pages_blocks_gallery_columns_range')}
  ${dropCheck('pages', 'pages_slug_format')}
`

export const siteSettingsRulesUp = (): string => `
  ${addCheck('site_settings', 'site_settings_primary_color_hex', `appearance_primary_color ~ ${HEX_COLOR}`)}
  ${addCheck('site_settings', 'site_settings_secondary_color_hex', `appearance_secondary_color ~ ${HEX_COLOR}`)}
`

export const siteSettingsRulesDown = (): string => `
  ${dropCheck('site_settings', 'site_settings_primary_color_hex')}
  ${dropCheck('site_settings', 'site_settings_secondary_color_hex')}
`

/**
 * Foreign keys to media from live content (not version history, not Payload's own tables): the
 * hook refuses such a delete with a message naming the uses, and RESTRICT refuses it for any path
 * that skips the hook. `rule` is the ON DELETE action to put on them.
 */
export const mediaRules = (mediaTable: string, rule: 'RESTRICT' | 'SET NULL'): string => `
  DO $$
  DECLARE fk record;
  BEGIN
    FOR fk IN
      SELECT c.conname, src.relname AS tbl, a.attname AS col
      FROM pg_constraint c
      JOIN pg_class src ON src.oid = c.conrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = ${literal(`public.${mediaTable}`)}::regclass
        AND src.relname NOT LIKE '\\_%' AND src.relname NOT LIKE 'payload\\_%'
        AND src.relname <> ${literal(mediaTable)}
    LOOP
      EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', fk.tbl, fk.conname);
      EXECUTE format(
        'ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES public.%I(id) ON DELETE ${rule}',
        fk.tbl, fk.conname, fk.col, ${literal(mediaTable)});
    END LOOP;
  END $$;`
