/** `payload-events-cms/access`: the events plugin's access rules, for the app's own collections. */
export { adminsOnly, adminsOnlyField } from '../access/adminsOnly'
export { adminsOrSelf } from '../access/adminsOrSelf'
export { anyone } from '../access/anyone'
export { authenticated } from '../access/authenticated'
export { or } from '../access/or'
export { canEditPages, pageEditors, publicPagesWhere, readPages } from '../access/pageAccess'
export { hasRole, isPluginUser, type Role, roles } from '../access/roles'
export { staff } from '../access/staff'
