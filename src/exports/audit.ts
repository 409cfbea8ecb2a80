/** `payload-events-cms/audit`: the audit log's writer, its hash chain check and its presentation. */
export { presentAuditChanges } from '../audit/personalParts'
export { type SqlClient, verifyAuditChain } from '../audit/verifyAuditChain'
export { type AuditAction, auditActions, writeAuditLog } from '../audit/writeAuditLog'
