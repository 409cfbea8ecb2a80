import { type IdType, pgIdType } from '../utilities/ids'

export type PgIdType = ReturnType<typeof pgIdType>

/**
 * What the hand-written SQL needs to know about an app: the id type of every table and the table
 * names of the collections it may share with the app (`users`, `media`).
 */
export type RuleContext = {
  idType: IdType
  /** Payload's jobs table (`payload_jobs` unless the app renamed the jobs collection). */
  jobsTable?: string
  mediaTable: null | string
  usersTable: string
}

export const idSql = (context: Pick<RuleContext, 'idType'>): PgIdType => pgIdType(context.idType)
