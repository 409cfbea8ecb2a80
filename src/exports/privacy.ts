/** `payload-events-cms/privacy`: export and erasure of a person's data, and retention. */
export { eraseAccount, erasedEmail, type ErasureReport } from '../privacy/eraseAccount'
export { exportPersonalData } from '../privacy/exportPersonalData'
export { APPLY_RETENTION_TASK, applyRetention } from '../privacy/applyRetentionTask'
export { confirmPassword } from '../../collections/Users/personalDataEndpoints'
