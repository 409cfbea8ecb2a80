/**
 * `payload-events-cms/migrations`: the plugin's database rules (CHECK constraints, RESTRICT keys,
 * partial and full-text indexes, the audit log's functions and triggers) for your migrations.
 *
 * @example
 * import { up as eventsCmsUp, down as eventsCmsDown } from 'payload-events-cms/migrations'
 * export async function up(args: MigrateUpArgs) { ...generated; await eventsCmsUp(args) }
 * export async function down(args: MigrateDownArgs) { await eventsCmsDown(args); ...generated }
 */
export { down, up } from '../db/migrationHelpers'
export { appointmentRulesDown, appointmentRulesUp } from '../db/appointmentRulesSql'
export { mailRulesDown, mailRulesUp } from '../db/mailRulesSql'
export {
  waitingListGuestRulesDown,
  waitingListGuestRulesUp,
  waitingListRulesDown,
  waitingListRulesUp,
} from '../db/waitingListRulesSql'
export { paymentRulesDown, paymentRulesUp } from '../db/paymentRulesSql'
export { auditLogDown, auditLogUp } from '../db/auditLogSql'
export { auditPartitionsDown, auditPartitionsUp } from '../db/auditPartitionsSql'
export {
  bookingRulesDown,
  bookingRulesUp,
  cancellationRulesDown,
  cancellationRulesUp,
  counterRulesDown,
  counterRulesUp,
  searchRulesDown,
  searchRulesUp,
} from '../db/eventRulesSql'
export {
  mediaRules,
  pageRulesDown,
  pageRulesUp,
  siteSettingsRulesDown,
  siteSettingsRulesUp,
} from '../db/pageRulesSql'
export type { RuleContext } from '../db/ruleContext'
export { carryBookingsOver } from '../db/carryBookingsOver'
export { ticketRulesDown, ticketRulesUp } from '../db/ticketRulesSql'
export { forgettableAuditDown, forgettableAuditUp, resealAuditChain } from '../db/auditErasureSql'
