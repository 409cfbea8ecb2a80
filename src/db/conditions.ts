/**
 * The business conditions the database is asked about, each written once, in SQL, for a row of
 * its table under `alias` (none: the bare column, as in an index predicate), and the column sets
 * several places change together. Hooks, fast paths, jobs, privacy and the migrations' partial
 * indexes all use these, so "active" or "lapsed" can never mean two things.
 */
const column = (alias: string | undefined, name: string): string =>
  alias ? `${alias}.${name}` : name

/** A booking that holds seats: it counts in its event's `seats_booked`. */
export const activeBookingSql = (alias?: string): string =>
  `${column(alias, 'status')} IN ('pending', 'confirmed')`

/** A booking waiting for payment (its hold may have lapsed). */
export const pendingBookingSql = (alias?: string): string =>
  `${column(alias, 'status')} = 'pending'`

/**
 * A lapsed hold: a pending booking whose hold has run out. Its seats are bookable at once, so every
 * claim, read and the expiry job use this one condition.
 */
export const lapsedHoldSql = (alias?: string): string =>
  `${pendingBookingSql(alias)} AND ${column(alias, 'expires_at')} <= now()`

/** A pending hold that is still valid (the opposite, among pending ones). */
export const validHoldSql = (alias?: string): string =>
  `${pendingBookingSql(alias)} AND ${column(alias, 'expires_at')} > now()`

/** A booking that ended without being used (its contact details may go after a while). */
export const releasedBookingSql = (alias?: string): string =>
  `${column(alias, 'status')} IN ('cancelled', 'expired')`

/** An event the public sees (and may book, before it starts). */
export const publishedEventSql = (alias?: string): string =>
  `${column(alias, 'status')} = 'published'`

/** A check-in that let someone in and was not undone. */
export const admissionSql = (alias?: string): string =>
  `${column(alias, 'result')} = 'admitted' AND ${column(alias, 'undone_at')} IS NULL`

/** The booking's copy of who booked: personal data, erased with the account and by retention. */
export const CONTACT_SNAPSHOT_COLUMNS = [
  'contact_snapshot_name',
  'contact_snapshot_email',
  'contact_snapshot_phone',
] as const

/** SET list that forgets a booking's contact snapshot. */
export const forgetContactSnapshotSql = (): string =>
  CONTACT_SNAPSHOT_COLUMNS.map((name) => `${name} = NULL`).join(', ')

/** A booking that still holds any of its contact snapshot. */
export const holdsContactSnapshotSql = (alias?: string): string =>
  `(${CONTACT_SNAPSHOT_COLUMNS.map((name) => `${column(alias, name)} IS NOT NULL`).join(' OR ')})`

/** Appointment statuses that take a resource's time: the exclusion constraint's list. */
export const TIME_TAKING_STATUSES = ['pending', 'confirmed', 'completed', 'no_show'] as const

/**
 * An appointment (alias `a`) that takes its time now: a pending hold only until it lapses. Written
 * with the exclusion constraint's own predicate first, so its partial index serves the search.
 */
export const takesTimeSql = (a: string): string =>
  `(${a}.status IN (${TIME_TAKING_STATUSES.map((status) => `'${status}'`).join(', ')}) AND (${a}.status <> 'pending' OR ${a}.expires_at > now()))`
