export const TEMPLATE_DATABASE = 'events_cms_template'

export const withDatabaseName = (url: string, database: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}
